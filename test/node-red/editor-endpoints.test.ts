// The Node-RED editor's data from source (what each field shows, real body examples) and its
// admin endpoints (dropdown choices, Test connection) in the real Node-RED runtime
// (node-red-node-test-helper), against the sandbox over HTTP. The editor's decisions
// (src/editor/huma-fields.js) have their unit tests in packages/node-red-contrib-huma/test/huma-fields.test.ts.
import { join } from 'node:path';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { getOperation, prepareRequest } from '@huma-integrations/huma-client';
import {
	bodyExample,
	editorOperations,
	RESOURCE_NODES,
} from '../../packages/node-red-contrib-huma/src/definitions';
import { useSandbox } from '../helpers/sandbox';
import { helper, humaNode, humaPackage, useNodeRed } from './setup';

const configNode = humaNode('huma-config');
const userNode = humaNode('huma-user');
const groupNode = humaNode('huma-group');

const sandbox = useSandbox({ users: 60, seed: 5 });

useNodeRed();

const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('Node-RED editor data', () => {
	it("fills each node's help from the catalogue: every operation, and its example body, as the editor shows them", () => {
		const escape = (text: string) =>
			text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
		for (const def of RESOURCE_NODES) {
			const help = readFileSync(
				join(humaPackage, 'nodes', 'locales', 'en-US', `${def.type}.html`),
				'utf8',
			);
			for (const op of editorOperations(def.resource)) {
				expect(help).toContain(`<dt>${escape(op.label)}</dt>`);
				expect(help).toContain(escape(op.description));
				if (op.body) expect(help).toContain(escape(op.body.example));
			}
			expect(help).not.toContain('<!--');
		}
	});

	const all = RESOURCE_NODES.flatMap((def) =>
		editorOperations(def.resource).map((op) => ({ def, op })),
	);

	it('labels operations and fields in words, never with API names', () => {
		const userList = editorOperations('user').find((o) => o.action === 'list')!;
		expect(userList.label).toBe('Get Many');
		expect(userList.title).toBe('Get many users');
		const label = (name: string) => userList.params.find((p) => p.name === name)!.label;
		expect(label('orderDirection')).toBe('Sort Order');
		expect(label('notRecursivelySupervisorOf')).toBe('Not a Supervisor Of');
		expect(label('isSupervisor')).toBe('Has Subordinates');
		for (const { op } of all) {
			expect(op.label).not.toMatch(/^[a-z]/);
			for (const field of [...op.params, ...(op.body?.fields ?? [])]) {
				expect(field.label).toMatch(/^[A-Z]/);
				expect(field.label).not.toMatch(/[a-z][A-Z]/); // no camelCase left
				expect(field.description.length).toBeGreaterThan(3);
			}
		}
	});

	it('gives team, location, company, group, job title and user fields a dropdown; booleans, dates and lists their own editors', () => {
		const userList = editorOperations('user').find((o) => o.action === 'list')!;
		const field = (name: string) => userList.params.find((p) => p.name === name)!;
		expect(field('team')).toMatchObject({ picker: 'team', multiple: true });
		expect(field('location')).toMatchObject({ picker: 'location', multiple: true });
		expect(field('company')).toMatchObject({ picker: 'company', multiple: true });
		expect(field('jobTitle')).toMatchObject({ picker: 'jobTitle', multiple: true });
		expect(field('supervisor')).toMatchObject({ picker: 'user', multiple: false });
		expect(field('isActive').widget).toBe('bool');
		expect(field('orderDirection')).toMatchObject({ widget: 'enum', enum: ['ASC', 'DESC'] });
		expect(
			editorOperations('user')
				.find((o) => o.action === 'listJubilees')!
				.params.find((p) => p.name === 'fromDate')!.widget,
		).toBe('date');
		const create = editorOperations('user').find((o) => o.action === 'create')!;
		expect(create.body!.fields.find((f) => f.name === 'groups')).toMatchObject({
			picker: 'group',
			multiple: true,
			required: true,
		});
		expect(create.body!.fields.find((f) => f.name === 'supervisor')).toMatchObject({
			picker: 'user',
		});
		expect(
			editorOperations('position')
				.find((o) => o.action === 'create')!
				.body!.fields.find((f) => f.name === 'titleId'),
		).toMatchObject({ picker: 'jobTitle' });
		expect(editorOperations('user').find((o) => o.action === 'addToGroups')!.body!.list).toBe(
			'group',
		);
	});

	it('shows help examples that are real bodies: each passes the core validation of its operation', () => {
		const withBody = all.filter(({ op }) => op.body);
		expect(withBody.length).toBeGreaterThan(15);
		for (const { def, op } of withBody) {
			const spec = getOperation(`${def.resource}.${op.action}`);
			const params: Record<string, unknown> = { body: JSON.parse(bodyExample(spec)) };
			for (const p of spec.parameters) if (p.required) params[p.name] = UUID;
			expect(() => prepareRequest(spec, params as never)).not.toThrow();
		}
	});
});

type Answer = { status: number; body: Record<string, any> };
const post = (path: string, body: Record<string, unknown>): Promise<Answer> =>
	helper.request().post(path).send(body);

async function deployConfig(credentials = sandbox().credentials) {
	await helper.load(
		[configNode, userNode, groupNode],
		[{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url }],
		{ cfg: credentials },
	);
}

describe('Node-RED editor admin endpoints', () => {
	it('loads the teams of a deployed connection, by its id alone', async () => {
		await deployConfig();
		const answer = await post('/huma-config/options/team', {
			id: 'cfg',
			environment: 'custom',
			baseUrl: sandbox().url,
		});
		expect(answer.status).toBe(200);
		const teams = [...sandbox().sandbox.store.groups.values()].filter((g) => g.type === 'team');
		expect(answer.body.options.map((o: { value: string }) => o.value).sort()).toEqual(
			teams.map((t) => t.id).sort(),
		);
		expect(answer.body.options[0].label).toEqual(expect.any(String));
	});

	it('loads users for a connection still in its edit dialog (never deployed), with what the dialog holds', async () => {
		await helper.load([configNode], []);
		const answer = await post('/huma-config/options/user', {
			id: 'new-one',
			environment: 'custom',
			baseUrl: sandbox().url,
			...sandbox().credentials,
			search: '',
		});
		expect(answer.status).toBe(200);
		expect(answer.body.options).toHaveLength(60);
		expect(answer.body.options[0].label).toMatch(/^\S.* \(.+@.+\)$/);
	});

	it('loads job titles and all groups, and refuses an unknown kind', async () => {
		await deployConfig();
		const titles = await post('/huma-config/options/jobTitle', {
			id: 'cfg',
			environment: 'custom',
			baseUrl: sandbox().url,
		});
		expect(titles.body.options).toHaveLength(sandbox().sandbox.store.jobTitles.size);
		const groups = await post('/huma-config/options/group', {
			id: 'cfg',
			environment: 'custom',
			baseUrl: sandbox().url,
		});
		expect(groups.body.options).toHaveLength(sandbox().sandbox.store.groups.size);
		expect((await post('/huma-config/options/salary', { id: 'cfg' })).status).toBe(404);
	});

	it("never sends a stored secret to another URL than the connection's own", async () => {
		await deployConfig();
		const before = sandbox().sandbox.counters.tokenRequests;
		const answer = await post('/huma-config/options/team', {
			id: 'cfg',
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:9',
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatch(/secret/i);
		expect(JSON.stringify(answer.body)).not.toContain(sandbox().credentials.clientSecret);
		expect(sandbox().sandbox.counters.tokenRequests).toBe(before);
	});

	it("Test connection: fetches a token and reads /users/me, naming the key's user", async () => {
		await deployConfig();
		const before = sandbox().sandbox.counters.byOperation['user.get'] ?? 0;
		// The editor sends Node-RED's placeholder for a secret it has not changed.
		const answer = await post('/huma-config/test', {
			id: 'cfg',
			environment: 'custom',
			baseUrl: sandbox().url,
			clientId: sandbox().credentials.clientId,
			clientSecret: '__PWRD__',
		});
		expect(answer.body).toMatchObject({ ok: true });
		expect(answer.body.message).toMatch(/Connected/);
		expect(sandbox().sandbox.counters.byOperation['user.get']).toBe(before + 1);
	});

	it('Test connection tells a wrong secret from a wrong URL', async () => {
		await helper.load([configNode], []);
		const wrongSecret = await post('/huma-config/test', {
			environment: 'custom',
			baseUrl: sandbox().url,
			clientId: sandbox().credentials.clientId,
			clientSecret: 'not-the-secret',
		});
		expect(wrongSecret.body).toMatchObject({ ok: false, reason: 'credentials' });
		expect(wrongSecret.body.message).not.toContain('not-the-secret');

		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
		const port = (closed.address() as { port: number }).port;
		await new Promise<void>((r) => closed.close(() => r()));
		const nobody = await post('/huma-config/test', {
			environment: 'custom',
			baseUrl: `http://127.0.0.1:${port}`,
			...sandbox().credentials,
		});
		expect(nobody.body).toMatchObject({ ok: false, reason: 'url' });

		// An address that answers, but is not Huma: Node-RED's own admin API.
		const notHuma = await post('/huma-config/test', {
			environment: 'custom',
			baseUrl: helper.url(),
			...sandbox().credentials,
		});
		expect(notHuma.body).toMatchObject({ ok: false, reason: 'url' });
		expect(notHuma.body.message).toMatch(/not Huma|no Huma/i);
	});
});

describe('Body as fields', () => {
	it('creates a user from the fields of the editor, lists typed comma-separated', async () => {
		const teams = [...sandbox().sandbox.store.groups.values()]
			.filter((g) => g.type === 'team')
			.slice(0, 2);
		await helper.load(
			[configNode, userNode],
			[
				{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url },
				{
					id: 'n1',
					type: 'huma-user',
					huma: 'cfg',
					operation: 'create',
					body: '',
					bodyFields: {
						givenName: { value: 'Kari', type: 'str' },
						familyName: { value: 'Nordmann', type: 'str' },
						email: { value: 'kari.fields@example.com', type: 'str' },
						groups: { value: teams.map((t) => t.id).join(','), type: 'str' },
						invite: { value: 'false', type: 'bool' },
					},
					wires: [['out']],
				},
				{ id: 'out', type: 'helper' },
			],
			{ cfg: sandbox().credentials },
		);
		const node = helper.getNode('n1');
		const statuses: string[] = [];
		const status = node.status.bind(node);
		node.status = (s: { text?: string }) => {
			statuses.push(String(s.text));
			status(s);
		};
		const msg = await new Promise<Record<string, any>>((resolve) => {
			helper.getNode('out').on('input', resolve);
			node.receive({ payload: { ignored: true } });
		});
		// The status says what the node does in words, not the API's action name.
		expect(statuses).toEqual(['Create user…', 'Create user: done']);
		expect(msg.payload).toMatchObject({
			givenName: 'Kari',
			familyName: 'Nordmann',
			email: 'kari.fields@example.com',
		});
		const created = [...sandbox().sandbox.store.users.values()].find(
			(u) => u.email === 'kari.fields@example.com',
		)!;
		expect([...created.groupIds].sort()).toEqual(teams.map((t) => t.id).sort());
	});
});
