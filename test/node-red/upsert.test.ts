// huma-user's Create or update and Find by e-mail in the real Node-RED runtime, against the
// sandbox: the 50-row scenario from one array (dry run, run, second run), a CSV node's
// one-row-per-message sequence through the mapping table, the upsert columns endpoint.
import { upsertOptionsOf } from '../../packages/node-red-contrib-huma/src/composite';
import { useSandbox } from '../helpers/sandbox';
import {
	EXPECTED,
	EXPECTED_AGAIN,
	EXPECTED_DRY,
	nonZero,
	upsertScenario,
	writesIn,
} from '../helpers/upsert-scenario';
import { helper, humaNode, coreNode, useNodeRed } from './setup';

const configNode = humaNode('huma-config');
const userNode = humaNode('huma-user');
const csvNode = coreNode('core/parsers/70-CSV.js');
const catchNode = coreNode('core/common/25-catch.js');

const sandbox = useSandbox({ users: 80, seed: 20 });

useNodeRed();

type Msg = Record<string, any>;
const store = () => sandbox().sandbox.store;
const writes = () => writesIn(sandbox().sandbox.counters.byOperation);

/** Deploys config (+ csv) + huma-user, sends one message, resolves at the summary (msg.complete) or a catch. */
async function run(
	config: Record<string, unknown>,
	input: Msg,
	options: { csv?: boolean } = {},
): Promise<{ rows: Msg[]; summary?: Msg; caught: Msg[]; statuses: string[] }> {
	const flow: Record<string, unknown>[] = [
		{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url },
		{
			id: 'n1',
			type: 'huma-user',
			z: options.csv ? 'flow' : undefined,
			huma: 'cfg',
			wires: [['out']],
			...config,
		},
		{ id: 'out', type: 'helper', z: options.csv ? 'flow' : undefined },
		{
			id: 'c1',
			type: 'catch',
			scope: null,
			uncaught: false,
			wires: [['caught']],
			z: options.csv ? 'flow' : undefined,
		},
		{ id: 'caught', type: 'helper', z: options.csv ? 'flow' : undefined },
	];
	if (options.csv) flow.push({ id: 'flow', type: 'tab' });
	if (options.csv)
		flow.push({
			id: 'csv',
			type: 'csv',
			z: 'flow',
			x: 100,
			y: 100,
			sep: ',',
			hdrin: true,
			multi: 'one',
			ret: '\\n',
			temp: '',
			skip: '0',
			strings: true,
			include_empty_strings: false,
			wires: [['n1']],
		});
	await helper.unload();
	await helper.load([configNode, userNode, csvNode, catchNode], flow, {
		cfg: sandbox().credentials,
	});
	const rows: Msg[] = [];
	const caught: Msg[] = [];
	const statuses: string[] = [];
	const node = helper.getNode('n1');
	const status = node.status.bind(node);
	node.status = (s: { text?: string }) => {
		if (s?.text) statuses.push(s.text);
		return status(s);
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`timed out: ${rows.length} rows`)), 60_000);
		const finish = (summary?: Msg) => {
			clearTimeout(timer);
			setTimeout(() => resolve({ rows, summary, caught, statuses }), 50);
		};
		helper.getNode('out').on('input', (msg: Msg) => {
			if (msg.complete === true) finish(msg);
			else rows.push(msg);
		});
		helper.getNode('caught').on('input', (msg: Msg) => {
			caught.push(msg);
			if (config.operation !== 'upsert') finish();
		});
		helper.getNode(options.csv ? 'csv' : 'n1').receive(input);
	});
}

describe('huma-user Create or update in Node-RED', () => {
	it('syncs 50 rows from one array: dry run writes nothing, the run writes only what changed, a second run nothing', async () => {
		const scenario = upsertScenario(store());
		const config = { operation: 'upsert', upsert: { matchBy: 'email' } };
		const before = writes();
		const dry = await run(
			{ ...config, upsert: { ...config.upsert, dryRun: true } },
			{ payload: scenario.rows },
		);
		expect(dry.summary!.payload).toEqual({ ...EXPECTED_DRY, ...zeros(dry.summary!.payload) });
		expect(writes()).toBe(before);

		const real = await run(config, { payload: scenario.rows, topic: 'kept' });
		expect(real.rows).toHaveLength(50);
		expect(real.rows.map((m) => m.parts.index)).toEqual(scenario.rows.map((_, n) => n));
		expect(real.rows[0].topic).toBe('kept');
		expect(nonZero(real.summary!.payload)).toEqual(EXPECTED);
		expect(scenario.check(store())).toEqual([]);
		expect(real.statuses).toContain('50/50');
		expect(real.statuses.at(-1)).toBe('10 created, 28 updated, 10 unchanged, 2 failed');
		expect(real.caught).toEqual([]);

		const afterRun = writes();
		const again = await run(config, { payload: scenario.rows });
		expect(nonZero(again.summary!.payload)).toEqual(EXPECTED_AGAIN);
		expect(writes()).toBe(afterRun);
	});

	it('imports a CSV node’s one-row-per-message sequence through the mapping table, as one batch', async () => {
		const users = [...store().users.values()].slice(60, 63);
		const csv = [
			'E-mail,First name,Surname,Cost centre',
			`${users[0].email},${users[0].givenName},Renamed,CC-9`,
			'csv.new@example.com,Csv,New,CC-1',
			`${users[2].email},${users[2].givenName},${users[2].familyName},`,
		].join('\n');
		const { rows, summary } = await run(
			{
				operation: 'upsert',
				upsert: {
					matchBy: 'email',
					mapping: [
						{ from: 'E-mail', to: 'email' },
						{ from: 'First name', to: 'givenName' },
						{ from: 'Surname', to: 'familyName' },
						{ from: 'Cost centre', to: 'custom.costCentre' },
					],
				},
			},
			{ payload: csv },
			{ csv: true },
		);
		expect(rows.map((m) => m.payload.action)).toEqual(['updated', 'created', 'unchanged']);
		expect(nonZero(summary!.payload)).toEqual({ updated: 1, created: 1, unchanged: 1, total: 3 });
		expect(store().users.get(users[0].id)!.custom.costCentre).toBe('CC-9');
	});
});

describe("Create or update's match key", () => {
	it("the node's blank choice takes msg.matchBy, else e-mail; a chosen key wins over msg.matchBy", () => {
		expect(upsertOptionsOf({ matchBy: '' }, { matchBy: 'employmentId' }).matchBy).toBe(
			'employmentId',
		);
		expect(upsertOptionsOf({ matchBy: '' }, {}).matchBy).toBe('email');
		expect(upsertOptionsOf({}, {}).matchBy).toBe('email');
		expect(upsertOptionsOf({ matchBy: 'id' }, { matchBy: 'employmentId' }).matchBy).toBe('id');
	});
});

describe('huma-user Find by e-mail in Node-RED', () => {
	it('sends the user found, nothing with Nothing if not found, or an error to Catch', async () => {
		const user = [...store().users.values()][7];
		await helper.load(
			[configNode, userNode, catchNode],
			[
				{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url },
				{ id: 'n1', type: 'huma-user', huma: 'cfg', operation: 'findByEmail', wires: [['out']] },
				{ id: 'out', type: 'helper' },
				{ id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
				{ id: 'caught', type: 'helper' },
			],
			{ cfg: sandbox().credentials },
		);
		const found = new Promise<Msg>((resolve) => helper.getNode('out').once('input', resolve));
		helper.getNode('n1').receive({ email: user.email.toUpperCase() });
		expect((await found).payload.id).toBe(user.id);
		const caught = new Promise<Msg>((resolve) => helper.getNode('caught').once('input', resolve));
		helper.getNode('n1').receive({ payload: 'nobody@example.com' });
		expect((await caught).error.message).toMatch(/nobody@example.com/);
	});
});

describe('the upsert columns admin endpoint', () => {
	it('lists the columns with the organisation’s custom fields, and nothing of the connection', async () => {
		await helper.load(
			[configNode, userNode],
			[{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url }],
			{ cfg: sandbox().credentials },
		);
		const answer = await helper
			.request()
			.post('/huma-config/upsert-columns')
			.send({ id: 'cfg', environment: 'custom', baseUrl: sandbox().url });
		expect(answer.status).toBe(200);
		const ids = answer.body.columns.map((c: { id: string }) => c.id);
		expect(ids).toEqual(
			expect.arrayContaining(['email', 'groups', 'supervisor', 'custom.shirtSize']),
		);
		expect(
			answer.body.columns.find((c: { id: string }) => c.id === 'custom.shirtSize').options,
		).toContainEqual({
			value: 'xl',
			label: 'XL',
		});
		expect(JSON.stringify(answer.body)).not.toContain(sandbox().credentials.clientSecret);
	});
});

/** The zero counts of a summary, so a toEqual on its non-zero ones reads as the whole. */
function zeros(summary: Record<string, number>) {
	return Object.fromEntries(Object.entries(summary).filter(([, n]) => n === 0));
}
