// Drives a real n8n (installed by scripts/test/engines.js, run on Node 24) from scripts and tests:
// a fresh user folder with the packed n8n-nodes-huma installed, credential and workflow import,
// headless execution, and `n8n start` for the demo. n8n 2.x unless HUMA_N8N_APP=n8n-1 picks 1.x.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const {
	closeSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} = require('node:fs');
const { join } = require('node:path');
const { ensure, withNode24 } = require('./engines');
const { pack } = require('../release/pack');

const app = process.env.HUMA_N8N_APP ?? 'n8n';
const n8nBin = () => ensure(app);

/** The version of the n8n these scripts run. */
function version() {
	return JSON.parse(readFileSync(join(n8nBin(), '..', '..', 'package.json'), 'utf8')).version;
}

/** Packs the n8n package (build first) and installs it into a fresh n8n user folder. */
function prepareUserFolder(userFolder) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	// The tarball `npm run pack` writes, installed as a user installs it.
	const tgz = pack('n8n', userFolder);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }),
	);
	execFileSync('npm', ['install', tgz, '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: nodesDir,
		stdio: 'pipe',
		env: withNode24(),
	});
	return userFolder;
}

function n8nEnv(userFolder, extra = {}) {
	const env = {
		...withNode24(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'huma-integrations-local-only-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(20000 + (process.pid % 5000)),
		N8N_LOG_LEVEL: 'warn',
		...extra,
	};
	// Test runners set NODE_ENV=test, under which n8n prints nothing; n8n runs as it would for a user.
	delete env.NODE_ENV;
	return env;
}

/** Runs one n8n CLI command to completion. */
function n8n(userFolder, args, extraEnv) {
	const bin = n8nBin();
	const result = spawnSync(withNode24Bin(), [bin, ...args], {
		env: n8nEnv(userFolder, extraEnv),
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
	});
	return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function withNode24Bin() {
	return ensure('node24');
}

/** Writes data for an `n8n import:<kind>` into the user folder; answers the file's path. */
function writeJson(userFolder, kind, data) {
	const file = join(userFolder, `${kind}-${Date.now()}.json`);
	writeFileSync(file, JSON.stringify(data));
	return file;
}

function importData(userFolder, kind, data) {
	const file = writeJson(userFolder, kind, data);
	const out = n8n(userFolder, [`import:${kind}`, `--input=${file}`]);
	if (out.status !== 0) throw new Error(`n8n import:${kind} failed: ${out.stdout}\n${out.stderr}`);
}

/** Credentials before workflows: n8n silently rebinds a workflow whose credential id is unknown. */
function importCredentials(userFolder, credentials) {
	importData(userFolder, 'credentials', credentials);
}

function importWorkflows(userFolder, workflows) {
	importData(userFolder, 'workflow', workflows);
}

/**
 * Executes a workflow headless and answers n8n's run data (the JSON after the log lines).
 * Asynchronous: a sandbox in this same process must keep answering while n8n runs.
 */
function execute(userFolder, workflowId) {
	// Output goes to a file: n8n exits without draining a pipe, which cuts large results short.
	const outFile = join(userFolder, `execute-${workflowId}-${Date.now()}.log`);
	const fd = openSync(outFile, 'w');
	// The result is printed through n8n's logger: below `info` it is not printed at all.
	const child = spawn(withNode24Bin(), [n8nBin(), 'execute', `--id=${workflowId}`, '--rawOutput'], {
		env: n8nEnv(userFolder, { N8N_LOG_LEVEL: 'info' }),
		stdio: ['ignore', fd, fd],
	});
	return new Promise((resolve, reject) => {
		child.once('close', (status) => {
			closeSync(fd);
			const output = readFileSync(outFile, 'utf8');
			const lines = output.split('\n');
			// Log lines may stand before and after the JSON: it runs from a line "{" to a line "}".
			const start = lines.findIndex((l) => l === '{');
			const end = lines.lastIndexOf('}');
			if (start === -1 || end < start)
				return reject(
					new Error(`n8n execute printed no result (exit ${status}):\n${output.slice(-4000)}`),
				);
			resolve({
				status,
				data: JSON.parse(lines.slice(start, end + 1).join('\n')),
				log: [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n'),
			});
		});
	});
}

/** `n8n start` on 127.0.0.1; resolves when the editor's REST API answers. */
async function start(userFolder, port) {
	const child = spawn(withNode24Bin(), [n8nBin(), 'start'], {
		env: n8nEnv(userFolder, { N8N_PORT: String(port), N8N_LOG_LEVEL: 'info' }),
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	let alive = true;
	child.once('exit', () => (alive = false));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		try {
			// n8n 1.x is "ready" a moment before its REST API is mounted: wait for both.
			if ((await fetch(`${url}/healthz/readiness`)).ok && (await fetch(`${url}/rest/settings`)).ok)
				break;
		} catch {
			// not up yet
		}
		if (!alive) throw new Error('n8n exited before it was ready');
		if (Date.now() > deadline) throw new Error('n8n was not ready within 120 s');
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url,
		stop: () =>
			new Promise((resolve) => {
				if (!alive) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

/** Activates a workflow from the CLI: 2.x publishes it, 1.x sets it active. Answers the CLI's result. */
function activate(userFolder, workflowId) {
	return version().startsWith('1.')
		? n8n(userFolder, ['update:workflow', `--id=${workflowId}`, '--active=true'])
		: n8n(userFolder, ['publish:workflow', `--id=${workflowId}`]);
}

/**
 * Posts a probe to a trigger's webhook until it stops answering 404 (n8n is ready before it has
 * activated every workflow); answers the last status, the node's own once it is registered.
 */
async function waitForWebhook(hookUrl, init = { method: 'POST', body: '{}' }) {
	let status = 404;
	for (let i = 0; status === 404 && i < 240; i++) {
		status = (await fetch(hookUrl, init)).status;
		if (status === 404) await new Promise((r) => setTimeout(r, 500));
	}
	return status;
}

/** The items a node output in a run, and the time the engine spent in it. */
function nodeRun(data, nodeName) {
	const run =
		data.data?.resultData?.runData?.[nodeName]?.[0] ?? data.resultData?.runData?.[nodeName]?.[0];
	if (!run) throw new Error(`node "${nodeName}" did not run`);
	return { items: run.data?.main?.[0] ?? [], executionTime: run.executionTime, error: run.error };
}

module.exports = {
	version,
	prepareUserFolder,
	importCredentials,
	importWorkflows,
	execute,
	start,
	nodeRun,
	activate,
	waitForWebhook,
	n8n,
	env: n8nEnv,
	writeJson,
	listInstalled: (f) => readdirSync(join(f, '.n8n', 'nodes', 'node_modules')),
};
