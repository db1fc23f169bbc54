// Secrets a server echoes back never reach errors, logs or inspect() output.
import { inspect } from 'node:util';
import {
	createHumaClient,
	describeError,
	HumaApiError,
	HumaError,
	Redactor,
} from '@huma-integrations/huma-client/node';
import { tinyServer, caught } from './hardening-helpers';

describe('secrets echoed by a server', () => {
	const secret = 's3cr3t+/=&?%-client-Secret-XYZ';
	const token = 'tok.en-ABCdef123456_token-value';
	const forms = (value: string) => [
		value,
		encodeURIComponent(value),
		new URLSearchParams({ s: value }).toString().slice(2),
		JSON.stringify(value).slice(1, -1),
		Buffer.from(value).toString('base64'),
	];
	const allForms = [...forms(secret), ...forms(token)];

	it('leaves no form of the secret or the token in any form of any error', async () => {
		let status = 400;
		const echo = await tinyServer((req, body, res) => {
			const echoed = `${body} ${JSON.stringify(req.headers)} ${req.headers.authorization ?? ''}`;
			const tokenCall = req.url === '/auth/oauth/token';
			if (tokenCall && status !== 401) {
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(
					JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 }),
				);
			}
			const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
			res.writeHead(status, { 'content-type': status === 500 ? 'text/plain' : 'application/json' });
			if (status === 500) return res.end(`Internal error for ${auth} while handling ${echoed}`);
			res.end(
				JSON.stringify({
					errorCode: `code:${auth}`,
					errorMessage: `You sent ${echoed}`,
					error_description: `form ${body}`,
					fields: [auth, body, 'email'],
					interpolations: { token: auth, body, nested: { deeper: [auth, body] } },
				}),
			);
		});
		const errors: unknown[] = [];
		for (const s of [400, 401, 404, 500]) {
			status = s;
			const c = createHumaClient({
				baseUrl: echo.url,
				credentials: { clientId: 'client-id-1', clientSecret: secret },
				sleep: async () => undefined,
				retry: { maxAttempts: 1 },
			});
			errors.push(await caught(c.users.get({ id: 'me' })));
			errors.push(
				await caught(
					c.users.create({ body: { givenName: 'A', familyName: 'B', email: 'a@b.c', groups: [] } }),
				),
			);
			await c.close();
		}
		await echo.close();
		expect(errors.filter((e) => e instanceof HumaError)).toHaveLength(8);
		// The echo did reach the errors: the fields are there, only the secrets are gone.
		expect((errors[0] as HumaApiError).fields).toContain('email');
		for (const error of errors) {
			const views = [
				JSON.stringify(error),
				inspect(error, { depth: 20, showHidden: true }),
				JSON.stringify(describeError(error)),
				String((error as Error).message),
				String((error as Error).stack),
			].join('\n');
			for (const form of allForms) expect(views).not.toContain(form);
			// Not even a cut-off start of one, as a length cap could leave.
			expect(views).not.toMatch(/s3cr3t|tok\.en-ABC/);
			expect(views).toContain('[redacted]');
		}
	});

	it('redacts errors that cannot be written to, and never throws doing so', () => {
		const redactor = new Redactor();
		redactor.add(secret);
		const frozen = Object.freeze(new Error(`frozen ${secret}`));
		const dom = new DOMException(`dom ${secret}`, 'AbortError');
		const outer = new Error('outer', { cause: frozen });
		(outer as Error & { detail?: unknown }).detail = {
			list: [`x ${encodeURIComponent(secret)}`],
			dom,
		};
		expect(() => redactor.scrub(outer)).not.toThrow();
		const text = inspect(outer, { depth: 20, showHidden: true }) + JSON.stringify(outer);
		for (const form of forms(secret)) expect(text).not.toContain(form);
		expect(redactor.scrub(frozen).message).toBe('frozen [redacted]');
	});
});
