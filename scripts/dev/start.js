// `npm start`: the Huma sandbox and Node-RED on 127.0.0.1, with the Huma nodes installed, a
// config node pointing at the sandbox and the example flows deployed. The Node-RED user folder
// is kept between starts: the examples are deployed only where missing.
// Options (flag or environment): --sandbox-port / HUMA_SANDBOX_PORT (4010),
// --node-red-port / NODE_RED_PORT (1880), --user-dir / HUMA_NODE_RED_USER_DIR (.cache/node-red-demo),
// --export-dir / HUMA_EXPORT_DIR (<user dir>/exports, where the CSV example writes).
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { run } = require('../lib/run');

const root = join(__dirname, '..', '..');
const pkg = join(root, 'packages', 'node-red-contrib-huma');
const built = [
	join(pkg, 'nodes', 'huma-user.js'),
	join(root, 'packages', 'huma-sandbox', 'dist', 'index.js'),
];
if (!built.every((f) => existsSync(f))) run('npm', ['run', 'build'], { cwd: root });

const { runDemo, option, portOption } = require('./demo');
const { startNodeRedDemo } = require('./node-red-demo');

runDemo(async () => {
	const argv = process.argv.slice(2);
	const sandboxPort = portOption(argv, '--sandbox-port', 'HUMA_SANDBOX_PORT', 4010);
	const nodeRedPort = portOption(argv, '--node-red-port', 'NODE_RED_PORT', 1880);
	const userDir = resolve(
		option(argv, '--user-dir', 'HUMA_NODE_RED_USER_DIR', join(root, '.cache', 'node-red-demo')),
	);
	const exportDir = resolve(
		option(argv, '--export-dir', 'HUMA_EXPORT_DIR', join(userDir, 'exports')),
	);
	const { red, sandbox } = await startNodeRedDemo({ sandboxPort, nodeRedPort, userDir, exportDir });
	return {
		banner: [
			`  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
			`                 client ID ${sandbox.credentials.clientId}`,
			`                 client secret ${sandbox.credentials.clientSecret}`,
			`  Node-RED:      ${red.url}  <- open the editor; the example flows use the "Huma sandbox" connection`,
			`  Your flows:    ${userDir} (kept between starts)`,
			`  CSV export:    ${exportDir}`,
		].join('\n'),
		stops: [() => red.stop(), () => sandbox.close()],
	};
});
