import { sandboxWithApi } from './api';

const { sandbox, token, api, admin, renewBearer } = sandboxWithApi();

describe('admin API', () => {
	it('counts requests per operation, token requests and creates, readable over HTTP', async () => {
		sandbox().sandbox.resetCounters();
		await api('GET', '/users/me');
		await api('POST', '/job-titles', { name: 'Counter Clerk' });
		await token();
		const counters = await (await fetch(`${sandbox().url}/__sandbox/counters`)).json();
		expect(counters).toMatchObject({
			requests: 3,
			tokenRequests: 1,
			byOperation: { 'user.get': 1, 'jobTitle.create': 1, 'auth.token': 1 },
			creates: { 'jobTitle.create': 1 },
		});
		await fetch(`${sandbox().url}/__sandbox/faults`, {
			method: 'PUT',
			body: JSON.stringify({ errorRate: 1, errorStatuses: [503] }),
		});
		expect((await api('GET', '/users/me')).status).toBe(503);
	});

	it('scripts one-off faults, sets faults, token lifetime and expiry, and refuses what it does not know', async () => {
		expect(await admin('PUT', '/faults', { latencyMs: 1 })).toEqual({
			status: 200,
			body: { latencyMs: 1 },
		});
		expect((await admin('GET', '/faults')).body).toEqual({ latencyMs: 1 });
		expect(
			(
				await admin('POST', '/script', [
					{ operation: 'user.get', status: 503, after: 1 },
					{ status: 429, retryAfter: '7' },
				])
			).body,
		).toEqual({ queued: 2 });
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await api('GET', '/users/me'));
		expect(answers.map((a) => a.status)).toEqual([200, 503, 429, 200]);
		expect(answers[2].headers.get('retry-after')).toBe('7');

		expect(await admin('PUT', '/token-lifetime', { seconds: 120 })).toEqual({
			status: 200,
			body: { seconds: 120 },
		});
		expect((await (await token()).json()).expires_in).toBe(120);
		await admin('PUT', '/token-lifetime', { seconds: 3600 });
		expect(await admin('POST', '/expire-tokens')).toEqual({ status: 200, body: {} });
		expect((await api('GET', '/users/me')).body.error_description).toBe('Access token expired');
		await renewBearer();

		expect(await admin('GET', '/violations')).toEqual({ status: 200, body: [] });
		expect((await admin('POST', '/counters/reset')).body).toMatchObject({
			requests: 0,
			byOperation: {},
		});
		expect(await admin('PUT', '/webhook', { url: 'ftp://example.com/hook' })).toEqual({
			status: 400,
			body: { error: 'webhook url must be http(s), got ftp://example.com/hook' },
		});
		expect(await admin('POST', '/webhook/send', {})).toEqual({
			status: 400,
			body: { error: 'topic (a string) is required' },
		});
		expect(await admin('DELETE', '/users/nobody')).toEqual({
			status: 404,
			body: { error: 'No user nobody' },
		});
		expect(
			await admin('PUT', `/users/${sandbox().sandbox.store.serviceUserId}/active`, {}),
		).toEqual({ status: 400, body: { error: 'active (true or false) is required' } });
		expect(await admin('GET', '/nothing')).toEqual({
			status: 404,
			body: { error: 'No sandbox admin endpoint GET /__sandbox/nothing' },
		});
		// Admin answers are not API requests, but their statuses count (this one's and the reset's 200 too).
		expect((await admin('GET', '/counters')).body).toMatchObject({
			requests: 0,
			byStatus: { 200: 2, 400: 3, 404: 2 },
		});
	});
});
