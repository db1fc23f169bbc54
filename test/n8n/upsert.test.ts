// User → Create or Update and Find by E-Mail in n8n's real execution engine, against the sandbox:
// the 50-row scenario (dry run, real run, second run), a mapper defined below, pairing, failures.
import { upsertColumns } from '@huma-integrations/huma-client';
import { useSandbox } from '../helpers/sandbox';
import {
	EXPECTED,
	EXPECTED_AGAIN,
	EXPECTED_DRY,
	nonZero,
	upsertScenario,
	writesIn,
} from '../helpers/upsert-scenario';
import { runHuma, stopEngineTimers, TestCredentialsHelper } from './harness';

const sandbox = useSandbox({ users: 80, seed: 20 });
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
afterAll(() => stopEngineTimers());

const store = () => sandbox().sandbox.store;
const writes = () => writesIn(sandbox().sandbox.counters.byOperation);

/** The mapper's schema as n8n stores it with the workflow: the columns getMappingColumns gives. */
const schema = () =>
	upsertColumns(store().customFields.map((d) => ({ ...d, editable: true })) as never).map((c) => ({
		id: c.id,
		displayName: c.label,
		required: c.required,
		defaultMatch: c.id === 'email',
		canBeUsedToMatch: c.canMatch,
		display: true,
		type: 'string',
	}));

const upsert = (options: Record<string, unknown> = {}, matchingColumns = ['email']) => ({
	resource: 'user',
	operation: 'upsert',
	columns: {
		mappingMode: 'autoMapInputData',
		value: {},
		matchingColumns,
		schema: schema(),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	},
	options,
});

const summaryOf = (items: { json: Record<string, unknown> }[]) => {
	const counts: Record<string, number> = { total: items.length };
	for (const i of items) counts[String(i.json.action)] = (counts[String(i.json.action)] ?? 0) + 1;
	return counts;
};

describe('User → Create or Update in the n8n engine', () => {
	it('syncs 50 rows mapped automatically: dry run writes nothing, the run writes only what changed, a second run nothing', async () => {
		const scenario = upsertScenario(store());
		const before = writes();
		const dry = await runHuma(credentials, upsert({ dryRun: true }), scenario.rows as never);
		expect(dry.error).toBeUndefined();
		expect(summaryOf(dry.items)).toEqual(EXPECTED_DRY);
		expect(writes()).toBe(before);

		const real = await runHuma(credentials, upsert(), scenario.rows as never);
		expect(real.error).toBeUndefined();
		expect(real.items).toHaveLength(50);
		expect(real.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(
			scenario.rows.map((_, n) => n),
		);
		expect(summaryOf(real.items)).toEqual(EXPECTED);
		expect(scenario.check(store())).toEqual([]);
		const bad = real.items.filter((i) => i.json.action === 'failed');
		expect(bad.map((i) => (i.json.error as { field?: string }).field)).toEqual([
			'email',
			'custom.shirtSize',
		]);
		const updated = real.items.find((i) => i.json.action === 'updated')!;
		expect(Object.keys(updated.json.changes as object)).toContain('givenName');

		const afterRun = writes();
		const again = await runHuma(credentials, upsert(), scenario.rows as never);
		expect(nonZero(summaryOf(again.items))).toEqual(EXPECTED_AGAIN);
		expect(writes()).toBe(afterRun);
	});

	it('takes rows from a mapper defined below, with expressions over other input names', async () => {
		const target = [...store().users.values()][50];
		const { items, error } = await runHuma(
			credentials,
			{
				...upsert(),
				columns: {
					mappingMode: 'defineBelow',
					value: { email: '={{ $json.Mail }}', familyName: '={{ $json.Surname }}' },
					matchingColumns: ['email'],
					schema: schema(),
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
			[{ Mail: target.email.toUpperCase(), Surname: 'Mapped' }],
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			action: 'updated',
			id: target.id,
			changes: { familyName: { to: 'Mapped' } },
		});
		expect(store().users.get(target.id)!.familyName).toBe('Mapped');
	});

	it('fails the node at the first bad row with Stop on First Error, skipping the rest', async () => {
		const rows = [
			{ email: 'broken' },
			{ email: [...store().users.values()][51].email, givenName: 'Never' },
		];
		const { error } = await runHuma(credentials, upsert({ stopOnFirstError: true }), rows);
		expect(error?.message).toBeDefined();
		expect([...store().users.values()][51].givenName).not.toBe('Never');
		const kept = await runHuma(credentials, upsert({ stopOnFirstError: true }), rows, {
			continueOnFail: true,
		});
		expect(kept.items.map((i) => i.json.action)).toEqual(['failed', 'skipped']);
	});
});

describe('User → Create or Update in the n8n engine, hostile items', () => {
	const below = (value: Record<string, unknown>) => ({
		...upsert({ dryRun: true }),
		columns: {
			mappingMode: 'defineBelow',
			value,
			matchingColumns: ['email'],
			schema: schema(),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
	});

	it('missing mapped fields and expressions returning objects fail only their row, naming the field', async () => {
		const target = [...store().users.values()][52];
		const { items, error } = await runHuma(
			credentials,
			below({ email: '={{ $json.Mail }}', familyName: '={{ $json.Name }}' }),
			[
				{ Mail: target.email, Name: { first: 'x' } },
				{ Name: 'No mail' },
				{ Mail: target.email.toUpperCase() },
			],
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.action, (i.json.error as { field?: string })?.field])).toEqual([
			['failed', 'familyName'],
			['failed', 'email'],
			['unchanged', undefined],
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('an item whose expression cannot be evaluated: its row fails naming the field, continueOnFail on or off', async () => {
		const target = [...store().users.values()][53];
		const params = below({
			email: '={{ $json.Mail }}',
			familyName: '={{ $json.Name.toUpperCase() }}',
		});
		const input = [{ Mail: target.email, Name: 'Ok' }, { Mail: 'x@example.com' }];
		for (const continueOnFail of [true, false]) {
			const out = await runHuma(credentials, params, input, { continueOnFail });
			expect(out.error).toBeUndefined();
			expect(out.items.map((i) => i.json.action)).toEqual(['wouldUpdate', 'failed']);
			expect(out.items[1].json.error).toMatchObject({ field: 'familyName', code: 'INVALID' });
			expect(out.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		}
	});
});

describe('User → Create or Update in the n8n engine, auto-mapped names', () => {
	it('reads names trimmed; two names of one column with different values fail that item alone', async () => {
		const [a, b] = [...store().users.values()].slice(54, 56);
		const input = [
			{ 'Email ': a.email, ' Phone': '+47 54' },
			{ email: b.email, Email: 'other@example.com' },
			{ email: b.email, EMAIL: ` ${b.email}`, phone: '+47 55' },
		];
		const kept = await runHuma(credentials, upsert({ dryRun: true }), input, {
			continueOnFail: true,
		});
		expect(kept.error).toBeUndefined();
		expect(kept.items.map((i) => i.json.action)).toEqual(['wouldUpdate', 'failed', 'wouldUpdate']);
		expect(kept.items[1].json.error).toMatchObject({ field: 'email', code: 'INVALID' });
		expect((kept.items[1].json.error as { message: string }).message).toMatch(
			/"email" and "Email" both map to email/,
		);
		expect(kept.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const failed = await runHuma(credentials, upsert({ dryRun: true }), input);
		expect(failed.error?.message).toMatch(/both map to email/);
	});
});

describe('User → Find by E-Mail in the n8n engine', () => {
	it('finds a user in any case, and says nothing or fails when none has the e-mail', async () => {
		const user = [...store().users.values()][5];
		const found = await runHuma(
			credentials,
			{ resource: 'user', operation: 'findByEmail', email: '={{ $json.mail }}' },
			[{ mail: user.email.toUpperCase() }, { mail: 'nobody@example.com' }],
			{ continueOnFail: true },
		);
		expect(found.items[0].json.id).toBe(user.id);
		expect(found.items[1].json.error).toBeDefined();
		expect(found.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1]);

		const nothing = await runHuma(credentials, {
			resource: 'user',
			operation: 'findByEmail',
			email: 'nobody@example.com',
			returnNothingIfNotFound: true,
		});
		expect(nothing.error).toBeUndefined();
		expect(nothing.items).toEqual([]);
	});

	it("many items, searched in a pool: each answer in its item's place, paired with it", async () => {
		const some = [...store().users.values()].slice(10, 16);
		const mails = some.map((u) => u.email);
		mails.splice(3, 0, 'nobody.at.all@example.com');
		const found = await runHuma(
			credentials,
			{ resource: 'user', operation: 'findByEmail', email: '={{ $json.mail }}' },
			mails.map((mail) => ({ mail })),
			{ continueOnFail: true },
		);
		const ids = some.map((u) => u.id);
		ids.splice(3, 0, 'error');
		expect(found.items.map((i) => (i.json.error ? 'error' : i.json.id))).toEqual(ids);
		expect(found.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(
			mails.map((_, i) => i),
		);
	});
});
