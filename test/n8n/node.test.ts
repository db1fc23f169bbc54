import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operations } from '@huma-integrations/huma-client';
import { useSandbox } from '../helpers/sandbox';
import { ENGINE_VERSION, runHuma, stopEngineTimers, TestCredentialsHelper } from './harness';

const sandbox = useSandbox({ users: 130, seed: 17 });
let credentials: TestCredentialsHelper;

beforeEach(() => {
	credentials = new TestCredentialsHelper();
	credentials.store.set('cred-1', {
		environment: 'custom',
		baseUrl: sandbox().url,
		...sandbox().credentials,
		accessToken: '',
	});
});
afterEach(() => sandbox().sandbox.setFaults({}));
afterAll(() => stopEngineTimers());

const store = () => sandbox().sandbox.store;
const count = (op: string) => sandbox().sandbox.counters.byOperation[op] ?? 0;
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Huma node in the n8n execution engine', () => {
	it('runs on the n8n engine asked for', () => {
		expect(ENGINE_VERSION.split('.')[0]).toBe(
			process.env.HUMA_EXPECT_N8N_CORE ?? ENGINE_VERSION.split('.')[0],
		);
	});

	it('gets all users across pages, with pairedItem on every item', async () => {
		const before = count('user.list');
		const { items, error } = await runHuma(credentials, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(store().users.size);
		expect(count('user.list') - before).toBe(Math.ceil(store().users.size / 50));
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('honours Limit and filters chosen from lists', async () => {
		const team = [...store().groups.values()].find((g) => g.name === 'Engineering')!;
		const { items } = await runHuma(credentials, {
			resource: 'user',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { team: [team.id], isActive: true },
		});
		expect(items).toHaveLength(5);
		expect(
			items.every((i) => (i.json.teams as { id: string }[]).some((t) => t.id === team.id)),
		).toBe(true);
	});

	it('runs items concurrently, keeping their order and pairing', async () => {
		const ids = [...store().users.keys()].slice(0, 12);
		const { items } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: '={{ $json.userId }}' },
			ids.map((userId) => ({ userId })),
		);
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(ids.map((_, n) => n));
		expect(typeof items[0].json.givenName).toBe('string'); // simplified by default
		const raw = await runHuma(credentials, {
			resource: 'user',
			operation: 'get',
			id: locator(ids[0]),
			simplify: false,
		});
		expect(raw.items[0].json.givenName).toMatchObject({ editable: true });
	});

	it('evaluates a field with an expression for each item, and gives a fixed field to every item', async () => {
		const [first] = [...store().users.keys()];
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: locator(first), simplify: '={{ $json.simple }}' },
			[{ simple: true }, { simple: false }, { simple: true }],
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual([first, first, first]);
		expect(items.map((i) => typeof i.json.givenName)).toEqual(['string', 'object', 'string']);
	});

	it('fetches the token through the credential and shares it across executions', async () => {
		await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		expect(credentials.preAuthentications).toBe(1);
		expect(credentials.store.get('cred-1')!.accessToken).toEqual(expect.any(String));
	});

	it('refreshes the token when it expires mid-run and loses no item', async () => {
		await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		sandbox().sandbox.setFaults({ latencyMs: 15 });
		const ids = [...store().users.keys()].slice(0, 40);
		setTimeout(() => sandbox().sandbox.expireTokens(), 40);
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: '={{ $json.id }}' },
			ids.map((id) => ({ id })),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(credentials.preAuthentications).toBeGreaterThanOrEqual(2);
	});

	it('fails before any request on invalid input, naming the field', async () => {
		const before = sandbox().sandbox.counters.requests;
		const { error } = await runHuma(credentials, {
			resource: 'jobTitle',
			operation: 'get',
			id: locator('not-a-uuid'),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toContain('id must be a UUID');
		expect(sandbox().sandbox.counters.requests - before).toBe(0); // not even the token request
		expect(count('jobTitle.get')).toBe(0);
	});

	it('checks every item before the first request: a bad last item writes nothing', async () => {
		const user = [...store().users.values()][5];
		const title = [...store().jobTitles.values()][0];
		const positions = () => store().users.get(user.id)!.positions.length;
		const before = positions();
		const create = {
			resource: 'position',
			operation: 'create',
			userId: locator(user.id),
			contractStartDate: '={{ $json.start }}',
			contractType: 'Permanent',
			titleId: title.id,
		};
		const input = [{ start: '2024-01-01' }, { start: '2024-06-01' }, { start: '2024-02-30' }];
		const { error } = await runHuma(credentials, create, input);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toContain('contractStartDate');
		expect((error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		expect(count('position.create')).toBe(0);
		expect(positions()).toBe(before);
		// With continueOnFail the good items are created and the bad one carries its error, in order.
		const kept = await runHuma(credentials, create, input, { continueOnFail: true });
		expect(kept.items.map((i) => i.json.contractStartDate ?? i.json.error)).toEqual([
			'2024-01-01',
			'2024-06-01',
			expect.objectContaining({
				issues: [expect.objectContaining({ field: 'body.contractStartDate' })],
			}),
		]);
		expect(kept.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(positions()).toBe(before + 2);
	});

	it('raises NodeApiError with status, Huma error code and fields', async () => {
		const existing = [...store().users.values()][0];
		const { error } = await runHuma(credentials, {
			resource: 'user',
			operation: 'create',
			givenName: 'A',
			familyName: 'B',
			email: existing.email,
			groups: [],
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toContain('400 field:invalid-format');
		expect(error?.description).toBe('Invalid fields: email');
	});

	it('with continueOnFail, each failed item carries the Huma error and the rest go on', async () => {
		const good = [...store().users.keys()][3];
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: '={{ $json.id }}' },
			[{ id: good }, { id: '00000000-0000-4000-8000-000000000000' }, { id: good }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[1].json.error).toMatchObject({
			status: 404,
			errorCode: 'object:not-found',
			operation: 'user.get',
		});
		expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(items[2].json.id).toBe(good);
	});

	it('tells a wrong secret apart from a wrong URL, and never shows the secret', async () => {
		const secret = 'wrong-secret-that-must-not-leak';
		credentials.store.set('cred-2', {
			environment: 'custom',
			baseUrl: sandbox().url,
			clientId: sandbox().credentials.clientId,
			clientSecret: secret,
			accessToken: '',
		});
		const wrongSecret = await runHuma(
			credentials,
			{ resource: 'jobTitle', operation: 'getAll' },
			[{}],
			{ credentialId: 'cred-2' },
		);
		// n8n 2.x hands back the token request's own error (401 invalid_client); 1.x keeps its status.
		expect(wrongSecret.error?.message).toMatch(
			/Huma answered 401 (invalid_client to auth\.token|to jobTitle\.list)/,
		);
		expect(wrongSecret.error?.message).toContain('client ID and secret');
		expect(JSON.stringify(wrongSecret.run)).not.toContain(secret);
		credentials.store.set('cred-3', {
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:9',
			...sandbox().credentials,
			accessToken: '',
		});
		const wrongUrl = await runHuma(
			credentials,
			{ resource: 'jobTitle', operation: 'getAll' },
			[{}],
			{ credentialId: 'cred-3' },
		);
		// n8n words connection failures its own way and keeps ours in `messages`: the refused
		// connection was retried (nothing was sent), also on 1.x, which drops the original error.
		expect(wrongUrl.error?.message).toContain('refused the connection');
		const messages = (wrongUrl.error as unknown as { messages: string[] }).messages.join('\n');
		expect(messages).toContain('Could not reach Huma at http://127.0.0.1:9');
		expect(messages).toContain('[ECONNREFUSED]');
		expect(messages).toContain('(after 4 attempts)');
	});

	it('runs every resource and operation', async () => {
		const users = [...store().users.values()];
		const target = users[30];
		const team = [...store().groups.values()].find((g) => g.type === 'team')!;
		const title = [...store().jobTitles.values()][1];
		const ran = new Set<string>();
		const run = async (resource: string, operation: string, params: Record<string, unknown>) => {
			const op = operations.find(
				(o) =>
					o.resource === resource &&
					(o.action === operation || (o.action === 'list' && operation === 'getAll')),
			)!;
			const before = count(op.name);
			const { items, error } = await runHuma(credentials, { resource, operation, ...params });
			expect(error?.message).toBeUndefined();
			expect(count(op.name)).toBeGreaterThan(before);
			ran.add(op.name);
			return items.map((i) => i.json);
		};
		const [created] = await run('user', 'create', {
			givenName: 'Nia',
			familyName: 'Eight',
			email: 'nia.eight@example.com',
			groups: [team.id],
			additionalFields: { phone: '+47 99' },
		});
		expect((await run('user', 'get', { id: locator(created.id as string) }))[0].phone).toBe(
			'+47 99',
		);
		expect(
			(
				await run('user', 'update', {
					id: locator(created.id as string),
					updateFields: { preferredName: 'Ni', interests: 'Chess, Go' },
				})
			)[0],
		).toMatchObject({ preferredName: 'Ni', interests: ['Chess', 'Go'] });
		await run('user', 'getAll', { returnAll: false, limit: 3 });
		await run('user', 'addSubordinates', { id: locator(target.id), subordinateIds: created.id });
		expect(
			(await run('user', 'listSubordinates', { id: locator(target.id) })).map((u) => u.id),
		).toContain(created.id);
		expect((await run('user', 'getSupervisor', { id: locator(created.id as string) }))[0].id).toBe(
			target.id,
		);
		expect(
			await run('user', 'addToGroups', { id: locator(created.id as string), groupIds: [team.id] }),
		).toEqual([{ success: true }]);
		await run('user', 'removeFromGroups', {
			id: locator(created.id as string),
			groupIds: [team.id],
		});
		expect((await run('user', 'getWorkSchedule', { id: locator('me') }))[0].default).toBe(true);
		// One item per jubilee, as every list, not the { total, items } envelope.
		const jubilees = await run('user', 'listJubilees', {
			filters: { fromDate: '2025-01-01', toDate: '2025-12-31' },
		});
		expect(jubilees.length).toBeGreaterThan(1);
		expect(
			jubilees.every(
				(j) =>
					(j.years as number) >= 1 &&
					typeof (j.user as { givenName: unknown }).givenName === 'string',
			),
		).toBe(true);
		const [group] = await run('group', 'create', {
			name: 'Bodø',
			type: 'location',
			additionalFields: {
				members: created.id,
				address: '{"line1":"Storgata 1","postalCode":"8006","city":"Bodø","country":"NO"}',
			},
		});
		expect((group.members as unknown[]).length).toBe(1);
		expect((await run('group', 'get', { id: locator(group.id as string) }))[0].name).toBe('Bodø');
		await run('group', 'update', {
			id: locator(group.id as string),
			type: 'location',
			updateFields: { name: 'Bodø office' },
		});
		expect(
			await run('group', 'getAll', { returnAll: true, filters: { type: ['location'] } }),
		).toHaveLength([...store().groups.values()].filter((g) => g.type === 'location').length);
		const [jt] = await run('jobTitle', 'create', {
			name: 'Automation Lead',
			additionalFields: { description: 'Runs n8n' },
		});
		await run('jobTitle', 'get', { id: locator(jt.id as string) });
		await run('jobTitle', 'update', {
			id: locator(jt.id as string),
			updateFields: { name: 'Head of Automation' },
		});
		expect(
			(await run('jobTitle', 'getAll', { filters: { search: 'automation' } })).map((t) => t.name),
		).toEqual(['Head of Automation']);
		const [pos] = await run('position', 'create', {
			userId: locator(created.id as string),
			contractStartDate: '2024-05-01',
			contractType: 'Permanent',
			titleId: title.id,
			additionalFields: { percentage: 90 },
		});
		expect(pos.percentage).toBe(90); // simplified
		await run('position', 'get', { userId: locator(created.id as string), id: pos.id });
		await run('position', 'update', {
			userId: locator(created.id as string),
			id: pos.id,
			updateFields: { percentage: 70 },
		});
		expect(
			await run('position', 'getAll', { userId: locator(created.id as string), returnAll: true }),
		).toHaveLength(1);
		await run('position', 'delete', { userId: locator(created.id as string), id: pos.id });
		expect(
			await run('holiday', 'getAll', {
				countryCode: 'DK',
				fromDate: '2025-12-24',
				toDate: '2025-12-31',
			}),
		).toEqual([
			{ date: '2025-12-24' },
			{ date: '2025-12-25' },
			{ date: '2025-12-26' },
			{ date: '2025-12-31' },
		]);
		for (const [resource, body] of [
			['userChild', { name: 'Elin', additionalFields: { birthDate: '2018-02-02' } }],
			['userEmergencyContact', { name: 'Ola', phone: '+47 1' }],
			['userIdentification', { type: 'passport', country: 'NO', value: 'P1' }],
		] as const) {
			const [entry] = await run(resource, 'create', {
				userId: locator(created.id as string),
				...body,
			});
			await run(resource, 'update', {
				userId: locator(created.id as string),
				id: entry.id,
				...body,
			});
			await run(resource, 'delete', { userId: locator(created.id as string), id: entry.id });
		}
		expect([...ran].sort()).toEqual(
			operations
				.filter((o) => o.resource !== 'auth')
				.map((o) => o.name)
				.sort(),
		);
	});
});

describe('Huma node in the n8n execution engine, hardened', () => {
	const tokens = () => sandbox().sandbox.counters.tokenRequests;

	it('checks user ids of every item before the first request: a bad id in item 3 sends nothing', async () => {
		const ids = [...store().users.keys()].slice(0, 2);
		const before = count('user.get');
		const { error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: '={{ $json.id }}' },
			[{ id: ids[0] }, { id: ids[1] }, { id: 'not-a-uuid' }],
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toContain("id must be a user's UUID");
		expect((error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		expect(count('user.get')).toBe(before);
	});

	it('fetches a new token once the secret is edited: a wrong secret fails, the right one works again', async () => {
		await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		const saved = credentials.store.get('cred-1')!;
		expect(saved.accessToken).toEqual(expect.any(String));
		// The user edits the saved credential; n8n keeps the hidden token fields.
		credentials.store.set('cred-1', { ...saved, clientSecret: 'an-edited-wrong-secret' });
		const before = tokens();
		const wrong = await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		expect(wrong.error?.message).toMatch(/401/);
		expect(tokens()).toBe(before + 1);
		expect(JSON.stringify(wrong.run)).not.toContain('an-edited-wrong-secret');
		// Back to the right secret: the token fetched with it is still the one stored, and works.
		credentials.store.set('cred-1', {
			...credentials.store.get('cred-1')!,
			clientSecret: sandbox().credentials.clientSecret,
		});
		const right = await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		expect(right.error).toBeUndefined();
		// So does another URL: a token is not sent to a base URL other than the one that issued it.
		credentials.store.set('cred-1', {
			...credentials.store.get('cred-1')!,
			baseUrl: sandbox().url.replace('127.0.0.1', 'localhost'),
		});
		const beforeMove = tokens();
		expect(
			(await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' })).error,
		).toBeUndefined();
		expect(tokens()).toBe(beforeMove + 1);
	});

	it('makes one token request per expiry however many items meet the expired token', async () => {
		await runHuma(credentials, { resource: 'jobTitle', operation: 'getAll' });
		const ids = [...store().users.keys()].slice(0, 64);
		sandbox().sandbox.expireTokens();
		const before = tokens();
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id: '={{ $json.id }}' },
			ids.map((id) => ({ id })),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(tokens() - before).toBe(1);
	});

	it('flags a create of unknown outcome in its failed item', async () => {
		sandbox().sandbox.script({ operation: 'jobTitle.create', reset: true });
		const { items } = await runHuma(
			credentials,
			{ resource: 'jobTitle', operation: 'create', name: 'Perhaps' },
			[{}],
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toMatchObject({
			name: 'HumaConnectionError',
			outcomeUnknown: true,
			operation: 'jobTitle.create',
		});
	});

	it('keeps the secret and the token out of failed items when a server echoes them', async () => {
		const secret = 'echoed+secret/value=&42';
		const token = 'echoed-token-abcdef123456';
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				if (req.url === '/auth/oauth/token') {
					res.writeHead(200, { 'content-type': 'application/json' });
					return res.end(
						JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 }),
					);
				}
				const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						errorCode: `bad:${auth}`,
						errorMessage: `got ${auth} ${body}`,
						fields: [auth],
						interpolations: { token: auth },
					}),
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		credentials.store.set('cred-echo', {
			environment: 'custom',
			baseUrl: url,
			clientId: 'echo-client',
			clientSecret: secret,
			accessToken: '',
		});
		const { items } = await runHuma(
			credentials,
			{ resource: 'jobTitle', operation: 'getAll' },
			[{}],
			{ continueOnFail: true, credentialId: 'cred-echo' },
		);
		server.close();
		expect(items[0].json.error).toMatchObject({ status: 400, fields: ['[redacted]'] });
		const text = JSON.stringify(items);
		for (const form of [secret, encodeURIComponent(secret), token])
			expect(text).not.toContain(form);
	});
});
