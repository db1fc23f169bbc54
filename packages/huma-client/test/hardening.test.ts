import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
	createHumaClient,
	describeError,
	getOperation,
	HumaApiError,
	HumaConnectionError,
	HumaError,
	HumaValidationError,
	operations,
	prepareRequest,
	Redactor,
	sleep as realSleep,
	UndiciTransport,
	type CreateHumaClientOptions,
	type OperationSpec,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

const sandbox = useSandbox({ users: 60, seed: 11 });
const counters = () => sandbox().sandbox.counters;

afterEach(() => sandbox().sandbox.setFaults({}));

function client(extra: Partial<CreateHumaClientOptions> = {}) {
	return createHumaClient({
		baseUrl: sandbox().url,
		credentials: sandbox().credentials,
		sleep: async () => undefined,
		...extra,
	});
}

/** A tiny HTTP server whose answers each test decides. */
async function tinyServer(
	handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
) {
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => handler(req, body, res));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const caught = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error,
	);

describe('path values cannot change the endpoint', () => {
	const hostile = [
		'.',
		'..',
		'...',
		' .. ',
		'%2e',
		'%2E',
		'%2e%2e',
		'%2E%2e',
		'.%2e',
		'%2e.',
		'%252e%252e',
		'a/..',
		'../users',
		'..%2f',
		'..%2F',
		'%2f',
		'/',
		'\\',
		'..\\',
		'\\..',
		'a\\b',
		'%5c',
		'',
		' ',
		'\t',
		'a\u0000b',
		'a\nb',
		'\r\n',
		'%00',
		'%0a',
		'a?b=1',
		'a#b',
		'a;b',
		'%',
		'%zz',
		'a b',
		'ünïcödé',
		'@',
		'..;',
		'me',
		'3fa85f64-5717-4562-b3fc-2c963f66afa6',
		'NO',
	];
	const withPathParams = operations.filter((op) => op.parameters.some((p) => p.in === 'path'));
	const base = 'https://huma.example/open-api';
	const valid = (op: OperationSpec, name: string) => {
		const param = op.parameters.find((p) => p.name === name)!;
		if (param.schema.format === 'ISO 3166-1 alpha-2') return 'NO';
		return param.schema.format === 'uuid' ? '3fa85f64-5717-4562-b3fc-2c963f66afa6' : 'me';
	};

	it.each(withPathParams.map((op) => [op.name, op] as const))(
		'%s: every hostile value is refused or stays one segment',
		(_name, op) => {
			// Only the path parameters: what is checked here is where a value can send the request.
			const pathOnly: OperationSpec = {
				...op,
				body: undefined,
				parameters: op.parameters.filter((p) => p.in === 'path'),
			};
			const template = op.path.split('/');
			for (const param of pathOnly.parameters) {
				for (const value of hostile) {
					const params = Object.fromEntries(
						pathOnly.parameters.map((p) => [
							p.name,
							p.name === param.name ? value : valid(op, p.name),
						]),
					);
					let prepared;
					try {
						prepared = prepareRequest(pathOnly, params);
					} catch (error) {
						expect(error).toBeInstanceOf(HumaValidationError);
						expect((error as HumaValidationError).fields).toContain(param.name);
						continue;
					}
					const segments = new URL(base + prepared.path).pathname.split('/').slice(2);
					expect(segments).toHaveLength(template.length - 1);
					template.slice(1).forEach((part, i) => {
						if (part === `{${param.name}}`) expect(decodeURIComponent(segments[i])).toBe(value);
						else if (!part.startsWith('{')) expect(segments[i]).toBe(part);
					});
				}
			}
		},
	);

	it('refuses dot segments over HTTP before anything is sent', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		const before = counters().requests;
		const attempts: [string, Record<string, unknown>, string][] = [
			['user.addToGroups', { id: '..', body: [] }, 'id'],
			['user.getSupervisor', { id: '.' }, 'id'],
			['position.delete', { userId: '..', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, 'userId'],
			['user.update', { id: '%2E%2e', body: {} }, 'id'],
			[
				'userChild.delete',
				{ userId: 'a/..', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
				'userId',
			],
		];
		for (const [name, params, field] of attempts) {
			const error = await caught(c.call(name as never, params as never));
			expect(error).toBeInstanceOf(HumaValidationError);
			expect((error as HumaValidationError).fields).toContain(field);
			expect((error as Error).message).toContain('Nothing was sent to Huma');
		}
		expect(counters().requests).toBe(before);
		await c.close();
	});
});

describe('user ids', () => {
	it('takes a UUID or the aliases the spec names, and refuses anything else before sending', async () => {
		const c = client();
		const me = await c.users.get({ id: 'me' });
		expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
		await expect(c.users.get({ id: me.id! })).resolves.toMatchObject({ id: me.id });
		const none = await c.users.list({ supervisor: 'none', limit: 5 });
		expect(Array.isArray(none.items)).toBe(true);
		const before = counters().requests;
		const bad = await caught(c.users.get({ id: 'not-a-uuid' }));
		expect(bad).toBeInstanceOf(HumaValidationError);
		expect((bad as Error).message).toContain("id must be a user's UUID");
		const inList = await caught(c.users.list({ id: ['me', 'bob'] }));
		expect((inList as HumaValidationError).fields).toEqual(['id[1]']);
		const supervisor = await caught(c.users.list({ supervisor: 'nobody' }));
		expect((supervisor as Error).message).toContain('or "none" or "me" (got "nobody")');
		const userId = await caught(c.positions.list({ userId: 'bob' }));
		expect((userId as HumaValidationError).fields).toEqual(['userId']);
		expect(counters().requests).toBe(before);
		await c.close();
	});
});

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

describe('abort and time limits', () => {
	it('ends as a HumaConnectionError for abort() and AbortSignal.timeout(), never a TypeError', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.setFaults({ latencyMs: 5_000 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 20);
		const aborted = await caught(c.users.get({ id: 'me' }, { signal: controller.signal }));
		const timedOut = await caught(c.users.get({ id: 'me' }, { signal: AbortSignal.timeout(20) }));
		sandbox().sandbox.setFaults({});
		expect(aborted).toBeInstanceOf(HumaConnectionError);
		expect(aborted).toMatchObject({ code: 'ABORTED' });
		expect(timedOut).toBeInstanceOf(HumaConnectionError);
		expect(timedOut).toMatchObject({ code: 'TIMEOUT' });
		expect((timedOut as Error).message).toContain('timed out');
		await c.close();
	});

	it('ends as a HumaConnectionError when aborted during a retry back-off', async () => {
		const controller = new AbortController();
		const c = client({
			// The abort lands exactly while the client waits before its retry.
			sleep: (ms, signal) => {
				controller.abort();
				return realSleep(ms, signal);
			},
		});
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.get', status: 503 });
		const error = await caught(c.users.get({ id: 'me' }, { signal: controller.signal }));
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({ code: 'ABORTED', operation: 'user.get' });
		await c.close();
	});
});

describe('answers of the wrong shape', () => {
	it('names the operation and what came back instead of failing with a TypeError', async () => {
		const answers: Record<string, string> = {};
		const server = await tinyServer((req, _body, res) => {
			if (req.url === '/auth/oauth/token') {
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(JSON.stringify({ access_token: 'a-token-for-shapes', expires_in: 3600 }));
			}
			const key = `${req.method} ${req.url!.split('?')[0]}`;
			res.writeHead(key.endsWith('/broken') ? 502 : 200, { 'content-type': 'application/json' });
			res.end(answers[key] ?? '');
		});
		const c = createHumaClient({
			baseUrl: server.url,
			credentials: { clientId: 'id', clientSecret: 'secret-value' },
			sleep: async () => undefined,
			retry: { maxAttempts: 1 },
		});
		const me = '/users/me';
		// An empty 200 where an object is promised.
		answers[`GET ${me}`] = '';
		const empty = await caught(c.users.get({ id: 'me' }));
		expect(empty).toBeInstanceOf(HumaError);
		expect((empty as Error).message).toContain(
			'Huma answered user.get (GET /users/me) with an empty body where the API promises an object',
		);
		for (const page of ['{"data":[]}', '{"total":3,"items":null}', '[]']) {
			answers['GET /users'] = page;
			const error = await caught(c.listAll('user.list'));
			expect(error).toBeInstanceOf(HumaError);
			expect(error).not.toBeInstanceOf(TypeError);
			expect((error as Error).message).toMatch(
				/Huma answered user\.list \(GET \/users\) with .* where the API promises a list page/,
			);
			await expect(c.users.list({})).rejects.toThrow('promises a list page');
		}
		answers['GET /job-titles'] = '{"items":[]}';
		await expect(c.jobTitles.list()).rejects.toThrow(
			'with an object with items where the API promises a list',
		);
		// Operations that answer no body accept an empty one.
		answers[`POST ${me}/groups`] = '';
		await expect(c.users.addToGroups({ id: 'me', body: [] })).resolves.toBeUndefined();
		await c.close();
		await server.close();
	});

	it('trims an HTML error page to readable text', async () => {
		const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style><script>var x = "<b>";</script></head>
      <body>\n\n<h1>502   Bad Gateway</h1>\n<p>The upstream server &amp; its friends did not answer.</p>${'<p>filler text</p>'.repeat(500)}</body></html>`;
		const server = await tinyServer((req, _body, res) => {
			if (req.url === '/auth/oauth/token') {
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(JSON.stringify({ access_token: 'a-token-for-html', expires_in: 3600 }));
			}
			res.writeHead(req.url === '/users/me' ? 502 : 200, { 'content-type': 'text/html' });
			res.end(page);
		});
		const c = createHumaClient({
			baseUrl: server.url,
			credentials: { clientId: 'id', clientSecret: 'secret-value' },
			sleep: async () => undefined,
			retry: { maxAttempts: 1 },
		});
		const error = (await caught(c.users.get({ id: 'me' }))) as HumaApiError;
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error.message).toContain(
			'502 Bad Gateway 502 Bad Gateway The upstream server & its friends did not answer.',
		);
		expect(error.message).not.toMatch(/<|color:red|var x/);
		expect(error.message.length).toBeLessThan(500);
		const notJson = (await caught(c.jobTitles.list())) as HumaError;
		expect(notJson.message).toContain('not valid JSON');
		expect(notJson.message).not.toContain('<');
		expect(notJson.message.length).toBeLessThan(400);
		await c.close();
		await server.close();
	});
});

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

describe('auth.revoke through call()', () => {
	it("revokes the client's current token", async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		const tokensBefore = counters().tokenRequests;
		const unauthorizedBefore = counters().byStatus['401'] ?? 0;
		await expect(c.call('auth.revoke')).resolves.toBeUndefined();
		expect(counters().byStatus['401'] ?? 0).toBe(unauthorizedBefore);
		// The next call needs a new token: the old one is revoked.
		await c.users.get({ id: 'me' });
		expect(counters().tokenRequests).toBe(tokensBefore + 1);
		await c.close();
	});
});
