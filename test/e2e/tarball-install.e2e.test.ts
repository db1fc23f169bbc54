// Installs the three packages from their tarballs as a user would, with nothing of the workspace
// in reach: the core alone under a plain Node script, the Node-RED package (with the core tarball it
// depends on) in a clean Node-RED user folder, the n8n package in a clean n8n user folder; each
// engine runs one Huma operation and one trigger against the sandbox. `npm test` runs it in its
// own stage (HUMA_INSTALL_E2E=1); n8n runs on Node 24 (scripts/test/engines.js installs it).
import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { startReceiver } from '../helpers/receiver';
import { createUser, useSandbox } from '../helpers/sandbox';

const { packForInstall, manifest } = require('../../scripts/release/pack');
const { startNodeRed, waitForRoute } = require('../../scripts/test/node-red-headless');
const n8n = require('../../scripts/test/n8n-headless');

const root = join(__dirname, '..', '..');
const sandbox = useSandbox({ users: 60, seed: 47 });
const PORT = 19000 + (process.pid % 1000);
const TRIGGER_WORKFLOW = 'hUmAiNsTaLlHoOkW';
const WEBHOOK_ID = '0b6f2a8e-3c1d-4e5f-8a9b-1c2d3e4f5a6b';
const WEBHOOK_SECRET = 'install-e2e-webhook-secret';
const folders: string[] = [];
const fresh = (name: string) => {
	const dir = realpathSync(mkdtempSync(join(tmpdir(), `huma-install-${name}-`)));
	folders.push(dir);
	return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const npmInstall = (cwd: string, tarballs: string[]) => {
	execFileSync('npm', ['init', '-y'], { cwd, stdio: 'ignore' });
	execFileSync('npm', ['install', ...tarballs, '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd,
		stdio: 'pipe',
	});
};

/**
 * What of the workspace an installed folder could reach: a symlink (npm links workspaces and
 * `file:` folders; only .bin holds links of its own), a package whose real path lies outside the
 * folder, or a node_modules in a folder above it, where Node would look for what is missing.
 */
function leaks(folder: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir)) {
			const path = join(dir, entry);
			if (entry === '.bin') continue;
			if (lstatSync(path).isSymbolicLink()) found.push(`symlink ${path}`);
			else if (lstatSync(path).isDirectory()) walk(path);
		}
	};
	walk(join(folder, 'node_modules'));
	if (realpathSync(folder).startsWith(root + sep))
		found.push(`${folder} lies inside the workspace`);
	for (let dir = dirname(folder); dir !== dirname(dir); dir = dirname(dir))
		if (readdirSync(dir).includes('node_modules')) found.push(`${dir}/node_modules above it`);
	return found;
}

/** Where Node resolves a module from inside the folder. */
const resolveFrom = (folder: string, id: string) =>
	execFileSync(process.execPath, ['-p', `require.resolve(${JSON.stringify(id)})`], {
		cwd: folder,
		encoding: 'utf8',
	}).trim();

it('the core alone: a plain Node script lists the users', async () => {
	const folder = fresh('core');
	const [core] = packForInstall('core', folder);
	npmInstall(folder, [core]);
	expect(leaks(folder)).toEqual([]);
	expect(resolveFrom(folder, `${manifest('core').name}/node`)).toMatch(
		new RegExp(`^${folder}/node_modules/`),
	);
	writeFileSync(
		join(folder, 'list-users.js'),
		`const { createHumaClient } = require('@huma-integrations/huma-client/node');
const huma = createHumaClient({
	baseUrl: process.env.HUMA_BASE_URL,
	credentials: { clientId: process.env.HUMA_CLIENT_ID, clientSecret: process.env.HUMA_CLIENT_SECRET },
});
huma.listAll('user.list', {}).then(async (users) => {
	console.log(JSON.stringify(users.map((user) => user.id)));
	await huma.close();
});
`,
	);
	// Asynchronous: the sandbox answers from this process while the script runs.
	const { stdout } = await promisify(execFile)(process.execPath, ['list-users.js'], {
		cwd: folder,
		env: {
			PATH: process.env.PATH,
			HUMA_BASE_URL: sandbox().url,
			HUMA_CLIENT_ID: sandbox().credentials.clientId,
			HUMA_CLIENT_SECRET: sandbox().credentials.clientSecret,
		},
	});
	expect(JSON.parse(stdout).sort()).toEqual([...sandbox().sandbox.store.users.keys()].sort());
}, 120_000);

it('Node-RED: the package and the core from their tarballs run an operation and a trigger', async () => {
	const userDir = fresh('node-red');
	npmInstall(userDir, packForInstall('node-red', userDir));
	expect(leaks(userDir)).toEqual([]);
	const nodeRedDir =
		process.env.HUMA_NODE_RED_DIR ?? dirname(require.resolve('node-red/package.json'));
	const red = await startNodeRed({
		redJs: join(nodeRedDir, 'red.js'),
		node: process.env.HUMA_NODE_BIN,
		userDir,
		port: PORT,
		quiet: true,
	});
	try {
		const z = 'install-tab';
		await red.deploy([
			{ id: z, type: 'tab', label: 'install' },
			{
				id: 'install-cfg',
				type: 'huma-config',
				environment: 'custom',
				baseUrl: sandbox().url,
				credentials: sandbox().credentials,
			},
			{
				id: 'install-in',
				type: 'http in',
				z,
				url: '/users',
				method: 'get',
				wires: [['install-list']],
			},
			{
				id: 'install-list',
				type: 'huma-user',
				z,
				huma: 'install-cfg',
				operation: 'list',
				returnAll: true,
				outputMode: 'array',
				wires: [['install-res']],
			},
			{ id: 'install-res', type: 'http response', z, wires: [] },
			// Node ids are prefixed: Node-RED takes a property equal to a node's id for a reference.
			// Polls once at start (a day between polls) and emits every current user.
			{
				id: 'install-watch',
				type: 'huma-watch',
				z,
				huma: 'install-cfg',
				events: 'userAdded',
				interval: 1440,
				emitCurrent: true,
				wires: [['install-keep']],
			},
			{
				id: 'install-keep',
				type: 'function',
				z,
				func: "global.set('added', (global.get('added') || []).concat(msg.payload.userId));\nreturn null;",
				outputs: 1,
				wires: [[]],
			},
			{
				id: 'install-in2',
				type: 'http in',
				z,
				url: '/added',
				method: 'get',
				wires: [['install-read']],
			},
			{
				id: 'install-read',
				type: 'function',
				z,
				func: "msg.payload = global.get('added') || [];\nreturn msg;",
				outputs: 1,
				wires: [['install-res2']],
			},
			{ id: 'install-res2', type: 'http response', z, wires: [] },
		]);
		const ids = [...sandbox().sandbox.store.users.keys()].sort();
		// Node-RED answers the deploy before its HTTP routes are in: 404 until then.
		const res = await waitForRoute(`${red.url}/users`);
		const users = await res.json();
		expect(users.map((u: { id: string }) => u.id).sort()).toEqual(ids);
		let added: string[] = [];
		for (let i = 0; added.length < ids.length && i < 300; i++) {
			added = await (await fetch(`${red.url}/added`)).json();
			if (added.length < ids.length) await new Promise((r) => setTimeout(r, 100));
		}
		expect(added.sort()).toEqual(ids);
	} finally {
		await red.stop();
	}
}, 120_000);

it('n8n: the package from its tarball runs an operation and a trigger', async () => {
	const userFolder = n8n.prepareUserFolder(fresh('n8n'));
	expect(leaks(join(userFolder, '.n8n', 'nodes'))).toEqual([]);
	expect(n8n.listInstalled(userFolder)).toContain(manifest('n8n').name);
	const receiver = await startReceiver();
	const credentials = { humaApi: { id: 'hUmAiNsTaLlCrEd1', name: 'Huma sandbox' } };
	n8n.importCredentials(userFolder, [
		{
			id: 'hUmAiNsTaLlHoOk1',
			name: 'Huma webhook',
			type: 'humaWebhookApi',
			data: { clientSecret: WEBHOOK_SECRET },
		},
		{
			...credentials.humaApi,
			type: 'humaApi',
			data: { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials },
		},
	]);
	const workflow = (id: string, nodes: unknown[], connections = {}) => ({
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
	});
	n8n.importWorkflows(userFolder, [
		workflow(
			'hUmAiNsTaLlOpEr1',
			[
				{
					id: 'start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'users',
					name: 'All users',
					type: `${manifest('n8n').name}.huma`,
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'user', operation: 'getAll', returnAll: true },
					credentials,
				},
			],
			{ Start: { main: [[{ node: 'All users', type: 'main', index: 0 }]] } },
		),
		// The Huma Trigger in an active workflow, reporting each event to a receiver here.
		workflow(
			TRIGGER_WORKFLOW,
			[
				{
					id: 'hook',
					name: 'Huma Trigger',
					type: `${manifest('n8n').name}.humaTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { events: ['users-create'], output: 'user' },
					credentials: { humaWebhookApi: { id: 'hUmAiNsTaLlHoOk1', name: 'Huma webhook' } },
				},
				{
					id: 'report',
					name: 'Report',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [200, 0],
					parameters: {
						method: 'POST',
						url: `${receiver.url}/events`,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify({ event: $json.event, userId: $json.userId }) }}',
						options: {},
					},
				},
			],
			{ 'Huma Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		),
	]);
	const ids = [...sandbox().sandbox.store.users.keys()];
	const operation = await n8n.execute(userFolder, 'hUmAiNsTaLlOpEr1');
	const listed = n8n.nodeRun(operation.data, 'All users');
	expect(listed.error).toBeUndefined();
	expect(listed.items.map((i: { json: { id: string } }) => i.json.id).sort()).toEqual(ids.sort());

	const activate = n8n.activate(userFolder, TRIGGER_WORKFLOW);
	expect(activate.status).toBe(0);
	const server = await n8n.start(userFolder, PORT + 1);
	try {
		const hookUrl = `${server.url}/webhook/${WEBHOOK_ID}/webhook`;
		// Ready before every workflow is active: the webhook answers 404 until it is registered,
		// then the node's own 401 to an unsigned probe.
		expect(await n8n.waitForWebhook(hookUrl)).toBe(401);
		sandbox().sandbox.webhooks.configure({ url: hookUrl, secret: WEBHOOK_SECRET });
		const created = await createUser(sandbox(), {
			givenName: 'Ines',
			familyName: 'Install',
			email: 'ines.install@example.com',
			groups: [],
		});
		for (let i = 0; receiver.received.length === 0 && i < 120; i++)
			await new Promise((r) => setTimeout(r, 500));
		expect(receiver.received).toEqual([{ event: 'userAdded', userId: created.id }]);
	} finally {
		sandbox().sandbox.webhooks.configure(undefined);
		await server.stop();
		void receiver.close();
	}
}, 300_000);
