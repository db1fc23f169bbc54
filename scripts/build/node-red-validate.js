// `node scripts/build/node-red-validate.js [package.tgz]`: the Node-RED Flow Library's scorecard
// (`node-red-dev validate`, the pinned devDependency) on the packed Node-RED package, as the flow
// library runs it on a release. Without a tarball it packs the built package first.
//
// The validator fetches three things from the network, which this machine cannot reach (the
// flow library's catalogue) or which change from day to day (the registry): each is answered
// offline by a server on loopback, so every run gives the same answer.
//   - https://catalogue.nodered.org/catalogue.json (P08 similar names, N01 duplicate node types):
//     a small stand-in catalogue (CATALOGUE below); the preload node-red-validate-offline.js
//     points node-red-dev's axios at the server.
//   - https://registry.npmjs.org/node-red (P06 supported Node-RED versions, P07 its Node.js):
//     NODE_RED below, as the registry answered on 2026-12-06.
//   - the registry's documents of the package's dependencies (D02 dependency tree, D03 out of
//     date, through npm_registry): made from the package.json files installed here, so
//     "latest" is the version in this repository.
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const root = join(__dirname, '..', '..');
const PACKAGE_DIR = join(root, 'packages', 'node-red-contrib-huma');

const CATALOGUE = {
	name: 'Offline stand-in for the Node-RED Community catalogue',
	updated_at: '2026-12-06T00:00:00.000Z',
	modules: [
		{ id: 'node-red', types: ['inject', 'debug', 'function', 'change', 'switch', 'join'] },
		{ id: 'node-red-node-email', types: ['e-mail', 'e-mail in', 'e-mail mta'] },
	],
};

const NODE_RED = {
	name: 'node-red',
	'dist-tags': { latest: '5.0.7' },
	versions: { '5.0.7': { name: 'node-red', version: '5.0.7', engines: { node: '>=22.9' } } },
	time: { created: '2013-09-05T12:00:00.000Z' },
};

/** The registry's document for a package installed here (from the Node-RED package's folder). */
function packument(name) {
	if (name === 'node-red') return NODE_RED;
	// Looked up as Node looks up a module, by folder: a package's exports may hide its package.json.
	const found = module.paths
		.map((dir) => join(dir, name, 'package.json'))
		.find((file) => existsSync(file));
	if (!found) return undefined;
	const manifest = JSON.parse(readFileSync(found, 'utf8'));
	const { version, dependencies = {}, optionalDependencies = {} } = manifest;
	return {
		name,
		'dist-tags': { latest: version },
		versions: { [version]: { name, version, dependencies, optionalDependencies } },
		time: { created: '2026-01-01T00:00:00.000Z' },
	};
}

function startServer() {
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\//, '');
		const body = path === 'catalogue.json' ? CATALOGUE : packument(path);
		res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body ?? { error: 'Not found' }));
	});
	return new Promise((ok) =>
		server.listen(0, '127.0.0.1', () =>
			ok({ server, origin: `http://127.0.0.1:${server.address().port}` }),
		),
	);
}

/**
 * Runs `node-red-dev validate` on an unpacked package.
 * @returns {{ output: string, problems: string[] }} everything it printed, and its warnings and
 *   the nodes it could not parse
 */
async function validateDir(dir) {
	const { server, origin } = await startServer();
	try {
		const bin = join(
			dirname(require.resolve('node-red-dev/package.json', { paths: [PACKAGE_DIR] })),
			'bin',
			'run',
		);
		const child = spawn(
			process.execPath,
			['-r', join(__dirname, 'node-red-validate-offline.js'), bin, 'validate', '-p', dir],
			{
				// rc('npm'), which npm-remote-ls and npm-check read the registry from, takes npm_registry.
				env: { ...process.env, npm_registry: `${origin}/`, HUMA_VALIDATE_ORIGIN: origin },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const code = await new Promise((ok) => child.on('close', ok));
		const problems = output
			.split('\n')
			.filter(
				(line) =>
					/Warning|Unable to parse|Error|could not load/i.test(line) || /^\s*[PND]\d\d /.test(line),
			);
		if (code !== 0) problems.push(`node-red-dev exited with ${code}`);
		return { output, problems };
	} finally {
		server.close();
	}
}

/** Unpacks a tarball into a temporary folder and validates it there. */
async function validateTarball(tarball) {
	const dir = mkdtempSync(join(tmpdir(), 'huma-validate-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', dir]);
		return await validateDir(join(dir, 'package'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	(async () => {
		let tarball = process.argv[2] && resolve(process.argv[2]);
		let dest;
		if (!tarball) {
			dest = mkdtempSync(join(tmpdir(), 'huma-pack-'));
			tarball = require('../release/pack').pack('@huma-integrations/node-red-huma', dest);
		}
		const { output, problems } = await validateTarball(tarball);
		if (dest) rmSync(dest, { recursive: true, force: true });
		process.stdout.write(output);
		if (problems.length) {
			console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
			process.exit(1);
		}
	})();
}

module.exports = { validateTarball, validateDir, CATALOGUE };
