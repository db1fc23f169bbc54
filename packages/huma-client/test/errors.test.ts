import {
	createHumaClient,
	HumaApiError,
	UndiciTransport,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client } = useClientSandbox();

describe('errors and secrets', () => {
	it('names status, Huma error code, fields and operation', async () => {
		const { c } = client();
		const existing = [...sandbox().sandbox.store.users.values()][0];
		const error = (await c.users
			.create({ body: { givenName: 'A', familyName: 'B', email: existing.email, groups: [] } })
			.catch((e: unknown) => e)) as HumaApiError;
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error).toMatchObject({
			status: 400,
			errorCode: 'field:invalid-format',
			fields: ['email'],
			operation: 'user.create',
			method: 'POST',
			path: '/users',
		});
		expect(error.message).toBe(
			'Huma answered 400 field:invalid-format to user.create (POST /users): A user with this email already exists. Check these fields: email.',
		);
		expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 400, fields: ['email'] });
		await c.close();
	});

	it('never shows the client secret or a token in errors', async () => {
		const secret = 'super-secret-client-secret-123';
		const { c } = client({
			credentials: { clientId: sandbox().credentials.clientId, clientSecret: secret },
		});
		const error = (await c.users.get({ id: 'me' }).catch((e: unknown) => e)) as HumaApiError;
		expect(error.status).toBe(401);
		const everything = [
			error.message,
			error.stack,
			JSON.stringify(error),
			String((error as { cause?: unknown }).cause),
		].join('\n');
		expect(everything).not.toContain(secret);
		await c.close();

		// A transport whose own errors carry the secret and the bearer token is scrubbed too.
		const leaky = createHumaClient({
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
			sleep: async () => undefined,
			retry: { maxAttempts: 1 },
			transport: {
				request: async (req) => {
					if (req.url.endsWith('/auth/oauth/token')) return new UndiciTransport().request(req);
					throw new Error(
						`socket hang up while sending ${req.headers.authorization} with ${sandbox().credentials.clientSecret}`,
						{
							cause: new Error(`inner ${sandbox().credentials.clientSecret}`),
						},
					);
				},
			},
		});
		const leak = (await leaky.users.get({ id: 'me' }).catch((e: unknown) => e)) as Error & {
			cause: Error;
		};
		const text = [
			leak.message,
			leak.stack,
			leak.cause.message,
			leak.cause.stack,
			JSON.stringify(leak),
		].join('\n');
		expect(text).not.toContain(sandbox().credentials.clientSecret);
		expect(text).not.toMatch(/Bearer (?!\[redacted\])/);
		expect(text).toContain('[redacted]');
	});
});
