// One rate limit per API key in a process: clients with the same client ID and base URL share a
// gate (its cool-down and pace), clients of other keys never wait for it, and two copies of the
// core (as n8n's bundles load) find the same gate.
import {
	createHumaClient,
	rateLimitKey,
	UndiciTransport,
	type CreateHumaClientOptions,
	type HttpRequest,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';
import type { SharedRateGate } from '../src/ratelimit';
import { rateGateFor } from '../src/rate-sharing';

/** A sleep that never ends: these gates are only asked whether they admit at once. */
const asleep = () => new Promise<void>(() => undefined);

const sandbox = useSandbox({ users: 20, seed: 5 });

/** A client whose requests are counted, and whose waits end only when the test says so. */
function countedClient(extra: Partial<CreateHumaClientOptions> = {}) {
	const transport = new UndiciTransport();
	const sent: string[] = [];
	const sleeps: Array<() => void> = [];
	const client = createHumaClient({
		baseUrl: sandbox().url,
		credentials: sandbox().credentials,
		transport: {
			maxConcurrency: transport.maxConcurrency,
			request: (request: HttpRequest) => {
				sent.push(request.url);
				return transport.request(request);
			},
			close: () => transport.close(),
		},
		sleep: () => new Promise<void>((resolve) => sleeps.push(resolve)),
		...extra,
	});
	return { client, sent, sleeps };
}

const gateOf = (client: object) => (client as unknown as { gate: object }).gate;

describe('one rate limit per API key', () => {
	it('holds every client of a key during a 429 cool-down, and no client of another key', async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		const a = countedClient({ rateLimit: { key: 'key-1' } });
		const b = countedClient({ rateLimit: { key: 'key-1' } });
		const other = countedClient({ rateLimit: { key: 'key-2' } });
		await Promise.all([a, b, other].map(({ client }) => client.getAccessToken()));
		sandbox().sandbox.script({ operation: 'user.get', status: 429, retryAfter: '2' });
		const first = a.client.users.get({ id });
		// The 429's cool-down is the gate's one sleeper (the first client's sleep).
		while (a.sleeps.length === 0) await new Promise((resolve) => setImmediate(resolve));
		const second = b.client.users.get({ id });
		await other.client.users.get({ id });
		expect(other.sent.filter((url) => url.includes('/users/'))).toHaveLength(1);
		expect(b.sent.filter((url) => url.includes('/users/'))).toHaveLength(0);
		a.sleeps.shift()!();
		await Promise.all([first, second]);
		expect(a.sent.filter((url) => url.includes('/users/'))).toHaveLength(2);
		expect(b.sent.filter((url) => url.includes('/users/'))).toHaveLength(1);
		await Promise.all([a, b, other].map(({ client }) => client.close()));
	});

	it('shares by client ID and base URL unless told otherwise, keyed without the secret', async () => {
		const { url, credentials } = sandbox();
		const make = (extra: Partial<CreateHumaClientOptions> = {}) =>
			createHumaClient({ baseUrl: url, credentials, ...extra });
		const [one, two, own] = [make(), make(), make({ rateLimit: { key: false } })];
		// A clock of its own is no reason for a gate of its own: only `key: false` is.
		const clocked = make({ now: () => Date.now() });
		const otherUrl = make({ baseUrl: url.replace('127.0.0.1', 'localhost') });
		const otherId = make({ credentials: { ...credentials, clientId: 'another-client' } });
		expect(gateOf(one)).toBe(gateOf(two));
		expect(gateOf(clocked)).toBe(gateOf(one));
		for (const client of [own, otherUrl, otherId]) expect(gateOf(client)).not.toBe(gateOf(one));
		const key = rateLimitKey(credentials.clientId, url);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain(credentials.clientId);
		await Promise.all([one, two, own, clocked, otherUrl, otherId].map((client) => client.close()));
	});

	// The gates live in the module: one registry per loaded copy of the core. The n8n package
	// loads one copy for every node and trigger (test/contract/pack.test.ts), Node-RED one
	// dependency; a second, separately loaded copy keeps its own.
	it('is one registry per loaded copy of the core', async () => {
		const { url, credentials } = sandbox();
		const first = createHumaClient({ baseUrl: url, credentials });
		const again = createHumaClient({ baseUrl: url, credentials });
		let second: ReturnType<typeof createHumaClient> | undefined;
		jest.isolateModules(() => {
			const copy =
				require('@huma-integrations/huma-client/node') as typeof import('@huma-integrations/huma-client/node');
			expect(copy.createHumaClient).not.toBe(createHumaClient);
			second = copy.createHumaClient({ baseUrl: url, credentials });
		});
		expect(gateOf(again)).toBe(gateOf(first));
		expect(gateOf(second!)).not.toBe(gateOf(first));
		await Promise.all([first.close(), again.close(), second!.close()]);
	});

	// n8n joins the key's gate on every execution with the credential's setting: a raised (or
	// cleared) setting must take effect without a restart, and one low client must not slow the
	// key forever. A set pace is part of the gate's key.
	it('gives a client with another set pace its own gate, so a raised or cleared setting applies', () => {
		const gate = (requestsPerSecond?: number) =>
			rateGateFor({ key: 'key-4', requestsPerSecond }, undefined, asleep, () => 0, undefined);
		const admittedAtOnce = (g: SharedRateGate) => {
			let n = 0;
			while (n < 20 && !(g.acquire() instanceof Promise)) n++;
			return n;
		};
		const low = gate(1);
		expect(gate(1)).toBe(low);
		expect(admittedAtOnce(low)).toBe(1);
		// Five per second, then none set (learn): each gets its own pace, not the first one's.
		expect(admittedAtOnce(gate(5))).toBe(5);
		expect(admittedAtOnce(gate(0))).toBe(8);
		expect(admittedAtOnce(gate())).toBe(0);
	});

	// The Node-RED editor's look-ups create a client for whatever client ID is typed in: those
	// must not fill the registry with gates kept for the process's life.
	it('lets a transient client join the key gate but leave none behind', () => {
		const gate = (transient?: boolean) =>
			rateGateFor({ key: 'key-5', transient }, undefined, asleep, () => 0, undefined);
		const brief = gate(true);
		const kept = gate();
		expect(kept).not.toBe(brief);
		expect(gate(true)).toBe(kept);
		expect(gate()).toBe(kept);
	});

	it('paces to a set rate from the first request, without waiting for a 429', async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		const paced = countedClient({ rateLimit: { key: 'key-3', requestsPerSecond: 2 } });
		await paced.client.getAccessToken();
		sandbox().sandbox.resetCounters();
		const calls = Array.from({ length: 5 }, () => paced.client.users.get({ id }));
		const users = () => paced.sent.filter((url) => url.includes('/users/'));
		while (paced.sleeps.length === 0 || users().length < 2)
			await new Promise((resolve) => setImmediate(resolve));
		for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
		// Two requests per second: two sent, the others wait for the pace (no 429 needed).
		expect(paced.sent.filter((url) => url.includes('/users/'))).toHaveLength(2);
		let done = false;
		const all = Promise.all(calls).finally(() => (done = true));
		while (!done) {
			paced.sleeps.shift()?.();
			await new Promise((resolve) => setImmediate(resolve));
		}
		await all;
		expect(sandbox().sandbox.counters.byStatus['429'] ?? 0).toBe(0);
		await paced.client.close();
	});
});
