// Writes of unknown outcome are flagged and never sent twice.
import {
	createHumaClient,
	describeError,
	getOperation,
	HumaApiError,
	HumaConnectionError,
	HumaError,
	prepareRequest,
	UndiciTransport,
} from '@huma-integrations/huma-client/node';
import { useHardeningSandbox, caught } from './hardening-helpers';

const { sandbox, client } = useHardeningSandbox();

describe('writes of unknown outcome', () => {
	const newUser = () => ({
		body: {
			givenName: 'Una',
			familyName: 'Known',
			email: `una.${Math.random()}@example.com`,
			groups: [],
		},
	});

	it('flags a write that failed after it was sent, and says to check before retrying', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.create', reset: true });
		const reset = (await caught(c.users.create(newUser()))) as HumaConnectionError;
		sandbox().sandbox.script({ operation: 'user.create', status: 502 });
		const badGateway = (await caught(c.users.create(newUser()))) as HumaApiError;
		sandbox().sandbox.script({ operation: 'user.create', status: 504 });
		const gatewayTimeout = (await caught(c.users.create(newUser()))) as HumaApiError;
		for (const error of [reset, badGateway, gatewayTimeout]) {
			expect(error).toBeInstanceOf(HumaError);
			expect(error.outcomeUnknown).toBe(true);
			expect(error.message).toContain(
				'The change may have been applied in Huma: check there before retrying.',
			);
			expect(error.toJSON()).toMatchObject({ outcomeUnknown: true });
			expect(describeError(error)).toMatchObject({ outcomeUnknown: true });
		}
		// A read, a refused write and an answered 400 are plain failures.
		sandbox().sandbox.script(
			{ operation: 'user.get', status: 502 },
			{ operation: 'user.get', status: 502 },
			{ operation: 'user.get', status: 502 },
			{ operation: 'user.get', status: 502 },
		);
		const read = (await caught(c.users.get({ id: 'me' }))) as HumaApiError;
		expect(read.status).toBe(502);
		expect(read.outcomeUnknown).toBeUndefined();
		expect(describeError(read)).not.toHaveProperty('outcomeUnknown');
		const refused = createHumaClient({
			baseUrl: 'http://127.0.0.1:9',
			credentials: sandbox().credentials,
			sleep: async () => undefined,
			retry: { maxAttempts: 1 },
		});
		const notSent = (await caught(
			refused.send(prepareRequest(getOperation('user.create'), newUser())),
		)) as HumaConnectionError;
		expect(notSent.requestSent).toBe(false);
		expect(notSent.outcomeUnknown).toBeUndefined();
		await refused.close();
		await c.close();
	});

	it('flags a write whose transport failed without saying whether it was sent', async () => {
		// As n8n 1.x reports a time-out: a message, no code.
		const vague = createHumaClient({
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
			sleep: async () => undefined,
			transport: {
				request: async (req) => {
					if (req.url.endsWith('/auth/oauth/token')) return new UndiciTransport().request(req);
					throw new Error('timeout of 30000ms exceeded');
				},
			},
		});
		const write = (await caught(vague.users.create(newUser()))) as HumaError;
		expect(write).toBeInstanceOf(HumaError);
		expect(write.outcomeUnknown).toBe(true);
		expect(describeError(write)).toMatchObject({ outcomeUnknown: true });
		const read = (await caught(vague.users.get({ id: 'me' }))) as HumaError;
		expect(read.outcomeUnknown).toBeUndefined();
	});
});
