// Answers of the wrong shape name the operation and what came back.
import { createHumaClient, HumaApiError, HumaError } from '@huma-integrations/huma-client/node';
import { tinyServer, caught } from './hardening-helpers';

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
