// Starts a real Node-RED headless on 127.0.0.1 with its own user folder, and deploys flows
// through the Admin API. Used by `npm start` and the end-to-end tests.
const { spawn } = require('node:child_process');
const { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const PACKAGE_DIR = join(__dirname, '..', '..', 'packages', 'node-red-contrib-huma');
const PACKAGE_NAME = require(join(PACKAGE_DIR, 'package.json')).name;

/**
 * Installs the built Node-RED package into a user folder as a link to this repository (its
 * dependencies, the core among them, resolve from here), with a package.json naming it, as
 * Node-RED's palette manager leaves one. Kept if already there.
 */
function linkPackage(userDir, manifestName = 'node-red-huma-dev') {
	const link = join(userDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(join(link, '..'), { recursive: true });
	let present = true;
	try {
		lstatSync(link);
	} catch {
		present = false;
	}
	if (!present) symlinkSync(PACKAGE_DIR, link, 'dir');
	// A user folder kept from before the package was renamed links it under its old name too.
	rmSync(join(userDir, 'node_modules', 'node-red-contrib-huma'), { force: true });
	const manifest = join(userDir, 'package.json');
	if (!existsSync(manifest))
		writeFileSync(
			manifest,
			JSON.stringify(
				{ name: manifestName, private: true, dependencies: { [PACKAGE_NAME]: '*' } },
				null,
				2,
			),
		);
}

async function waitFor(url, timeoutMs, isAlive) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not up yet
		}
		if (!isAlive()) throw new Error('Node-RED exited before its Admin API answered');
		if (Date.now() > deadline)
			throw new Error(`Node-RED did not answer ${url} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * @param {object} o
 * @param {string} o.redJs path of node-red/red.js
 * @param {string} o.userDir
 * @param {number} o.port
 * @param {string} [o.node] Node.js binary
 * @param {boolean} [o.quiet]
 * @param {string} [o.fileWorkingDirectory] where file nodes' relative paths point
 * @param {object} [o.contextStorage] Node-RED's contextStorage setting (e.g. a persistent store)
 * @param {string} [o.functionGlobalContext] Node-RED's functionGlobalContext setting, as JavaScript
 *   source evaluated in settings.js (so it can hand function nodes values JSON cannot carry, e.g.
 *   `{ fetch: globalThis.fetch }`)
 */
async function startNodeRed(o) {
	mkdirSync(o.userDir, { recursive: true });
	const settings = join(o.userDir, 'settings.js');
	writeFileSync(
		settings,
		`module.exports = ${JSON.stringify(
			{
				uiHost: '127.0.0.1',
				uiPort: o.port,
				userDir: o.userDir,
				flowFile: 'flows.json',
				// Where file nodes' relative paths point (the CSV example's export), not Node-RED's cwd.
				...(o.fileWorkingDirectory ? { fileWorkingDirectory: o.fileWorkingDirectory } : {}),
				credentialSecret: o.credentialSecret ?? 'huma-integrations-local-only',
				logging: { console: { level: o.quiet ? 'warn' : 'info' } },
				editorTheme: { tours: false },
				telemetry: { enabled: false },
				...(o.contextStorage ? { contextStorage: o.contextStorage } : {}),
			},
			null,
			2,
		)};\n${o.functionGlobalContext ? `module.exports.functionGlobalContext = ${o.functionGlobalContext};\n` : ''}`,
	);
	const child = spawn(o.node ?? process.execPath, [o.redJs, '--settings', settings], {
		stdio: ['ignore', o.quiet ? 'ignore' : 'inherit', 'inherit'],
	});
	let alive = true;
	child.once('exit', () => (alive = false));
	const url = `http://127.0.0.1:${o.port}`;
	await waitFor(`${url}/flows`, 60_000, () => alive);
	return {
		url,
		pid: child.pid,
		/** The deployed flows, as the editor would export them (no credentials). */
		async flows() {
			const res = await fetch(`${url}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } });
			if (!res.ok) throw new Error(`reading the flows failed: ${res.status} ${await res.text()}`);
			return res.json();
		},
		async deploy(flows) {
			const res = await fetch(`${url}/flows`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
				body: JSON.stringify(flows),
			});
			if (!res.ok) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
		},
		stop() {
			if (!alive) return Promise.resolve();
			return new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			});
		},
	};
}

/** GETs an http-in route until it stops answering 404 (Node-RED answers a deploy before its routes are in). */
async function waitForRoute(url) {
	let res = await fetch(url);
	for (let i = 0; res.status === 404 && i < 100; i++) {
		await new Promise((r) => setTimeout(r, 100));
		res = await fetch(url);
	}
	return res;
}

module.exports = { startNodeRed, waitForRoute, linkPackage, PACKAGE_NAME };
