// The core under load against the sandbox over real HTTP: rate limits, tokens expiring while
// requests queue, long lists under transient faults, retried token requests.
import {
	createHumaClient,
	HumaApiError,
	HumaConnectionError,
	type CreateHumaClientOptions,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

const sandbox = useSandbox({ users: 2_000, seed: 21 });
const counters = () => sandbox().sandbox.counters;

/**
 * A client with real timers, as users get it. Each test sets its own limit on the same sandbox,
 * so a pace one test's client learned must not hold back the next test's: no shared gate.
 */
function client(extra: Partial<CreateHumaClientOptions> = {}) {
	return createHumaClient({
		baseUrl: sandbox().url,
		credentials: sandbox().credentials,
		rateLimit: { key: false },
		...extra,
	});
}

/** A client whose waits are instant, for tests where only the number of attempts matters. */
function instantClient(extra: Partial<CreateHumaClientOptions> = {}) {
	return client({ sleep: async () => undefined, ...extra });
}

afterEach(() => {
	sandbox().sandbox.setFaults({});
	sandbox().sandbox.tokenLifetimeSeconds = 3600;
});

describe('rate limits', () => {
	it('completes a burst far beyond the limit with default settings, the whole client cooling down on 429', async () => {
		const c = client();
		sandbox().sandbox.resetCounters();
		// 20 requests per second; 150 concurrent calls need at least 7 windows.
		sandbox().sandbox.setFaults({ rateLimit: { requests: 20, windowMs: 1000 } });
		const id = sandbox().sandbox.store.serviceUserId;
		const results = await Promise.allSettled(
			Array.from({ length: 150 }, () => c.users.get({ id })),
		);
		const failed = results.filter((r) => r.status === 'rejected');
		expect(failed.map((r) => (r as PromiseRejectedResult).reason.message).slice(0, 3)).toEqual([]);
		expect(counters().byOperation['user.get']).toBeGreaterThanOrEqual(150);
		// At most the transport's 16 connections meet the limit unannounced; after that the client
		// paces itself to what passed between two 429s, so few requests are refused (25 measured),
		// not every waiter at each window.
		const refused = counters().byStatus['429'] ?? 0;
		expect(refused).toBeLessThan(75);
		await c.close();
	}, 60_000);
});

describe('token expiry under queueing', () => {
	it('lets 1,000 concurrent calls succeed with 1 s tokens, one token request per expiry', async () => {
		const c = client();
		sandbox().sandbox.tokenLifetimeSeconds = 1;
		// Each request takes 20 ms: the last of 1,000 over 16 connections is sent well after 1 s.
		sandbox().sandbox.setFaults({ latencyMs: 20 });
		sandbox().sandbox.resetCounters();
		const id = sandbox().sandbox.store.serviceUserId;
		const started = Date.now();
		const results = await Promise.allSettled(
			Array.from({ length: 1000 }, () => c.users.get({ id })),
		);
		const elapsed = Date.now() - started;
		const failed = results.filter((r) => r.status === 'rejected');
		expect(failed.length).toBe(0);
		// A token is replaced a tenth of its life before expiry: one request per 0.9 s at most, plus the first.
		expect(counters().tokenRequests).toBeLessThanOrEqual(Math.ceil(elapsed / 900) + 1);
		await c.close();
	});

	it('still gives up after one refresh when the current token is refused', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		const before = counters().tokenRequests;
		sandbox().sandbox.keys[0].status = 'deactivated';
		try {
			await expect(c.users.get({ id: 'me' })).rejects.toMatchObject({ status: 401 });
			expect(counters().tokenRequests - before).toBe(1);
		} finally {
			sandbox().sandbox.keys[0].status = 'active';
		}
		await c.close();
	});
});

describe('long lists under transient faults', () => {
	it('lists every user exactly, in every seeded run, when 40% of requests fail transiently', async () => {
		const users = sandbox().sandbox.store.users.size;
		for (let run = 0; run < 4; run++) {
			const c = instantClient();
			await c.getAccessToken();
			sandbox().sandbox.setFaults({ errorRate: 0.4, errorStatuses: [502, 503, 504] });
			const ids = (await c.listAll('user.list', {}, { concurrency: 4 })).map((u) => u.id);
			sandbox().sandbox.setFaults({});
			expect(ids.length).toBe(users);
			expect(new Set(ids).size).toBe(users);
			await c.close();
		}
	});

	it('fails loudly, never partially, when Huma is down, after a bounded number of requests', async () => {
		const c = instantClient();
		await c.getAccessToken();
		sandbox().sandbox.resetCounters();
		sandbox().sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
		const seen: string[] = [];
		const error = await (async () => {
			for await (const user of c.paginate('user.list', {}, { concurrency: 4 })) seen.push(user.id);
		})().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error).toMatchObject({ status: 503 });
		expect(seen).toEqual([]);
		// The first page: its call's 4 attempts, then at most 3 more calls of 4.
		expect(counters().byOperation['user.list']).toBeLessThanOrEqual(16);
		await c.close();
	});

	it('fails when one page keeps failing though the others arrive', async () => {
		const c = instantClient({ retry: { maxAttempts: 1 } });
		await c.getAccessToken();
		// Offset 100 answers 503 on every call; without a page-call cap the list would loop.
		const calls = Array.from({ length: 10 }, () => ({
			operation: 'user.list',
			status: 503,
			after: 2,
		}));
		sandbox().sandbox.script(calls[0]);
		for (let i = 1; i < calls.length; i++)
			sandbox().sandbox.script({ operation: 'user.list', status: 503 });
		await expect(c.listAll('user.list', {}, { concurrency: 1 })).rejects.toMatchObject({
			status: 503,
		});
		await c.close();
	});
});

describe('token requests', () => {
	it('retries the token endpoint on 502 and 503 like any other call', async () => {
		const c = instantClient();
		sandbox().sandbox.script(
			{ operation: 'auth.token', status: 502 },
			{ operation: 'auth.token', status: 503 },
		);
		await expect(c.users.get({ id: 'me' })).resolves.toMatchObject({ id: expect.any(String) });
		await c.close();
	});

	it('says how many attempts were made when retries did not help', async () => {
		const c = instantClient();
		await c.getAccessToken();
		sandbox().sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
		await expect(c.users.get({ id: 'me' })).rejects.toThrow(/after 4 attempts/);
		const fresh = instantClient();
		await expect(fresh.getAccessToken()).rejects.toThrow(/auth\.token.*after 4 attempts/);
		await c.close();
		await fresh.close();
	});
});

describe('deadlines', () => {
	it('rejects a deadline passed while waiting out a rate limit, naming the deadline', async () => {
		const c = client({ deadlineMs: 300 });
		await c.getAccessToken();
		sandbox().sandbox.script({ operation: 'user.get', status: 429, retryAfter: '5' });
		const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({
			code: 'TIMEOUT',
			message: expect.stringContaining('deadline of 300 ms'),
		});
		await c.close();
	});
});
