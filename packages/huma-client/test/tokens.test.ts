import { HumaApiError } from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, counters, opCount } = useClientSandbox();

describe('tokens', () => {
	it('caches the token and refreshes it shortly before expiry', async () => {
		let now = Date.now();
		const { c } = client({ now: () => now });
		const before = counters().tokenRequests;
		await c.users.get({ id: 'me' });
		await c.users.get({ id: 'me' });
		expect(counters().tokenRequests).toBe(before + 1);
		now += 3600_000 - 31_000; // still outside the 30 s margin
		await c.users.get({ id: 'me' });
		expect(counters().tokenRequests).toBe(before + 1);
		now += 2_000; // inside the margin: replaced before Huma would refuse it
		await c.users.get({ id: 'me' });
		expect(counters().tokenRequests).toBe(before + 2);
		await c.close();
	});

	it('shares one token request among concurrent callers', async () => {
		const { c } = client();
		const before = counters().tokenRequests;
		await Promise.all(Array.from({ length: 100 }, () => c.users.get({ id: 'me' })));
		expect(counters().tokenRequests).toBe(before + 1);
		await c.close();
	});

	it('refreshes once and retries on 401 invalid_token', async () => {
		const { c } = client();
		await c.users.get({ id: 'me' });
		const before = counters().tokenRequests;
		sandbox().sandbox.expireTokens();
		await Promise.all([c.users.get({ id: 'me' }), c.users.get({ id: 'me' })]);
		expect(counters().tokenRequests).toBe(before + 1);
		await c.close();
	});

	it('gives up after one refresh when the key stops working', async () => {
		const key = sandbox().sandbox.addKey();
		const { c } = client({
			credentials: { clientId: key.clientId, clientSecret: key.clientSecret },
		});
		await c.users.get({ id: 'me' });
		sandbox().sandbox.setKeyStatus(key.clientId, 'deactivated');
		const before = counters().tokenRequests;
		const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error).toMatchObject({
			status: 401,
			errorCode: 'invalid_client',
			operation: 'auth.token',
		});
		expect(counters().tokenRequests).toBe(before + 1);
		await c.close();
	});

	it('revokes the token at Huma', async () => {
		const { c } = client();
		await c.users.get({ id: 'me' });
		const token = await c.getAccessToken();
		const before = opCount('auth.revoke');
		await c.revoke();
		expect(opCount('auth.revoke')).toBe(before + 1);
		const bare = await fetch(`${sandbox().url}/users/me`, {
			headers: { authorization: `Bearer ${token}` },
		});
		expect(bare.status).toBe(401);
		expect(await bare.json()).toEqual({
			error: 'invalid_token',
			error_description: 'Access token has been revoked',
		});
		await c.users.get({ id: 'me' }); // a new token is fetched
		await c.close();
	});
});
