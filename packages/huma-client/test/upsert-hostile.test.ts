// user.upsert against hostile rows and options: every bad row fails naming its field before any
// request for it, never a TypeError, and a row written in part says so.
import {
	findUserByEmail,
	HumaClient,
	HumaValidationError,
	upsertUsers,
	type UpsertOptions,
	type UpsertRow,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, counters } = useClientSandbox();
/** API requests (token requests aside). */
const apiRequests = () => Object.values(counters().byOperation).reduce((a, b) => a + b, 0);

const store = () => sandbox().sandbox.store;
const users = (from: number, count: number) =>
	[...store().users.values()]
		.filter((u) => u.id !== store().serviceUserId)
		.slice(from, from + count);
let fresh = 0;
const newEmail = () => `hostile.${++fresh}.${Date.now()}@example.com`;

async function run(rows: readonly UpsertRow[], options: UpsertOptions = {}) {
	const { c } = client();
	try {
		return await upsertUsers(c, rows, options);
	} finally {
		await c.close();
	}
}

describe('user.upsert against hostile input', () => {
	it('a hole in the rows, or a concurrency of 0 or NaN, still answers one result per row', async () => {
		const [a, b] = users(100, 2);
		// eslint-disable-next-line no-sparse-arrays
		const sparse = [, { email: a.email, phone: '+47 1' }] as UpsertRow[];
		const out = await run(sparse, { dryRun: true });
		expect(out.results.map((r) => r.action)).toEqual(['failed', 'wouldUpdate']);
		expect(out.results[0].error).toMatchObject({ field: 'row', code: 'INVALID' });
		for (const concurrency of [0, NaN, -3]) {
			const rows = [a, b].map((u) => ({ email: u.email, phone: '+47 2' }));
			const res = await run(rows, { dryRun: true, concurrency, lookup: 'list' });
			expect(res.results.map((r) => r.action)).toEqual(['wouldUpdate', 'wouldUpdate']);
		}
	});

	it('a progress callback that throws stops nothing: every row still answers its result', async () => {
		const some = users(114, 3);
		const out = await run(
			some.map((u) => ({ email: u.email, phone: '+47 114' })),
			{
				lookup: 'search',
				onProgress: () => {
					throw new Error('progress display broke');
				},
			},
		);
		expect(out.results.map((r) => r.action)).toEqual(['updated', 'updated', 'updated']);
	});

	it('matching by employment ID with concurrency 0 still reads every employment ID', async () => {
		const [a] = users(102, 1);
		const eid = (store().users.get(a.id) as { employmentId?: string }).employmentId;
		expect(eid).toEqual(expect.any(String));
		const out = await run([{ employmentId: eid, phone: '+47 3' }], {
			dryRun: true,
			concurrency: 0,
			matchBy: 'employmentId',
		});
		expect(out.results[0]).toMatchObject({ action: 'wouldUpdate', id: a.id });
	});

	it('__proto__, constructor and prototype custom keys fail as no custom field, polluting nothing', async () => {
		const email = newEmail();
		const rows: UpsertRow[] = [
			JSON.parse(`{"email":"${email}","custom":{"__proto__":{"polluted":1}}}`),
			JSON.parse(`{"email":"${email}x","custom.__proto__":{"polluted":1}}`),
			{ email: `${email}y`, 'custom.prototype': 'x' },
			{ email: `${email}z`, custom: { constructor: 'x' } },
		];
		const out = await run(rows, { dryRun: true });
		expect(out.results.map((r) => [r.action, r.error?.field])).toEqual([
			['failed', 'custom.__proto__'],
			['failed', 'custom.__proto__'],
			['failed', 'custom.prototype'],
			['failed', 'custom.constructor'],
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('a custom value given as custom.<key> and in custom: different values fail naming it, equal ones pass', async () => {
		const [a] = users(116, 1);
		const out = await run(
			[
				{ email: a.email, 'custom.costCentre': 'CC-1', custom: { costCentre: 'CC-2' } },
				{
					email: newEmail(),
					givenName: 'S',
					familyName: 'S',
					custom: { costCentre: 'CC-3' },
					'custom.costCentre': 'CC-3',
				},
			],
			{ dryRun: true },
		);
		expect(out.results[0]).toMatchObject({
			action: 'failed',
			error: { field: 'custom.costCentre', code: 'INVALID' },
		});
		expect(out.results[0].error!.message).toMatch(/given twice/);
		expect(out.results[1]).toMatchObject({
			action: 'wouldCreate',
			changes: { 'custom.costCentre': { to: 'CC-3' } },
		});
	});

	it('an id must be a UUID: path aliases and escapes fail before any request, any case matches alike', async () => {
		const [a] = users(104, 1);
		const rows: UpsertRow[] = [
			{ id: 'me', givenName: 'x' },
			{ id: '../groups', givenName: 'x' },
			{ id: '%2e%2e', givenName: 'x' },
			{ id: `${a.id}/groups`, givenName: 'x' },
			{ id: ` ${a.id.toUpperCase()} `, givenName: `${a.givenName}u` },
		];
		for (const lookup of ['search', 'list'] as const) {
			const before = apiRequests();
			const out = await run(rows.slice(0, 4), { matchBy: 'id', dryRun: true, lookup });
			expect(apiRequests() - before).toBe(0);
			for (const r of out.results) {
				expect(r).toMatchObject({ action: 'failed', error: { field: 'id', code: 'INVALID' } });
				expect(r.error!.message).toMatch(/must be a Huma user ID, a UUID/);
			}
			const upper = await run(rows.slice(4), { matchBy: 'id', dryRun: true, lookup });
			expect(upper.results[0]).toMatchObject({ action: 'wouldUpdate', id: a.id });
		}
		// The same id in two cases is one key: both rows fail as duplicates.
		const dup = await run(
			[
				{ id: a.id, givenName: 'x' },
				{ id: a.id.toUpperCase(), givenName: 'y' },
			],
			{ matchBy: 'id', dryRun: true },
		);
		expect(dup.results.map((r) => r.error?.code)).toEqual(['DUPLICATE', 'DUPLICATE']);
	});

	it('a supervisor that is neither an e-mail nor a UUID fails before any request, quoted short', async () => {
		const [a, b, c] = users(106, 3);
		const before = apiRequests();
		const out = await run(
			[
				{ email: a.email, supervisor: 'me' },
				{ email: b.email, supervisor: '../groups' },
				{ email: c.email, supervisor: 'x'.repeat(100_000) },
			],
			{ dryRun: true, lookup: 'search' },
		);
		expect(apiRequests() - before).toBe(0);
		for (const r of out.results) {
			expect(r).toMatchObject({
				action: 'failed',
				error: { field: 'supervisor', code: 'INVALID' },
			});
			expect(r.error!.message.length).toBeLessThan(300);
		}
		// A supervisor id in capitals is the same supervisor.
		const sup = users(109, 1)[0];
		const ok = await run([{ email: a.email, supervisor: sup.id.toUpperCase() }], {
			lookup: 'list',
		});
		expect(ok.results[0].action).toBe('updated');
		const again = await run([{ email: a.email, supervisor: sup.id.toUpperCase() }], {
			lookup: 'list',
		});
		expect(again.results[0].action).toBe('unchanged');
	});

	it('a group ID in capitals names the same group', async () => {
		const [a] = users(110, 1);
		const g = [...store().groups.values()][0];
		const out = await run([{ email: a.email, groups: g.id.toUpperCase() }], { dryRun: true });
		expect(out.results[0].error).toBeUndefined();
	});

	it('a group call failing after the PATCH: the row says what was written and what was not', async () => {
		const [a] = users(112, 1);
		const g = [...store().groups.values()].find(
			(x) => !store().users.get(a.id)!.groupIds.has(x.id),
		)!;
		const given = `${a.givenName}g`;
		sandbox().sandbox.script({ operation: 'user.addToGroups', status: 500 });
		const out = await run([{ email: a.email, givenName: given, groups: g.name }]);
		expect(out.results[0]).toMatchObject({
			action: 'failed',
			id: a.id,
			changes: { givenName: { to: given } },
			failedFields: ['groups'],
			error: { outcomeUnknown: true },
		});
		expect(out.results[0].error!.message).toMatch(
			/^Updated givenName, but changing its groups failed/,
		);
		expect(store().users.get(a.id)!.givenName).toBe(given);
	});
});

describe('user.findByEmail against hostile input', () => {
	it('what cannot be an e-mail address fails naming email, before any request', async () => {
		const { c } = client();
		try {
			const before = apiRequests();
			for (const email of ['a b@example.com', '../groups', 'x'.repeat(100_000), 'me']) {
				const error = await findUserByEmail(c, email).catch((e: unknown) => e);
				expect(error).toBeInstanceOf(HumaValidationError);
				expect((error as HumaValidationError).fields).toEqual(['email']);
				expect((error as Error).message.length).toBeLessThan(300);
			}
			expect(apiRequests() - before).toBe(0);
		} finally {
			await c.close();
		}
	});
});

describe('user.upsert against a user list that is not one', () => {
	/** A client whose every user.list answer is `body`; other reads answer an empty list. */
	const answering = (body: string) =>
		new HumaClient({
			baseUrl: 'http://127.0.0.1:1',
			sleep: async () => undefined,
			transport: {
				async request(req) {
					const users = /\/users(\?|$)/.test(req.url);
					return {
						status: 200,
						headers: { 'content-type': 'application/json' },
						body: users ? body : '{"items":[],"total":0}',
					};
				},
			},
		});
	const rows = [
		{ email: 'a@example.com', givenName: 'A', familyName: 'A' },
		{ email: 'b@example.com', givenName: 'B', familyName: 'B' },
	];

	it('an item that is not a user is a clear error, never a TypeError', async () => {
		const body = '{"items":[{"id":"x","email":"c@example.com"},null],"total":2}';
		const search = await upsertUsers(answering(body), rows, { dryRun: true, lookup: 'search' });
		for (const r of search.results) {
			expect(r.action).toBe('failed');
			expect(r.error!.message).toMatch(/an item that is not a user/);
		}
		await expect(
			upsertUsers(answering(body), rows, { dryRun: true, lookup: 'list' }),
		).rejects.toThrow(/an item that is not a user/);
		await expect(findUserByEmail(answering(body), 'a@example.com')).rejects.toThrow(
			/an item that is not a user/,
		);
	});

	it('an empty object, HTML or an empty body fails naming what came instead', async () => {
		for (const body of ['{}', '<html>hi</html>', '']) {
			const out = await upsertUsers(answering(body), rows, { dryRun: true, lookup: 'search' });
			for (const r of out.results) {
				expect(r.action).toBe('failed');
				expect(r.error!.message).toMatch(/Huma answered user\.list/);
			}
		}
	});
});
