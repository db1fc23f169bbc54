// The Node-RED example flows, run the way `npm start` runs them (scripts/dev/node-red-demo.js): a real
// headless Node-RED with the demo's user folder, against a strict sandbox. Each example is
// triggered and its result checked: what reaches a chat webhook (a local receiver), the CSV
// file's content, the tour's debug output. Then a restart keeps the user's changes.
// HUMA_NODE_RED_DIR / HUMA_NODE_BIN select another Node-RED and Node.js (Node-RED 5 on Node 24).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHumaClient } from '@huma-integrations/huma-client/node';
import { startReceiver } from '../helpers/receiver';
import { writesIn } from '../helpers/upsert-scenario';

const { startNodeRedDemo } = require('../../scripts/dev/node-red-demo');
const WebSocket = require('ws');

type Node = Record<string, any>;
interface Running {
	red: {
		url: string;
		flows(): Promise<Node[]>;
		deploy(flows: Node[]): Promise<void>;
		stop(): Promise<void>;
	};
	sandbox: {
		url: string;
		credentials: { clientId: string; clientSecret: string };
		sandbox: any;
		close(): Promise<void>;
	};
}

const nodeRedDir =
	process.env.HUMA_NODE_RED_DIR ?? dirname(require.resolve('node-red/package.json'));
const ports = {
	sandboxPort: {
		port: 19500 + (process.pid % 400),
		flag: '--sandbox-port',
		envName: 'HUMA_SANDBOX_PORT',
	},
	nodeRedPort: {
		port: 19000 + (process.pid % 400),
		flag: '--node-red-port',
		envName: 'NODE_RED_PORT',
	},
};
let userDir: string;
let running: Running | undefined;
const violations: unknown[] = [];

const start = async (): Promise<Running> =>
	(running = await startNodeRedDemo({
		...ports,
		userDir,
		exportDir: join(userDir, 'exports'),
		redJs: join(nodeRedDir, 'red.js'),
		node: process.env.HUMA_NODE_BIN,
		quiet: true,
		users: 120,
		strict: true,
	}));

const stop = async () => {
	if (!running) return;
	violations.push(...running.sandbox.sandbox.violations);
	await running.red.stop();
	await running.sandbox.close();
	running = undefined;
};

/** The messages the debug nodes show in the editor's sidebar, read from the editor's socket. */
function debugSidebar(url: string) {
	const seen: { id: string; msg: any }[] = [];
	const socket = new WebSocket(`${url.replace('http', 'ws')}/comms`);
	const open = new Promise((resolve) => socket.once('open', resolve)).then(() =>
		socket.send(JSON.stringify({ subscribe: 'debug' })),
	);
	socket.on('message', (data: Buffer) => {
		for (const event of [JSON.parse(String(data))].flat()) {
			if (event.topic === 'debug')
				seen.push({
					id: event.data.id,
					msg: event.data.format === 'string' ? event.data.msg : JSON.parse(event.data.msg),
				});
		}
	});
	return { seen, open, close: () => socket.close() };
}

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Presses an inject node's button. Node-RED answers 404 until the node has started: flows
 * start after they are deployed, later still on a loaded machine. */
const inject = async (id: string) => {
	let res = await fetch(`${running!.red.url}/inject/${id}`, { method: 'POST' });
	for (let waited = 0; res.status === 404 && waited < 15_000; waited += 250) {
		await new Promise((r) => setTimeout(r, 250));
		res = await fetch(`${running!.red.url}/inject/${id}`, { method: 'POST' });
	}
	expect([id, res.status]).toEqual([id, 200]);
};

beforeAll(async () => {
	userDir = mkdtempSync(join(tmpdir(), 'huma-node-red-demo-'));
	await start();
}, 120_000);

afterAll(async () => {
	await stop();
	rmSync(userDir, { recursive: true, force: true });
	expect(violations).toEqual([]);
});

it('deploys every example with the "Huma sandbox" connection', async () => {
	const flows = await running!.red.flows();
	expect(
		flows
			.filter((n) => n.type === 'tab')
			.map((n) => n.id)
			.sort(),
	).toEqual(['tab-anniv', 'tab-csv', 'tab-import', 'tab-tour', 'tab-welcome']);
	expect(flows.filter((n) => n.type === 'huma-config')).toEqual([
		expect.objectContaining({ id: 'huma-sandbox-config', baseUrl: running!.sandbox.url }),
	]);
	// Every node that calls Huma uses the sandbox connection (a webhook node receives, it calls nothing).
	const callers = flows.filter(
		(n) => n.type.startsWith('huma-') && !['huma-config', 'huma-webhook'].includes(n.type),
	);
	expect(callers.every((n) => n.huma === 'huma-sandbox-config')).toBe(true);
});

it('new employee: a user created in Huma arrives through the sandbox webhook as a welcome message', async () => {
	const sidebar = debugSidebar(running!.red.url);
	await sidebar.open;
	try {
		const huma = createHumaClient({
			baseUrl: running!.sandbox.url,
			credentials: running!.sandbox.credentials,
		});
		await huma.call('user.create', {
			body: {
				givenName: 'Wanda',
				familyName: 'Welcome',
				email: 'wanda.welcome@example.com',
				groups: [],
			},
		} as never);
		await huma.close();
		await running!.sandbox.sandbox.webhooks.idle();
		expect(running!.sandbox.sandbox.webhooks.counters).toMatchObject({ rejected: 0, failed: 0 });
		const welcome = await until('the welcome message', () =>
			sidebar.seen.find((s) => s.id === 'w-debug'),
		);
		expect(welcome.msg).toEqual({
			text: 'Please welcome Wanda Welcome (wanda.welcome@example.com), who just joined us!',
		});
	} finally {
		sidebar.close();
	}
}, 60_000);

it('work anniversaries: posts one chat message per jubilee of the next 30 days', async () => {
	const receiver = await startReceiver<{ text: string }>(0, 'ok');
	const posted = receiver.received;
	try {
		// What the example asks of its user: set the webhook URL and enable the node (it ships disabled).
		const flows = await running!.red.flows();
		const post = flows.find((n) => n.id === 'a-post')!;
		expect(post.d).toBe(true);
		Object.assign(post, {
			url: `${receiver.url}/hook`,
			d: false,
		});
		await running!.red.deploy(flows);

		const huma = createHumaClient({
			baseUrl: running!.sandbox.url,
			credentials: running!.sandbox.credentials,
		});
		const { items: jubilees } = (await huma.call('user.listJubilees', {})) as unknown as {
			items: { date: string; years: number; user: { givenName: string; familyName: string } }[];
		};
		await huma.close();
		expect(jubilees.length).toBeGreaterThan(0);

		await inject('a-inject');
		await until('the chat messages', () => (posted.length >= jubilees.length ? posted : undefined));
		await new Promise((r) => setTimeout(r, 300)); // and no more than that
		expect(posted.map((p) => p.text).sort()).toEqual(
			jubilees
				.map(
					(j) =>
						`${j.user.givenName} ${j.user.familyName} celebrates ${j.years} years with us on ${j.date}!`,
				)
				.sort(),
		);
		expect(receiver.headers.every((h) => h['content-type'] === 'application/json')).toBe(true);
	} finally {
		void receiver.close();
	}
}, 60_000);

it('export all users to CSV: one row per user in the export folder', async () => {
	const file = join(userDir, 'exports', 'huma-users.csv');
	const users = [...running!.sandbox.sandbox.store.users.values()] as {
		id: string;
		email: string;
		active: boolean;
	}[];
	await inject('c-inject');
	const lines = await until('the CSV file', () => {
		const rows = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
		return rows.length > users.length ? rows : undefined;
	});
	expect(lines).toHaveLength(users.length + 1);
	expect(lines[0]).toBe('id,givenName,familyName,email,jobTitle,teams,active');
	const rows = new Map(lines.slice(1).map((l) => [l.split(',')[0], l]));
	for (const u of users) expect(rows.get(u.id)).toContain(`,${u.email},`);
	expect(existsSync(join(process.cwd(), 'huma-users.csv'))).toBe(false);
}, 60_000);

it('import people from a CSV file: new people created, known ones left alone; a second run writes nothing', async () => {
	const sandbox = running!.sandbox.sandbox;
	const sidebar = debugSidebar(running!.red.url);
	await sidebar.open;
	try {
		const summaries = () => sidebar.seen.filter((s) => s.id === 'i-summary').map((s) => s.msg);
		await inject('i-inject');
		const [first] = await until('the summary', () =>
			summaries().length ? summaries() : undefined,
		);
		expect(first).toMatchObject({ created: 3, unchanged: 2, failed: 0, total: 5 });
		expect(sidebar.seen.filter((s) => s.id === 'i-failed')).toEqual([]);
		const users = [...sandbox.store.users.values()] as { email: string; supervisorId?: string }[];
		const ada = users.find((u) => u.email === 'ada.new@example.com')!;
		expect(ada.supervisorId).toBeDefined();
		const writes = () => writesIn(sandbox.counters.byOperation);
		const before = writes();
		await inject('i-inject');
		const second = await until('the second summary', () =>
			summaries().length > 1 ? summaries()[1] : undefined,
		);
		expect(second).toMatchObject({ unchanged: 5, total: 5 });
		expect(writes()).toBe(before);
	} finally {
		sidebar.close();
	}
}, 60_000);

it('the tour: every node answers in the debug sidebar, and no error', async () => {
	const store = running!.sandbox.sandbox.store;
	const sidebar = debugSidebar(running!.red.url);
	await sidebar.open;
	try {
		const injects = (await running!.red.flows())
			.filter((n) => n.z === 'tab-tour' && n.type === 'inject')
			.map((n) => n.id);
		expect(injects).toHaveLength(8);
		const results: Record<string, any> = {};
		for (const id of injects) {
			const before = sidebar.seen.length;
			await inject(id);
			results[id] = (await until(`the debug output of ${id}`, () => sidebar.seen[before])).msg;
		}
		expect(sidebar.seen.map((s) => s.id).filter((id) => id !== 't-debug')).toEqual([]);
		expect(results['t-inject-1']).toMatchObject({
			id: store.serviceUserId,
			givenName: expect.any(String),
		});
		const teams = [...store.groups.values()].filter((g: { type: string }) => g.type === 'team');
		expect(results['t-inject-2'].map((g: { id: string }) => g.id).sort()).toEqual(
			teams.map((g: { id: string }) => g.id).sort(),
		);
		expect(results['t-inject-3']).toHaveLength(store.jobTitles.size);
		expect(results['t-inject-4']).toHaveLength(
			store.users.get(store.serviceUserId).positions.length,
		);
		const year = new Date().getFullYear();
		expect(results['t-inject-5']).toContain(`${year}-05-17`); // Norway's constitution day
		expect(results['t-inject-6']).toMatchObject({
			id: expect.any(String),
			name: 'Example child',
			birthDate: '2020-05-17',
		});
		expect(results['t-inject-7']).toMatchObject({
			id: expect.any(String),
			name: 'Example contact',
		});
		expect(results['t-inject-8']).toMatchObject({
			id: expect.any(String),
			type: 'passport',
			value: 'P0000000',
		});
	} finally {
		sidebar.close();
	}
}, 60_000);

it('a restart keeps the user folder: changed flows stay, a deleted example stays deleted', async () => {
	const flows = await running!.red.flows();
	const hook = flows.find((n) => n.id === 'a-post')!.url;
	const mine = [
		{ id: 'my-tab', type: 'tab', label: 'My own flow' },
		{ id: 'my-inject', type: 'inject', z: 'my-tab', name: 'mine', props: [], wires: [[]] },
	];
	await running!.red.deploy([
		...flows.filter((n) => n.id !== 'tab-tour' && n.z !== 'tab-tour'),
		...mine,
	]);
	await stop();
	await start();
	const after = await running!.red.flows();
	expect(after.find((n) => n.id === 'a-post')!.url).toBe(hook);
	expect(
		after
			.filter((n) => n.type === 'tab')
			.map((n) => n.id)
			.sort(),
	).toEqual(['my-tab', 'tab-anniv', 'tab-csv', 'tab-import', 'tab-welcome']);
	expect(after.filter((n) => n.id === 'a-jubilees')).toHaveLength(1);
	// The connection points at this start's sandbox, with its key: the examples still run.
	const csvBefore = readFileSync(join(userDir, 'exports', 'huma-users.csv'), 'utf8')
		.trim()
		.split('\n').length;
	// The demo's deploy after a restart (the connection re-pointed) may still be starting the flows.
	let status = 404;
	for (let i = 0; i < 50 && status === 404; i++) {
		if (i) await new Promise((r) => setTimeout(r, 100));
		status = (await fetch(`${running!.red.url}/inject/c-inject`, { method: 'POST' })).status;
	}
	expect(status).toBe(200);
	await until('the second export', () =>
		readFileSync(join(userDir, 'exports', 'huma-users.csv'), 'utf8')
			.trim()
			.split('\n').length > csvBefore
			? true
			: undefined,
	);
}, 120_000);
