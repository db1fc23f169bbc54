import { sandboxWithApi } from './api';

const { sandbox, token, api, renewBearer } = sandboxWithApi();

describe('OAuth', () => {
	it('issues tokens for form and JSON bodies with the Credentials shape', async () => {
		for (const form of [true, false]) {
			const res = await token(form);
			expect(res.status).toBe(200);
			expect(await res.json()).toMatchObject({
				token_type: 'Bearer',
				expires_in: 3600,
				access_token: expect.any(String),
				organizationId: expect.any(String),
				userId: expect.any(String),
			});
		}
	});

	it('refuses a bad secret, a deactivated key and a deleted key with 401', async () => {
		const bad = await token(true, { ...sandbox().credentials, clientSecret: 'wrong' });
		expect(bad.status).toBe(401);
		expect(await bad.json()).toEqual({
			error: 'invalid_client',
			error_description: 'Bad client credentials',
		});
		const key = sandbox().sandbox.addKey('deactivated');
		expect((await token(true, key)).status).toBe(401);
		sandbox().sandbox.setKeyStatus(key.clientId, 'active');
		const t = (await (await token(true, key)).json()).access_token;
		expect((await api('GET', '/users/me', undefined, t)).status).toBe(200);
		sandbox().sandbox.setKeyStatus(key.clientId, 'deleted');
		expect((await token(true, key)).status).toBe(401);
		expect(await api('GET', '/users/me', undefined, t)).toMatchObject({
			status: 401,
			body: { error: 'invalid_token', error_description: 'API key is deleted' },
		});
	});

	it('refuses missing, unknown, expired and revoked tokens', async () => {
		expect((await api('GET', '/users/me', undefined, '')).body.error).toBe('invalid_token');
		expect((await api('GET', '/users/me', undefined, 'nope')).status).toBe(401);
		const t = (await (await token()).json()).access_token;
		expect((await api('POST', '/auth/oauth/revoke', undefined, t)).status).toBe(200);
		expect((await api('GET', '/users/me', undefined, t)).body.error_description).toBe(
			'Access token has been revoked',
		);
		sandbox().sandbox.tokenLifetimeSeconds = 1;
		const short = await (await token()).json();
		expect(short.expires_in).toBe(1);
		sandbox().sandbox.tokenLifetimeSeconds = 3600;
		sandbox().sandbox.expireTokens();
		expect(
			(await api('GET', '/users/me', undefined, short.access_token)).body.error_description,
		).toBe('Access token expired');
		await renewBearer();
	});
});
