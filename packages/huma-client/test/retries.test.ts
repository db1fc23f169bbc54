import { describeError, HumaConnectionError } from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, counters, opCount } = useClientSandbox();

describe('retries', () => {
	it('retries 502/503/504 on GET with capped exponential backoff', async () => {
		const { c, sleeps } = client();
		await c.users.get({ id: 'me' });
		const before = opCount('user.get');
		sandbox().sandbox.script(
			{ operation: 'user.get', status: 502 },
			{ operation: 'user.get', status: 503 },
			{ operation: 'user.get', status: 504 },
		);
		await c.users.get({ id: 'me' });
		expect(opCount('user.get') - before).toBe(4);
		expect(sleeps).toEqual([188, 375, 750]); // 250·2^n, half fixed plus half jitter at 0.5
		await c.close();
	});

	it('honours Retry-After as seconds and as an HTTP date, and retries 429 even on POST', async () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		const { c, sleeps } = client({ now: () => now });
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script(
			{ operation: 'jobTitle.create', status: 429, retryAfter: '3' },
			{ operation: 'jobTitle.create', status: 429, retryAfter: new Date(now + 7000).toUTCString() },
		);
		const before = counters().creates['jobTitle.create'] ?? 0;
		await c.jobTitles.create({ body: { name: 'Retry-After Engineer' } });
		expect(sleeps).toEqual([3000, 7000]);
		expect(counters().creates['jobTitle.create']).toBe(before + 1);
		await c.close();
	});

	it('does not retry a POST on 5xx or a reset after sending, so nothing is created twice', async () => {
		const { c } = client();
		await c.users.get({ id: 'me' });
		const before = opCount('jobTitle.create');
		sandbox().sandbox.script({ operation: 'jobTitle.create', status: 503 });
		await expect(c.jobTitles.create({ body: { name: 'Once Only' } })).rejects.toMatchObject({
			status: 503,
		});
		sandbox().sandbox.script({ operation: 'jobTitle.create', reset: true });
		await expect(c.jobTitles.create({ body: { name: 'Once Only' } })).rejects.toBeInstanceOf(
			HumaConnectionError,
		);
		expect(opCount('jobTitle.create') - before).toBe(2);
		await c.close();
	});

	it('retries a GET whose connection was reset', async () => {
		const { c } = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.get', reset: true });
		const before = opCount('user.get');
		await c.users.get({ id: 'me' });
		expect(opCount('user.get') - before).toBe(2);
		await c.close();
	});

	it('retries a POST whose connection was refused, since nothing was sent', async () => {
		const { c, sleeps } = client({
			baseUrl: 'http://127.0.0.1:9',
			credentials: { clientId: 'abcdef', clientSecret: 'very-secret-value' },
		});
		const error = await c.jobTitles.create({ body: { name: 'x' } }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect((error as HumaConnectionError).requestSent).toBe(false);
		expect((error as Error).message).toContain('ECONNREFUSED');
		expect(sleeps).toHaveLength(3);
		// What a failed n8n item or Node-RED message carries: the code and the call, and no secret.
		expect(describeError(error)).toEqual({
			name: 'HumaConnectionError',
			message: expect.stringContaining('Could not reach Huma at http://127.0.0.1:9'),
			code: 'ECONNREFUSED',
			operation: 'auth.token',
			method: 'POST',
			path: '/auth/oauth/token',
		});
		expect(describeError(new TypeError('boom'))).toEqual({ name: 'TypeError', message: 'boom' });
		expect(describeError('odd')).toEqual({ name: 'Error', message: 'odd' });
		await c.close();
	});

	it('stops after the bounded number of attempts', async () => {
		const { c, sleeps } = client({ retry: { maxAttempts: 3 } });
		await c.users.get({ id: 'me' });
		sandbox().sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
		await expect(c.users.get({ id: 'me' })).rejects.toMatchObject({
			status: 503,
			message: expect.stringContaining('try again later'),
		});
		expect(sleeps).toHaveLength(2);
		await c.close();
	});

	it('does not wait for a Retry-After beyond the cap', async () => {
		const { c, sleeps } = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.get', status: 429, retryAfter: '3600' });
		await expect(c.users.get({ id: 'me' })).rejects.toMatchObject({
			status: 429,
			retryAfterMs: 3_600_000,
		});
		expect(sleeps).toEqual([]);
		await c.close();
	});

	it('stops at once when the caller aborts, without retrying', async () => {
		const { c, sleeps } = client();
		await c.users.get({ id: 'me' });
		// Without the abort the call would succeed once the latency has passed.
		sandbox().sandbox.setFaults({ latencyMs: 5_000 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 30);
		const error = await c
			.call('user.get', { id: 'me' }, { signal: controller.signal })
			.catch((e: unknown) => e);
		sandbox().sandbox.setFaults({});
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({ code: 'ABORTED' });
		expect(sleeps).toEqual([]);
		await c.close();
	});

	it('reports a malformed JSON answer clearly', async () => {
		const { c } = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.list', malformed: true });
		await expect(c.users.list({})).rejects.toThrow('with a body that is not valid JSON');
		await c.close();
	});
});
