// Runs the sandbox CLI in its own process, as it runs beside n8n or Node-RED, so that the
// benchmarked client does not share its event loop with the server.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const CLI = join(__dirname, '..', 'packages', 'huma-sandbox', 'bin', 'huma-sandbox.js');

function startSandboxProcess(args = [], options = {}) {
	const child = spawn(options.node ?? process.execPath, [CLI, '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let out = '';
		child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${out}`)));
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const url = /listening on (\S+)/.exec(out)?.[1];
			const key = /client ID (\S+), client secret (\S+)/.exec(out);
			if (url && key) {
				child.removeAllListeners('exit');
				resolve({
					url,
					credentials: { clientId: key[1], clientSecret: key[2] },
					admin: async (method, path, body) => {
						const res = await fetch(`${url}/__sandbox${path}`, {
							method,
							body: body === undefined ? undefined : JSON.stringify(body),
						});
						return res.json();
					},
					close: () =>
						new Promise((done) => {
							child.once('exit', () => done());
							child.kill('SIGTERM');
						}),
				});
			}
		});
	});
}

module.exports = { startSandboxProcess };
