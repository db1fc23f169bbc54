// End to end in real n8n on Node 24: the packed package installed into a fresh user folder,
// a credential pointing at the sandbox and a workflow imported, run with `n8n execute`, then
// the editor's calls under `n8n start`. Run by `npm test` in its Node 24 stage, once on n8n 2.x
// and once on 1.x (HUMA_N8N_APP=n8n-1), after scripts/test/engines.js has installed them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from '../helpers/sandbox';
import {
	EXPECTED,
	EXPECTED_AGAIN,
	EXPECTED_DRY,
	nonZero,
	upsertScenario,
	writesIn,
} from '../helpers/upsert-scenario';

const n8n = require('../../scripts/test/n8n-headless');
const { exampleWorkflows } = require('../../scripts/dev/n8n-examples');

const sandbox = useSandbox({ users: 120, seed: 31 });
let userFolder: string;

beforeAll(() => {
	userFolder = n8n.prepareUserFolder(mkdtempSync(join(tmpdir(), 'huma-n8n-e2e-')));
}, 180_000);
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

const node = (
	name: string,
	parameters: Record<string, unknown>,
	position: [number, number],
	extra: Record<string, unknown> = {},
) => ({
	id: `node-${name.replace(/\W/g, '')}`,
	name,
	type: 'n8n-nodes-huma.huma',
	typeVersion: 1,
	position,
	parameters,
	credentials: { humaApi: { id: 'hUmAsAnDbOxCrEd1', name: 'Huma sandbox' } },
	...extra,
});

it('runs on the n8n asked for', () => {
	expect(n8n.version().split('.')[0]).toBe(process.env.HUMA_EXPECT_N8N ?? '2');
});

it('runs the installed Huma node in n8n against the sandbox', async () => {
	expect(n8n.listInstalled(userFolder)).toContain('n8n-nodes-huma');
	n8n.importCredentials(userFolder, [
		{
			id: 'hUmAsAnDbOxCrEd1',
			name: 'Huma sandbox',
			type: 'humaApi',
			data: { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials },
		},
	]);
	const team = [...sandbox().sandbox.store.groups.values()].find((g) => g.type === 'team')!;
	n8n.importWorkflows(userFolder, [
		{
			id: 'hUmAe2eWoRkFlOw1',
			name: 'Huma end to end',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'trigger',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				node('All users', { resource: 'user', operation: 'getAll', returnAll: true }, [200, 0]),
				node(
					'Get each',
					{
						resource: 'user',
						operation: 'get',
						id: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					},
					[400, 0],
				),
				node(
					'New job title',
					{ resource: 'jobTitle', operation: 'create', name: 'n8n Engineer' },
					[200, 200],
				),
				node(
					'Team members',
					{
						resource: 'user',
						operation: 'getAll',
						returnAll: false,
						limit: 3,
						filters: { team: [team.id] },
					},
					[200, 400],
				),
				node(
					'Bad id',
					{
						resource: 'jobTitle',
						operation: 'get',
						id: { __rl: true, mode: 'id', value: '00000000-0000-4000-8000-000000000000' },
					},
					[200, 600],
					{ onError: 'continueRegularOutput' },
				),
			],
			connections: {
				Start: {
					main: [
						[
							{ node: 'All users', type: 'main', index: 0 },
							{ node: 'New job title', type: 'main', index: 0 },
							{ node: 'Team members', type: 'main', index: 0 },
							{ node: 'Bad id', type: 'main', index: 0 },
						],
					],
				},
				'All users': { main: [[{ node: 'Get each', type: 'main', index: 0 }]] },
			},
		},
	]);

	const before = sandbox().sandbox.counters.tokenRequests;
	const { status, data } = await n8n.execute(userFolder, 'hUmAe2eWoRkFlOw1');
	expect(status).toBe(0);
	const users = sandbox().sandbox.store.users;
	const all = n8n.nodeRun(data, 'All users');
	expect(all.items).toHaveLength(users.size);
	const each = n8n.nodeRun(data, 'Get each');
	expect(each.items).toHaveLength(users.size);
	expect(
		each.items.every((i: { json: { givenName: unknown } }) => typeof i.json.givenName === 'string'),
	).toBe(true);
	expect(each.items.map((i: { pairedItem: { item: number } }) => i.pairedItem.item)).toEqual([
		...Array(users.size).keys(),
	]);
	expect(n8n.nodeRun(data, 'New job title').items[0].json).toMatchObject({ name: 'n8n Engineer' });
	expect(n8n.nodeRun(data, 'Team members').items).toHaveLength(3);
	expect(n8n.nodeRun(data, 'Bad id').items[0].json.error).toMatchObject({
		status: 404,
		errorCode: 'object:not-found',
	});
	// The credential fetched one token and n8n shared it across the nodes of the run.
	expect(sandbox().sandbox.counters.tokenRequests - before).toBe(1);
	expect(JSON.stringify(data)).not.toContain(sandbox().credentials.clientSecret);
	// The secret is stored encrypted: not in n8n's database file in clear text.
	expect(
		readFileSync(join(userFolder, '.n8n', 'database.sqlite')).includes(
			sandbox().credentials.clientSecret,
		),
	).toBe(false);
}, 180_000);

it('runs the example workflow that `npm run start:n8n` imports: each active user with their supervisor', async () => {
	// The credential imported above; the example as the demo imports it.
	const [example] = exampleWorkflows({ id: 'hUmAsAnDbOxCrEd1', name: 'Huma sandbox' });
	n8n.importWorkflows(userFolder, [example]);
	const { status, data } = await n8n.execute(userFolder, example.id);
	expect(status).toBe(0);
	const store = sandbox().sandbox.store;
	const active = [...store.users.values()].filter((u) => u.active);
	const rows = n8n
		.nodeRun(data, 'User and supervisor')
		.items.map((i: { json: Record<string, string> }) => i.json);
	expect(rows).toHaveLength(active.length);
	const byEmail = new Map(active.map((u) => [u.email, u]));
	for (const row of rows) {
		const user = byEmail.get(row.email)!;
		expect(row.user).toBe(`${user.givenName} ${user.familyName}`);
		const boss = user.supervisorId ? store.users.get(user.supervisorId)! : undefined;
		expect(row).toEqual({
			user: row.user,
			email: user.email,
			supervisor: boss ? `${boss.givenName} ${boss.familyName}` : 'none (top of the organisation)',
			supervisorEmail: boss ? boss.email : '',
		});
	}
	// The top of the organisation is there, and said to be so, not hidden as an error.
	expect(
		rows.filter((r: { supervisor: string }) => r.supervisor === 'none (top of the organisation)')
			.length,
	).toBeGreaterThan(0);
}, 180_000);

it('answers the n8n editor: dropdowns, searchable lists and the credential Test button', async () => {
	// The credential and workflow imported above; a real n8n server answers the editor's calls.
	const server = await n8n.start(userFolder, 25000 + (process.pid % 1000));
	try {
		const post = (path: string, body: unknown, cookie = '') =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(body),
			});
		const owner = {
			email: 'owner@example.com',
			firstName: 'Test',
			lastName: 'Owner',
			password: 'TestPassw0rd!',
		};
		expect((await post('/rest/owner/setup', owner)).status).toBe(200);
		const login = await post('/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		const base = {
			nodeTypeAndVersion: { name: 'n8n-nodes-huma.huma', version: 1 },
			credentials: { humaApi: { id: 'hUmAsAnDbOxCrEd1', name: 'Huma sandbox' } },
		};
		const teams = await (
			await post(
				'/rest/dynamic-node-parameters/options',
				{
					...base,
					currentNodeParameters: { resource: 'user', operation: 'getAll', filters: {} },
					path: 'parameters.filters.team',
					methodName: 'getTeams',
				},
				cookie,
			)
		).json();
		const expected = [...sandbox().sandbox.store.groups.values()]
			.filter((g) => g.type === 'team')
			.map((g) => g.name)
			.sort();
		expect(teams.data.map((o: { name: string }) => o.name)).toEqual(expected);
		const search = (filter?: string, paginationToken?: string) =>
			post(
				'/rest/dynamic-node-parameters/resource-locator-results',
				{
					...base,
					currentNodeParameters: { resource: 'user', operation: 'get' },
					path: 'parameters.id',
					methodName: 'searchUsers',
					filter,
					paginationToken,
				},
				cookie,
			).then((r) => r.json());
		const first = await search();
		expect(first.data.results).toHaveLength(50);
		const second = await search(undefined, first.data.paginationToken);
		expect(second.data.results[0].value).not.toBe(first.data.results[0].value);
		const someone = [...sandbox().sandbox.store.users.values()][7];
		const found = await search(someone.email);
		expect(found.data.results.map((r: { value: string }) => r.value)).toContain(someone.id);
		// Groups page 25 at a time (the spec's limit); following the tokens lists each group once.
		const groupIds: string[] = [];
		let token: string | undefined;
		do {
			const page = await post(
				'/rest/dynamic-node-parameters/resource-locator-results',
				{
					...base,
					currentNodeParameters: { resource: 'group', operation: 'get' },
					path: 'parameters.id',
					methodName: 'searchGroups',
					paginationToken: token,
				},
				cookie,
			).then((r) => r.json());
			expect(page.data.results.length).toBeLessThanOrEqual(25);
			groupIds.push(...page.data.results.map((r: { value: string }) => r.value));
			token = page.data.paginationToken;
		} while (token);
		expect(groupIds.sort()).toEqual([...sandbox().sandbox.store.groups.keys()].sort());

		// The credential's Test button, as the editor presses it: the saved credential with the
		// values in the form, here right, then with a wrong secret, then with a wrong URL. The two
		// mistakes must be told apart, without showing the secret.
		const testCredential = async (data: Record<string, unknown>) => {
			const id = 'hUmAsAnDbOxCrEd1';
			const response = await post(
				'/rest/credentials/test',
				{ credentials: { id, name: 'Huma sandbox', type: 'humaApi', data } },
				cookie,
			);
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		const good = { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials };
		const counters = sandbox().sandbox.counters;
		const [tokens, userGets] = [counters.tokenRequests, counters.byOperation['user.get'] ?? 0];
		expect(await testCredential(good)).toEqual({ status: 'OK', message: 'Connection successful!' });
		// A real token request, then the cheap real call (GET /users/me).
		expect(counters.tokenRequests).toBeGreaterThan(tokens);
		expect(counters.byOperation['user.get']).toBeGreaterThan(userGets);
		const secret = 'a-wrong-secret-never-to-be-shown';
		const wrongSecret = await testCredential({ ...good, clientSecret: secret });
		expect(wrongSecret.status).toBe('Error');
		// n8n words the answer to a failed test itself: its text for a 401.
		expect(wrongSecret.message).toBe('Authorization failed - please check your credentials');
		expect(wrongSecret.message).not.toContain(secret);
		// A saved credential edited to a wrong secret: the editor sends blanks for the hidden token
		// fields, so n8n fills in the saved token. That token belongs to the old secret: not used.
		const blank = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6'; // CREDENTIAL_BLANKING_VALUE, n8n 1.x and 2.x
		const tokensBeforeEdit = counters.tokenRequests;
		const edited = await testCredential({
			...good,
			clientSecret: secret,
			accessToken: blank,
			tokenFingerprint: blank,
		});
		expect(edited.status).toBe('Error');
		expect(counters.tokenRequests).toBeGreaterThan(tokensBeforeEdit);
		expect(JSON.stringify(edited)).not.toContain(secret);
		expect(await testCredential({ ...good, accessToken: blank, tokenFingerprint: blank })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const wrongUrl = await testCredential({ ...good, baseUrl: 'http://127.0.0.1:9' });
		expect(wrongUrl.status).toBe('Error');
		// Not just "ECONNREFUSED": the URL and what to check.
		expect(wrongUrl.message).toBe(
			'Could not reach Huma at http://127.0.0.1:9 to fetch a token: the host refused the connection. Check the environment or base URL, and that n8n can reach that host (DNS, firewall, proxy).',
		);
		expect(wrongUrl.message).not.toBe(wrongSecret.message);
	} finally {
		await server.stop();
	}
}, 180_000);

/** The actions of a run's items, counted as the core's summary counts them. */
const actionCounts = (items: { json: { action?: string } }[]) => {
	const counts: Record<string, number> = { total: items.length };
	for (const { json } of items)
		counts[String(json.action)] = (counts[String(json.action)] ?? 0) + 1;
	return counts;
};

it('syncs the 50-row scenario in real n8n: a dry run, then the run, then a second run that writes nothing', async () => {
	const scenario = upsertScenario(sandbox().sandbox.store);
	const upsertNode = (name: string, y: number, options: Record<string, unknown>) =>
		node(
			name,
			{
				resource: 'user',
				operation: 'upsert',
				columns: {
					mappingMode: 'autoMapInputData',
					value: {},
					matchingColumns: ['email'],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				options,
			},
			[660, y],
		);
	n8n.importWorkflows(userFolder, [
		{
			id: 'hUmAuPsErT50RoWs',
			name: 'Huma: 50 rows',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'trigger',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'rows',
					name: 'Rows',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 0],
					parameters: {
						mode: 'raw',
						jsonOutput: JSON.stringify({ rows: scenario.rows }),
						options: {},
					},
				},
				{
					id: 'split',
					name: 'Split',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [440, 0],
					parameters: { fieldToSplitOut: 'rows', options: {} },
				},
				// v1 order runs the upper branch first: the dry run, then the sync.
				upsertNode('Dry run', -100, { dryRun: true }),
				upsertNode('Sync', 100, {}),
			],
			connections: {
				Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
				Rows: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
				Split: {
					main: [
						[
							{ node: 'Dry run', type: 'main', index: 0 },
							{ node: 'Sync', type: 'main', index: 0 },
						],
					],
				},
			},
		},
	]);
	const first = await n8n.execute(userFolder, 'hUmAuPsErT50RoWs');
	expect(first.status).toBe(0);
	// The dry run wrote nothing: the sync still found the new people missing and created them.
	expect(actionCounts(n8n.nodeRun(first.data, 'Dry run').items)).toEqual(EXPECTED_DRY);
	const sync = n8n.nodeRun(first.data, 'Sync').items;
	expect(actionCounts(sync)).toEqual(EXPECTED);
	expect(sync.map((i: { pairedItem: { item: number } }) => i.pairedItem.item)).toEqual(
		scenario.rows.map((_, n) => n),
	);
	expect(scenario.check(sandbox().sandbox.store)).toEqual([]);

	const writes = () => writesIn(sandbox().sandbox.counters.byOperation);
	const before = writes();
	const again = await n8n.execute(userFolder, 'hUmAuPsErT50RoWs');
	expect(nonZero(actionCounts(n8n.nodeRun(again.data, 'Sync').items))).toEqual(EXPECTED_AGAIN);
	expect(writes()).toBe(before);
}, 300_000);

it('runs the sync example twice: the people are created, then nothing is written', async () => {
	const example = exampleWorkflows({ id: 'hUmAsAnDbOxCrEd1', name: 'Huma sandbox' }).find(
		(w: { id: string }) => w.id === 'hUmAsYnCpEoPlE01',
	);
	n8n.importWorkflows(userFolder, [example]);
	const first = await n8n.execute(userFolder, example.id);
	expect(first.status).toBe(0);
	const created = n8n.nodeRun(first.data, 'Create or update people').items;
	expect(actionCounts(created)).toEqual({ created: 4, total: 4 });
	const store = sandbox().sandbox.store;
	const astrid = [...store.users.values()].find((u) => u.email === 'astrid.sync@example.com')!;
	expect(astrid.custom.costCentre).toBe('CC-100');
	const writes = () => writesIn(sandbox().sandbox.counters.byOperation);
	const before = writes();
	const second = await n8n.execute(userFolder, example.id);
	expect(actionCounts(n8n.nodeRun(second.data, 'Create or update people').items)).toEqual({
		unchanged: 4,
		total: 4,
	});
	expect(writes()).toBe(before);
}, 300_000);
