// The huma webhook and huma watch nodes in the real Node-RED runtime (node-red-node-test-helper):
// the sandbox posts its signed webhooks over real HTTP to the node's endpoint on Node-RED's
// HTTP node app; the watch node polls the sandbox.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HumaApiError, HumaError } from '@huma-integrations/huma-client';
import { useSandbox } from '../helpers/sandbox';
import { helper, humaNode, coreNode } from './setup';

const configNode = humaNode('huma-config');
const webhookNode = humaNode('huma-webhook');
const watchNode = humaNode('huma-watch');
const catchNode = coreNode('core/common/25-catch.js');

type Msg = Record<string, any>;
const sandbox = useSandbox({ users: 50, seed: 29 });
const secret = 'node-red-webhook-secret';
const token = 'node-red-webhook-token';

// Serves Node-RED's HTTP node app (what `http in` nodes are mounted on) on a real port.
let httpNode: ((req: unknown, res: unknown) => void) | undefined;
function captureRed(RED: {
	httpNode: typeof httpNode;
	nodes: {
		registerType(type: string, ctor: (this: unknown, n: unknown) => void): void;
		createNode(node: unknown, n: unknown): void;
	};
}) {
	httpNode = RED.httpNode;
	RED.nodes.registerType('capture-red', function (this: unknown, n: unknown) {
		RED.nodes.createNode(this, n);
	});
}
let server: Server;
let hookUrl = '';

beforeAll(async () => {
	await new Promise<void>((resolve) => helper.startServer(resolve));
	server = createServer((req, res) => httpNode!(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/huma`;
});
afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await new Promise<void>((resolve) => helper.stopServer(resolve));
});
afterEach(async () => {
	sandbox().sandbox.webhooks.configure(undefined);
	await helper.unload();
});

async function bearer(): Promise<string> {
	const res = await fetch(`${sandbox().url}/auth/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			grant_type: 'client_credentials',
			client_id: sandbox().credentials.clientId,
			client_secret: sandbox().credentials.clientSecret,
		}),
	});
	return (await res.json()).access_token;
}
const api = async (method: string, path: string, body?: unknown) =>
	fetch(`${sandbox().url}${path}`, {
		method,
		headers: { authorization: `Bearer ${await bearer()}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
const until = async (check: () => boolean, what: string) => {
	for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('huma webhook node', () => {
	async function deploy(extra: Record<string, unknown> = {}) {
		const flow = [
			{ id: 'cap', type: 'capture-red' },
			{
				id: 'w1',
				type: 'huma-webhook',
				url: '/huma',
				topics: '',
				output: 'user',
				wires: [['out']],
				...extra,
			},
			{ id: 'out', type: 'helper' },
		];
		await helper.load([captureRed, webhookNode], flow, { w1: { secret, token } });
		const out: Msg[] = [];
		helper.getNode('out').on('input', (msg: Msg) => out.push(msg));
		return out;
	}

	it('turns the sandbox signed deliveries into one message per user with msg.topic', async () => {
		const out = await deploy();
		sandbox().sandbox.webhooks.configure({ url: hookUrl, secret, token });
		const created = await (
			await api('POST', '/users', {
				givenName: 'Nora',
				familyName: 'Red',
				email: 'nora.red@example.com',
				groups: [],
			})
		).json();
		await until(() => out.length >= 1, 'the users-create message');
		await sandbox().sandbox.webhooks.idle();
		expect(out).toHaveLength(1);
		expect(out[0].topic).toBe('users-create');
		expect(out[0].payload).toMatchObject({
			event: 'userAdded',
			source: 'webhook',
			userId: created.id,
			user: { email: 'nora.red@example.com', givenName: 'Nora' },
		});
	});

	it('answers 401 to unsigned, tampered or wrong-token deliveries, 400 to non-JSON, and sends nothing for them', async () => {
		const out = await deploy();
		const body = JSON.stringify({ topic: 'users-update', users: [{ id: 'u1', email: 'a@x' }] });
		const sign = (text: string) => createHmac('sha256', secret).update(text).digest('hex');
		const post = (headers: Record<string, string>, text = body) =>
			fetch(hookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: text,
			});
		const auth = { authorization: `Bearer ${token}` };
		expect((await post({ ...auth })).status).toBe(401);
		expect(
			(await post({ ...auth, 'huma-hmac-sha256': sign(body) }, body.replace('a@x', 'b@x'))).status,
		).toBe(401);
		expect(
			(await post({ authorization: 'Bearer stale', 'huma-hmac-sha256': sign(body) })).status,
		).toBe(401);
		expect((await post({ ...auth, 'huma-hmac-sha256': sign('not json') }, 'not json')).status).toBe(
			400,
		);
		expect(out).toHaveLength(0);
		const ok = await post({
			...auth,
			'huma-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
		});
		expect(ok.status).toBe(200);
		await until(() => out.length === 1, 'the verified delivery');
		expect(out[0]).toMatchObject({
			topic: 'users-update',
			payload: { event: 'userChanged', userId: 'u1' },
		});
	});

	it('takes 200 deliveries in a burst from the sandbox and loses none', async () => {
		const out = await deploy({ topics: 'users-update' });
		sandbox().sandbox.webhooks.configure({ url: hookUrl, secret, token });
		const before = sandbox().sandbox.webhooks.counters.delivered;
		const ids = [...sandbox().sandbox.store.users.keys()];
		for (let i = 0; i < 200; i++) sandbox().sandbox.setUserActive(ids[i % ids.length], i % 2 === 0);
		await sandbox().sandbox.webhooks.idle();
		await until(() => out.length >= 200, '200 messages');
		expect(out).toHaveLength(200);
		expect(sandbox().sandbox.webhooks.counters.delivered - before).toBe(200);
	});
});

describe('huma watch node', () => {
	async function deploy(extra: Record<string, unknown> = {}) {
		const flow = [
			{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url },
			{
				id: 'watch',
				type: 'huma-watch',
				huma: 'cfg',
				events: 'userAdded,userChanged,userDeactivated,userRemoved',
				interval: 0,
				wires: [['out']],
				...extra,
			},
			{ id: 'out', type: 'helper' },
			{ id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
			{ id: 'caught', type: 'helper' },
		];
		await helper.load([configNode, watchNode, catchNode], flow, { cfg: sandbox().credentials });
		const out: Msg[] = [];
		const caught: Msg[] = [];
		const statuses: string[] = [];
		helper.getNode('out').on('input', (msg: Msg) => out.push(msg));
		helper.getNode('caught').on('input', (msg: Msg) => caught.push(msg));
		const watch = helper.getNode('watch');
		const original = watch.status.bind(watch);
		watch.status = (s: { text?: string }) => {
			statuses.push(s.text ?? '');
			return original(s);
		};
		const poll = async (msg: Msg = { payload: 'poll' }) => {
			const count = statuses.length;
			watch.receive(msg);
			await until(
				() =>
					statuses
						.slice(count)
						.some((t) => /^(last poll|baseline set|poll failed|state reset)/.test(t)),
				'the poll to finish',
			);
		};
		return { out, caught, statuses, poll };
	}

	it('sets a baseline, then emits a created, changed and deactivated user once each; reset re-baselines', async () => {
		const ids = [...sandbox().sandbox.store.users.keys()];
		sandbox().sandbox.store.users.get(ids[2])!.active = true;
		const { out, statuses, poll } = await deploy();
		await poll();
		expect(out).toHaveLength(0);
		expect(statuses.at(-1)).toMatch(/^baseline set/);
		const created = await (
			await api('POST', '/users', {
				givenName: 'Walt',
				familyName: 'Watch',
				email: 'walt.watch@example.com',
				groups: [],
			})
		).json();
		expect((await api('PATCH', `/users/${ids[1]}`, { familyName: 'Moved' })).status).toBe(200);
		sandbox().sandbox.setUserActive(ids[2], false);
		await poll({ payload: 'go', correlation: 'abc' });
		expect(out.map((m) => [m.topic, m.payload.userId]).sort()).toEqual(
			[
				['userAdded', created.id],
				['userChanged', ids[1]],
				['userDeactivated', ids[2]],
			].sort(),
		);
		expect(out.every((m) => m.correlation === 'abc')).toBe(true);
		expect(statuses.at(-1)).toMatch(/^last poll .* 3 events$/);
		await poll();
		expect(out).toHaveLength(3);
		await poll({ reset: true });
		expect(statuses.at(-1)).toMatch(/^state reset/);
		sandbox().sandbox.setUserActive(ids[2], true);
		await poll();
		expect(out).toHaveLength(3);
		expect(statuses.at(-1)).toMatch(/^baseline set/);
	});

	it('reports a failed poll to Catch, keeps its state and sends no false events', async () => {
		const { out, caught, poll } = await deploy();
		await poll();
		sandbox().sandbox.script({ operation: 'user.list', status: 500, after: 0 });
		await poll();
		await until(() => caught.length === 1, 'the Catch node');
		// Described as Huma's answer: the error from the config node's client (lib/huma-runtime.js)
		// is an instance of the core's class as the watch node (lib/huma-events.js) sees it.
		expect(caught[0].humaError).toMatchObject({ name: 'HumaApiError', status: 500 });
		await poll();
		expect(out).toHaveLength(0);
	});

	it("shares one copy of the core with the config node: its client's errors are the core's classes", async () => {
		await deploy();
		sandbox().sandbox.script({ operation: 'user.list', status: 500, after: 0 });
		const client = helper.getNode('cfg').getClient();
		const error = await client.users.list({}).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error).toBeInstanceOf(HumaError);
	});
});
