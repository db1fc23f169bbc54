// End to end: a real Node-RED started headless, the packed package installed into its user
// folder, a flow deployed through the Admin API, driven over HTTP against the sandbox.
// HUMA_NODE_RED_DIR / HUMA_NODE_BIN select another Node-RED and Node.js (Node-RED 5 on Node 24).
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sandboxApi, useSandbox } from '../helpers/sandbox';
import { limitSandbox, rateOutcome } from '../helpers/rate-limit';

const { startNodeRed, waitForRoute } = require('../../scripts/test/node-red-headless');
const { packForInstall } = require('../../scripts/release/pack');

const nodeRedDir =
	process.env.HUMA_NODE_RED_DIR ?? dirname(require.resolve('node-red/package.json'));
const sandbox = useSandbox({ users: 90, seed: 21 });
const PORT = 18000 + (process.pid % 1000);

let red: { url: string; deploy(flows: unknown[]): Promise<void>; stop(): Promise<void> };
let userDir: string;

beforeAll(async () => {
	userDir = mkdtempSync(join(tmpdir(), 'huma-node-red-'));
	// The tarballs `npm run pack` writes (the package and the core it depends on), installed as a
	// user installs them with npm.
	const packed: string[] = packForInstall('node-red', userDir);
	execFileSync('npm', ['init', '-y'], { cwd: userDir, stdio: 'ignore' });
	execFileSync('npm', ['install', ...packed, '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: userDir,
		stdio: 'pipe',
	});
	red = await startNodeRed({
		redJs: join(nodeRedDir, 'red.js'),
		node: process.env.HUMA_NODE_BIN,
		userDir,
		port: PORT,
		quiet: true,
	});
}, 120_000);

afterAll(async () => {
	await red?.stop();
	rmSync(userDir, { recursive: true, force: true });
});

it('runs a deployed flow with the installed package and keeps the secret out of the flow file', async () => {
	const secret = sandbox().credentials.clientSecret;
	await red.deploy([
		{ id: 'e2e-tab', type: 'tab', label: 'e2e' },
		{
			id: 'e2e-cfg',
			type: 'huma-config',
			name: 'sandbox',
			environment: 'custom',
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
		},
		{
			id: 'e2e-in',
			type: 'http in',
			z: 'e2e-tab',
			url: '/active-users',
			method: 'get',
			wires: [['e2e-users']],
		},
		{
			id: 'e2e-users',
			type: 'huma-user',
			z: 'e2e-tab',
			huma: 'e2e-cfg',
			operation: 'list',
			params: { isActive: { value: 'true', type: 'bool' } },
			returnAll: true,
			outputMode: 'items',
			wires: [['e2e-join']],
		},
		{ id: 'e2e-join', type: 'join', z: 'e2e-tab', mode: 'auto', wires: [['e2e-res']] },
		{ id: 'e2e-res', type: 'http response', z: 'e2e-tab', wires: [] },
		{
			id: 'e2e-in2',
			type: 'http in',
			z: 'e2e-tab',
			url: '/user',
			method: 'get',
			wires: [['e2e-user']],
		},
		{
			id: 'e2e-user',
			type: 'huma-user',
			z: 'e2e-tab',
			huma: 'e2e-cfg',
			operation: 'get',
			params: { id: { value: 'req.query.id', type: 'msg' } },
			wires: [['e2e-res']],
		},
	]);

	// Node-RED restarts the flows just after the deploy answers: wait until the endpoint is routed.
	const res = await waitForRoute(`${red.url}/active-users`);
	expect(res.status).toBe(200);
	const users = (await res.json()) as { status: { active: boolean } }[];
	const active = [...sandbox().sandbox.store.users.values()].filter((u) => u.active);
	expect(users).toHaveLength(active.length);
	expect(users.every((u) => u.status.active)).toBe(true);

	const me = await (await fetch(`${red.url}/user?id=me`)).json();
	expect(me).toMatchObject({
		id: sandbox().sandbox.store.serviceUserId,
		givenName: expect.any(String),
	});

	// The secret lives only in the encrypted credential store.
	const flowFile = readFileSync(join(userDir, 'flows.json'), 'utf8');
	expect(flowFile).toContain('huma-config');
	expect(flowFile).not.toContain(secret);
	expect(readFileSync(join(userDir, 'flows_cred.json'), 'utf8')).not.toContain(secret);
	const settings = await (await fetch(`${red.url}/settings`)).json();
	expect(String(settings.version).split('.')[0]).toBe(
		process.env.HUMA_EXPECT_NODE_RED ?? String(settings.version).split('.')[0],
	);
	const exported = await (await fetch(`${red.url}/flows`)).text();
	expect(exported).not.toContain(secret);
	const creds = await (await fetch(`${red.url}/credentials/huma-config/e2e-cfg`)).json();
	expect(creds).toEqual({ clientId: sandbox().credentials.clientId, has_clientSecret: true });
}, 60_000);

it('receives the sandbox webhooks in a deployed huma webhook node and refuses a tampered one with 401', async () => {
	const webhookSecret = 'e2e-node-red-webhook-secret';
	await red.deploy([
		{ id: 'hook-tab', type: 'tab', label: 'webhook e2e' },
		{
			id: 'hook-in',
			type: 'huma-webhook',
			z: 'hook-tab',
			url: '/e2e-huma',
			topics: 'users-create',
			output: 'user',
			credentials: { secret: webhookSecret },
			wires: [['hook-keep']],
		},
		{
			id: 'hook-keep',
			type: 'function',
			z: 'hook-tab',
			func: "global.set('events', (global.get('events') || []).concat([{ topic: msg.topic, payload: msg.payload }]));\nreturn null;",
			outputs: 1,
			wires: [[]],
		},
		{
			id: 'hook-list',
			type: 'http in',
			z: 'hook-tab',
			url: '/e2e-events',
			method: 'get',
			wires: [['hook-read']],
		},
		{
			id: 'hook-read',
			type: 'function',
			z: 'hook-tab',
			func: "msg.payload = global.get('events') || [];\nreturn msg;",
			outputs: 1,
			wires: [['hook-res']],
		},
		{ id: 'hook-res', type: 'http response', z: 'hook-tab', wires: [] },
	]);
	const events = async () => {
		const res = await fetch(`${red.url}/e2e-events`);
		return res.status === 200
			? ((await res.json()) as { topic: string; payload: { user: { email: string } } }[])
			: undefined;
	};
	for (let i = 0; (await events()) === undefined && i < 100; i++)
		await new Promise((r) => setTimeout(r, 100));

	sandbox().sandbox.webhooks.configure({ url: `${red.url}/e2e-huma`, secret: webhookSecret });
	try {
		const created = await sandboxApi(sandbox())('POST', '/users', {
			givenName: 'Rita',
			familyName: 'Red',
			email: 'rita.red@example.com',
			groups: [],
		});
		expect(created.status).toBe(200);
		await sandbox().sandbox.webhooks.idle();
		expect(sandbox().sandbox.webhooks.counters).toMatchObject({
			delivered: 1,
			rejected: 0,
			failed: 0,
		});
		let seen = await events();
		for (let i = 0; seen?.length !== 1 && i < 100; i++) {
			await new Promise((r) => setTimeout(r, 100));
			seen = await events();
		}
		expect(seen).toMatchObject([
			{
				topic: 'users-create',
				payload: { event: 'userAdded', user: { email: 'rita.red@example.com' } },
			},
		]);

		const body = JSON.stringify({
			topic: 'users-create',
			users: [{ id: 'x', email: 'x@example.com' }],
		});
		const signature = createHmac('sha256', webhookSecret).update(body).digest('hex');
		const tampered = await fetch(`${red.url}/e2e-huma`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'huma-hmac-sha256': signature },
			body: body.replace('x@', 'y@'),
		});
		expect(tampered.status).toBe(401);
		expect(await events()).toHaveLength(1);
		expect(readFileSync(join(userDir, 'flows.json'), 'utf8')).not.toContain(webhookSecret);
	} finally {
		sandbox().sandbox.webhooks.configure(undefined);
	}
}, 60_000);

it('huma watch: a user created, changed and deactivated while Node-RED was stopped gives exactly those events once, from a persistent context store', async () => {
	// A second Node-RED with the same installed package and a file-backed context store.
	const watchDir = mkdtempSync(join(tmpdir(), 'huma-node-red-watch-'));
	symlinkSync(join(userDir, 'node_modules'), join(watchDir, 'node_modules'), 'dir');
	const options = {
		redJs: join(nodeRedDir, 'red.js'),
		node: process.env.HUMA_NODE_BIN,
		userDir: watchDir,
		port: PORT + 1,
		quiet: true,
		contextStorage: { default: { module: 'localfilesystem' }, memory: { module: 'memory' } },
	};
	const polls = () => sandbox().sandbox.counters.byOperation['user.list'] ?? 0;
	const pages = () => Math.ceil(sandbox().sandbox.store.users.size / 50);
	const waitForPoll = async (before: number) => {
		for (let i = 0; polls() - before < pages() && i < 300; i++)
			await new Promise((r) => setTimeout(r, 100));
		await new Promise((r) => setTimeout(r, 1000)); // the comparison and the context write after the last page
	};
	let watchRed = await startNodeRed(options);
	try {
		let before = polls();
		await watchRed.deploy([
			{ id: 'watch-tab', type: 'tab', label: 'watch e2e' },
			{
				id: 'watch-cfg',
				type: 'huma-config',
				environment: 'custom',
				baseUrl: sandbox().url,
				credentials: sandbox().credentials,
			},
			// A day between polls: here it polls once at each start.
			{
				id: 'watch',
				type: 'huma-watch',
				z: 'watch-tab',
				huma: 'watch-cfg',
				events: 'userAdded,userChanged,userDeactivated',
				interval: 1440,
				wires: [['watch-keep']],
			},
			{
				id: 'watch-keep',
				type: 'function',
				z: 'watch-tab',
				func: "global.set('events', (global.get('events', 'memory') || []).concat([[msg.topic, msg.payload.userId]]), 'memory');\nreturn null;",
				outputs: 1,
				wires: [[]],
			},
			{
				id: 'watch-list',
				type: 'http in',
				z: 'watch-tab',
				url: '/e2e-watch-events',
				method: 'get',
				wires: [['watch-read']],
			},
			{
				id: 'watch-read',
				type: 'function',
				z: 'watch-tab',
				func: "msg.payload = global.get('events', 'memory') || [];\nreturn msg;",
				outputs: 1,
				wires: [['watch-res']],
			},
			{ id: 'watch-res', type: 'http response', z: 'watch-tab', wires: [] },
		]);
		await waitForPoll(before); // the baseline
		await watchRed.stop();

		const users = [...sandbox().sandbox.store.users.values()].filter((u) => u.active);
		const call = sandboxApi(sandbox());
		const created = await (
			await call('POST', '/users', {
				givenName: 'Wanda',
				familyName: 'Watch',
				email: 'wanda.watch@example.com',
				groups: [],
			})
		).json();
		expect((await call('PATCH', `/users/${users[0].id}`, { givenName: 'Changed' })).status).toBe(
			200,
		);
		sandbox().sandbox.setUserActive(users[1].id, false);

		const events = async () =>
			(await (await fetch(`${watchRed.url}/e2e-watch-events`)).json()) as string[][];
		for (const round of [1, 2]) {
			before = polls();
			watchRed = await startNodeRed(options);
			await waitForPoll(before);
			const seen = await events();
			// After the restart: exactly the three changes; after a second restart: nothing new.
			expect(seen.sort()).toEqual(
				round === 1
					? [
							['userAdded', created.id],
							['userChanged', users[0].id],
							['userDeactivated', users[1].id],
						].sort()
					: [],
			);
			await watchRed.stop();
		}
	} finally {
		await watchRed.stop();
		rmSync(watchDir, { recursive: true, force: true });
	}
}, 180_000);

// About 100 s against the limit: run once, in the Node-RED 5 stage of `npm test`.
const onceInCi = process.env.HUMA_EXPECT_NODE_RED ? it : it.skip;

onceInCi(
	'shares one rate limit across config nodes with the same key: 20 flows x 50 "get user" at 10 requests/s',
	async () => {
		const FLOWS = 20;
		const ITEMS = 50;
		const id = sandbox().sandbox.store.serviceUserId;
		// Each flow has its own config node, all with the same client ID and base URL.
		const flows = Array.from({ length: FLOWS }, (_, i) => [
			{ id: `rate-tab-${i}`, type: 'tab', label: `rate ${i}` },
			{
				id: `rate-cfg-${i}`,
				type: 'huma-config',
				environment: 'custom',
				baseUrl: sandbox().url,
				credentials: sandbox().credentials,
			},
			{
				id: `rate-in-${i}`,
				type: 'http in',
				z: `rate-tab-${i}`,
				url: `/rate-${i}`,
				method: 'get',
				wires: [[`rate-split-${i}`]],
			},
			{
				id: `rate-split-${i}`,
				type: 'function',
				z: `rate-tab-${i}`,
				func: `const res = msg.res; const req = msg.req;\nreturn [Array.from({ length: ${ITEMS} }, (_, index) => ({ _msgid: RED.util.generateId(), res, req, userId: '${id}', parts: { id: msg._msgid, index, count: ${ITEMS} } }))];`,
				outputs: 1,
				wires: [[`rate-get-${i}`]],
			},
			{
				id: `rate-get-${i}`,
				type: 'huma-user',
				z: `rate-tab-${i}`,
				huma: `rate-cfg-${i}`,
				operation: 'get',
				params: { id: { value: 'userId', type: 'msg' } },
				wires: [[`rate-join-${i}`]],
			},
			{
				id: `rate-join-${i}`,
				type: 'join',
				z: `rate-tab-${i}`,
				mode: 'custom',
				build: 'array',
				property: 'payload',
				propertyType: 'msg',
				count: String(ITEMS),
				joiner: '\\n',
				joinerType: 'str',
				accumulate: false,
				timeout: '',
				wires: [[`rate-res-${i}`]],
			},
			{ id: `rate-res-${i}`, type: 'http response', z: `rate-tab-${i}`, wires: [] },
		]);
		const ready = [
			{
				id: 'rate-ready',
				type: 'http in',
				z: 'rate-tab-0',
				url: '/rate-ready',
				method: 'get',
				wires: [['rate-ready-res']],
			},
			{ id: 'rate-ready-res', type: 'http response', z: 'rate-tab-0', wires: [] },
		];
		await red.deploy([...flows.flat(), ...ready]);
		// Node-RED routes the endpoints just after the deploy answers.
		for (let i = 0; (await fetch(`${red.url}/rate-ready`)).status === 404; i++) {
			if (i > 100) throw new Error('the rate flows were not routed');
			await new Promise((r) => setTimeout(r, 100));
		}
		limitSandbox(sandbox());
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: FLOWS }, async (_, i) => {
				const response = await fetch(`${red.url}/rate-${i}`);
				return { status: response.status, body: await response.text() };
			}),
		);
		const outcome = rateOutcome(sandbox(), 'user.get', FLOWS * ITEMS, Date.now() - started);
		sandbox().sandbox.setFaults({});
		console.log(`Node-RED, ${FLOWS} config nodes with one key: ${outcome.summary}`);
		for (const answer of answers) {
			expect(answer.status).toBe(200);
			const users = JSON.parse(answer.body) as { id: string }[];
			expect(users).toHaveLength(ITEMS);
			expect(users.every((u) => u.id === id)).toBe(true);
		}
		expect(outcome.sent - outcome.refused).toBeGreaterThanOrEqual(FLOWS * ITEMS);
		expect(outcome.timeRatio).toBeLessThanOrEqual(1.25);
		expect(outcome.refusedShare).toBeLessThanOrEqual(0.05);
	},
	300_000,
);
