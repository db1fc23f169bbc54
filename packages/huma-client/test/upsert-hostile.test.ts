// user.upsert against hostile rows and options: every bad row fails naming its field before any
// request for it, never a TypeError, and a row written in part says so.
import {
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
});
