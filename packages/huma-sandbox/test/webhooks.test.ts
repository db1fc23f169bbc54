import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHumaClient, verifyWebhook } from '@huma-integrations/huma-client/node';
import { startSandbox, type RunningSandbox } from '@huma-integrations/huma-sandbox';

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A real HTTP receiver answering the statuses queued in `answers` (then 200). */
async function receiver() {
	const received: Received[] = [];
	const answers: number[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(answers.shift() ?? 200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return {
		url,
		received,
		answers,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const secret = 'sandbox-webhook-secret';
const token = 'sandbox-webhook-token';
let hook: Awaited<ReturnType<typeof receiver>>;
let sb: RunningSandbox;

beforeAll(async () => {
	hook = await receiver();
	sb = await startSandbox({
		users: 30,
		seed: 5,
		strict: true,
		webhook: { url: hook.url, secret, token },
		webhookRetry: { baseDelayMs: 5 },
	});
});
afterAll(async () => {
	await sb.close();
	await hook.close();
	expect(sb.sandbox.violations).toEqual([]);
});
beforeEach(() => {
	hook.received.length = 0;
});

const verified = (r: Received) => {
	const result = verifyWebhook({ headers: r.headers, body: r.body }, { secret, token });
	if (!result.ok) throw new Error(result.reason);
	return result.delivery;
};

describe('sandbox webhooks', () => {
	it('sends a signed users-create and users-update for API writes', async () => {
		const huma = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
		const created = (await huma.users.create({
			body: { givenName: 'Web', familyName: 'Hook', email: 'web.hook@example.com', groups: [] },
		} as never)) as { id: string };
		await huma.users.update({ id: created.id, body: { preferredName: 'Webby' } } as never);
		await sb.sandbox.webhooks.idle();
		await huma.close();
		const deliveries = hook.received.map(verified);
		expect(deliveries.map((d) => d.topic)).toEqual(['users-create', 'users-update']);
		expect(hook.received[0].headers['huma-topic']).toBe('users-create');
		expect(hook.received[0].headers.authorization).toBe(`Bearer ${token}`);
		expect(deliveries[0].users).toMatchObject([
			{ id: created.id, email: 'web.hook@example.com', givenName: 'Web' },
		]);
		expect(deliveries[1].users).toMatchObject([{ id: created.id, preferredName: 'Webby' }]);
		expect(deliveries[1].users[0]).not.toHaveProperty('custom');
	});

	it('retries a failed delivery with back-off and counts it; a 4xx refusal is not retried', async () => {
		const before = { ...sb.sandbox.webhooks.counters };
		hook.answers.push(503, 500);
		const id = [...sb.sandbox.store.users.keys()][3];
		await fetch(`${sb.url}/__sandbox/users/${id}/active`, {
			method: 'PUT',
			body: JSON.stringify({ active: false }),
		});
		await sb.sandbox.webhooks.idle();
		expect(hook.received).toHaveLength(3);
		expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
		const after = sb.sandbox.webhooks.counters;
		expect(after.delivered - before.delivered).toBe(1);
		expect(after.retries - before.retries).toBe(2);
		expect(verified(hook.received[2]).users[0]).toMatchObject({ id, status: { active: false } });

		hook.received.length = 0;
		hook.answers.push(401);
		await fetch(`${sb.url}/__sandbox/webhook/send`, {
			method: 'POST',
			body: JSON.stringify({ topic: 'absence-registered', body: { absence: { id: 'x' } } }),
		});
		await sb.sandbox.webhooks.idle();
		expect(hook.received).toHaveLength(1);
		expect(sb.sandbox.webhooks.counters.rejected - before.rejected).toBe(1);
	});

	it('sends users-delete and users-export from admin endpoints, and shows its counters without secrets', async () => {
		const id = [...sb.sandbox.store.users.keys()][4];
		expect((await fetch(`${sb.url}/__sandbox/users/${id}`, { method: 'DELETE' })).status).toBe(200);
		const exported = await (
			await fetch(`${sb.url}/__sandbox/webhook/export`, {
				method: 'POST',
				body: JSON.stringify({ batch: 20 }),
			})
		).json();
		await sb.sandbox.webhooks.idle();
		const deliveries = hook.received.map(verified);
		expect(deliveries[0]).toMatchObject({ topic: 'users-delete', users: [{ id }] });
		expect(deliveries.slice(1).map((d) => d.topic)).toEqual(['users-export', 'users-export']);
		expect(deliveries.slice(1).flatMap((d) => d.users)).toHaveLength(exported.users);
		expect(sb.sandbox.store.users.has(id)).toBe(false);
		// Exports carry every custom field by key, with the user's value or null.
		const store = sb.sandbox.store;
		const me = deliveries
			.flatMap((d) => d.users as { id: string; custom?: Record<string, unknown> }[])
			.find((u) => u.id === store.serviceUserId)!;
		expect(me.custom).toEqual(store.users.get(store.serviceUserId)!.custom);
		const other = deliveries[1].users[1] as { id: string; custom: Record<string, unknown> };
		expect(Object.keys(other.custom)).toEqual(store.customFields.map((d) => d.key));
		for (const [key, value] of Object.entries(other.custom))
			expect(value).toEqual(store.users.get(other.id)!.custom[key] ?? null);
		const shown = await (await fetch(`${sb.url}/__sandbox/webhook`)).text();
		expect(JSON.parse(shown)).toMatchObject({
			url: hook.url,
			secret: true,
			token: true,
			counters: { byTopic: { 'users-export': 2 } },
		});
		expect(shown).not.toContain(secret);
		expect(shown).not.toContain(token);
	});

	it('gives up after the last attempt when the receiver is unreachable', async () => {
		const other = await startSandbox({
			users: 5,
			webhook: { url: 'http://127.0.0.1:9/nowhere', secret },
			webhookRetry: { attempts: 3, baseDelayMs: 1 },
		});
		other.sandbox.exportUsers();
		await other.sandbox.webhooks.idle();
		expect(other.sandbox.webhooks.counters).toMatchObject({
			queued: 1,
			delivered: 0,
			failed: 1,
			attempts: 3,
			retries: 2,
		});
		await other.close();
	});
});
