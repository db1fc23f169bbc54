import { startSandbox } from '@huma-integrations/huma-sandbox';
import { sandboxWithApi } from './api';

const { api } = sandboxWithApi();

describe('request and response checks', () => {
	it('validates requests with the InvalidFieldFormatResponse shape', async () => {
		const res = await api('GET', '/users?limit=51&orderDirection=UP');
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({
			errorCode: 'field:invalid-format',
			fields: ['limit', 'orderDirection'],
		});
		expect((await api('POST', '/users', { givenName: 'x' })).body.fields).toEqual([
			'email',
			'familyName',
			'groups',
		]);
		expect((await api('GET', '/holidays/NO?fromDate=2025-01-01')).body.fields).toEqual(['toDate']);
	});

	it('strict mode turns a response that breaks the spec into a loud 500', async () => {
		const s = await startSandbox({ users: 3, strict: true });
		const store = s.sandbox.store;
		// Corrupt the store so the answer cannot match the spec: email must be a string.
		(store.users.get(store.serviceUserId) as unknown as { email: unknown }).email = 42;
		const t = (
			await (
				await fetch(`${s.url}/auth/oauth/token`, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({
						grant_type: 'client_credentials',
						client_id: s.credentials.clientId,
						client_secret: s.credentials.clientSecret,
					}).toString(),
				})
			).json()
		).access_token;
		const res = await fetch(`${s.url}/users/me`, { headers: { authorization: `Bearer ${t}` } });
		expect(res.status).toBe(500);
		expect(s.sandbox.violations[0]).toMatchObject({
			operation: 'user.get',
			issues: [{ field: 'email.value', message: 'must be text (got 42)' }],
		});
		await s.close();
	});
});
