// The core through a fault proxy of our own in front of the sandbox: connections reset after the
// request was forwarded, servers that stall or trickle, echoed requests, malformed, HTML and
// empty answers. Independent of the sandbox's own fault features.
import {
	createHumaClient,
	HumaApiError,
	HumaConnectionError,
	HumaError,
	type CreateHumaClientOptions,
} from '@huma-integrations/huma-client/node';
import { startFaultProxy, type FaultProxy } from '../../../test/helpers/fault-proxy';
import { useSandbox } from '../../../test/helpers/sandbox';

const sandbox = useSandbox({ users: 60, seed: 5 });
let proxy: FaultProxy;

beforeAll(async () => {
	proxy = await startFaultProxy(sandbox().url);
});
afterAll(() => proxy.close());
afterEach(() => {
	const unused = proxy.pending();
	proxy.clear();
	expect(unused).toBe(0);
});

function client(extra: Partial<CreateHumaClientOptions> = {}) {
	return createHumaClient({
		baseUrl: proxy.url,
		credentials: sandbox().credentials,
		random: () => 0.5,
		...extra,
	});
}

const GET_USER = /^GET \/users\//;
const seenSince = (from: number, pattern: RegExp) =>
	proxy.seen.slice(from).filter((line) => pattern.test(line)).length;

describe('connections reset after the request was forwarded', () => {
	it('retries a read whose answer was lost, with the same request', async () => {
		const c = client();
		await c.getAccessToken();
		const from = proxy.seen.length;
		proxy.script({ fault: { kind: 'reset-after-forward' }, match: GET_USER });
		const user = await c.users.get({ id: 'me' });
		expect(user).toMatchObject({ id: sandbox().sandbox.store.serviceUserId });
		expect(proxy.seen.slice(from)).toEqual([`GET /users/me`, `GET /users/me`]);
		await c.close();
	});

	it('does not send a create again when its answer was lost: Huma made it once', async () => {
		const c = client();
		await c.getAccessToken();
		const before = sandbox().sandbox.counters.creates['jobTitle.create'] ?? 0;
		proxy.script({ fault: { kind: 'reset-after-forward' }, match: /^POST \/job-titles/ });
		const error = await c.jobTitles
			.create({ body: { name: 'Lost Answer Engineer' } })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({ requestSent: true });
		expect(sandbox().sandbox.counters.creates['jobTitle.create']).toBe(before + 1);
		await c.close();
	});

	it('lists every user exactly though pages lose their connection, reading through the proxy', async () => {
		const c = client({ sleep: async () => undefined });
		await c.getAccessToken();
		// Each of the first pages loses its answer four times in a row: more than one call's attempts.
		for (let i = 0; i < 4; i++)
			proxy.script({ fault: { kind: 'reset-after-forward' }, match: /offset=50($|&)/ });
		const ids = (await c.listAll('user.list', {}, { pageSize: 50 })).map((u) => u.id);
		expect(ids.length).toBe(sandbox().sandbox.store.users.size);
		expect(new Set(ids).size).toBe(ids.length);
		await c.close();
	});
});

describe('servers that stall or trickle: the deadline ends the call', () => {
	it('ends a call to a silent server at its deadline, retries included, naming the deadline', async () => {
		const c = client({ timeoutMs: 150, deadlineMs: 400 });
		await c.getAccessToken();
		for (let i = 0; i < 4; i++) proxy.script({ fault: { kind: 'stall' }, match: GET_USER });
		const from = proxy.seen.length;
		const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({
			code: 'TIMEOUT',
			message: expect.stringContaining('within the deadline of 400 ms'),
		});
		// The idle timeout alone would have allowed all 4 attempts.
		expect(seenSince(from, GET_USER)).toBeLessThan(4);
		proxy.clear();
		await c.close();
	});

	it('ends a call to a server that trickles a byte at a time, which no idle timeout catches', async () => {
		const c = client({ timeoutMs: 1_000 });
		await c.getAccessToken();
		proxy.script({ fault: { kind: 'trickle', everyMs: 50 }, match: GET_USER });
		const error = await c.users.get({ id: 'me' }, { deadlineMs: 600 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({
			code: 'TIMEOUT',
			message: expect.stringContaining('deadline of 600 ms'),
		});
		await c.close();
	});

	it('still ends a call at once when the caller aborts it', async () => {
		const c = client({ deadlineMs: 10_000 });
		await c.getAccessToken();
		proxy.script({ fault: { kind: 'stall' }, match: GET_USER });
		const controller = new AbortController();
		const pending = c.users
			.get({ id: 'me' }, { signal: controller.signal })
			.catch((e: unknown) => e);
		setTimeout(() => controller.abort(), 50);
		expect(await pending).toMatchObject({ name: 'HumaConnectionError', code: 'ABORTED' });
		await c.close();
	});
});

describe('odd answers', () => {
	it('sends the current token and the same headers on a retried request (echoed back)', async () => {
		const c = client();
		const token = await c.getAccessToken();
		proxy.script(
			{ fault: { kind: 'reset-after-forward' }, match: GET_USER },
			{ fault: { kind: 'echo', status: 200 }, match: GET_USER },
		);
		const echoed = (await c.users.get({ id: 'me' })) as unknown as {
			method: string;
			path: string;
			headers: Record<string, string>;
		};
		expect(echoed).toMatchObject({
			method: 'GET',
			path: '/users/me',
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
		});
		await c.close();
	});

	it('reports a malformed JSON answer as a HumaError naming the operation', async () => {
		const c = client();
		await c.getAccessToken();
		proxy.script({ fault: { kind: 'malformed' }, match: GET_USER });
		const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaError);
		expect((error as Error).message).toMatch(/user\.get.*not valid JSON/);
		await c.close();
	});

	it('retries a gateway HTML page on a read, then says how many attempts were made', async () => {
		const c = client({ sleep: async () => undefined });
		await c.getAccessToken();
		for (let i = 0; i < 4; i++)
			proxy.script({ fault: { kind: 'html', status: 502 }, match: GET_USER });
		const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error).toMatchObject({
			status: 502,
			message: expect.stringContaining('after 4 attempts'),
		});
		await c.close();
	});

	it('accepts an empty answer where the spec promises none', async () => {
		const c = client();
		await c.getAccessToken();
		proxy.script({ fault: { kind: 'empty' }, match: /^DELETE \/users\/[^/]+\/positions\// });
		const userId = sandbox().sandbox.store.serviceUserId;
		await expect(
			c.positions.delete({ userId, id: '3f0a4a8e-5a4e-4b8e-9d2c-1b2a3c4d5e6f' }),
		).resolves.toBeUndefined();
		await c.close();
	});
});
