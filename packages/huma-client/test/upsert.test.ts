import {
	findUserByEmail,
	HumaUserNotFoundError,
	upsertColumns,
	upsertUsers,
	COMPOSITE_OPERATIONS,
	listCustomFields,
	cachedCustomFields,
	forgetCustomFields,
	type UpsertOptions,
	type UpsertRow,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, opCount } = useClientSandbox();

const WRITES = ['user.create', 'user.update', 'user.addToGroups', 'user.removeFromGroups'];
const writes = () => WRITES.reduce((sum, name) => sum + opCount(name), 0);

const store = () => sandbox().sandbox.store;
/** Seeded users, the API key's own user aside, from the `from`th on. */
const users = (from: number, count: number) =>
	[...store().users.values()]
		.filter((u) => u.id !== store().serviceUserId)
		.slice(from, from + count);
const group = (type: string, n = 0) =>
	[...store().groups.values()].filter((g) => g.type === type)[n];

let fresh = 0;
const newEmail = () => `new.person.${++fresh}.${Date.now()}@example.com`;

async function run(rows: UpsertRow[], options: UpsertOptions = {}) {
	const { c } = client();
	try {
		return await upsertUsers(c, rows, options);
	} finally {
		await c.close();
	}
}

describe('user.upsert', () => {
	it('creates, updates and leaves unchanged, writing only what differs; the second run writes nothing', async () => {
		const [a, b] = users(0, 2);
		const given = a.givenName;
		const rows = [
			{ email: newEmail(), givenName: 'Nora', familyName: 'Nyhus', phone: '+47 400 00 001' },
			{
				email: ` ${a.email.toUpperCase()} `,
				givenName: `${a.givenName}x`,
				familyName: a.familyName,
			},
			{ email: b.email, givenName: b.givenName, familyName: b.familyName },
		];
		const before = writes();
		const first = await run(rows);
		expect(first.results.map((r) => r.action)).toEqual(['created', 'updated', 'unchanged']);
		expect(first.results[1]).toMatchObject({
			id: a.id,
			changes: { givenName: { from: given, to: `${given}x` } },
		});
		expect(first.results[0].id).toEqual(expect.any(String));
		expect(first.summary).toMatchObject({
			created: 1,
			updated: 1,
			unchanged: 1,
			failed: 0,
			total: 3,
		});
		// One create, one PATCH holding only the changed field.
		expect(writes() - before).toBe(2);
		expect(store().users.get(a.id)!.familyName).toBe(rows[1].familyName);

		const again = writes();
		const second = await run(rows);
		expect(second.results.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(writes() - again).toBe(0);
	});

	it('dry run: the same plan, zero writes', async () => {
		const [a, b] = users(2, 2);
		const rows = [
			{ email: newEmail(), givenName: 'Dry', familyName: 'Run' },
			{ email: a.email, phone: '+47 999 99 999' },
			{ email: b.email, givenName: b.givenName },
			{ email: newEmail(), givenName: 'No family name' },
		];
		const before = writes();
		const dry = await run(rows, { dryRun: true });
		expect(writes() - before).toBe(0);
		expect(dry.results.map((r) => r.action)).toEqual([
			'wouldCreate',
			'wouldUpdate',
			'unchanged',
			'failed',
		]);
		expect(dry.results[1].changes).toEqual({
			phone: { from: a.phone ?? null, to: '+47 999 99 999' },
		});
		expect(dry.results[3].error).toMatchObject({ field: 'familyName', code: 'INVALID' });
		const real = await run(rows);
		expect(real.results.map((r) => r.action)).toEqual([
			'created',
			'updated',
			'unchanged',
			'failed',
		]);
		expect(real.results[1].changes).toEqual(dry.results[1].changes);
	});

	it('two rows with the same key both fail as duplicates; the other rows still run', async () => {
		const [a, b] = users(4, 2);
		const before = writes();
		const out = await run([
			{ email: a.email, phone: '1' },
			{ email: b.email, phone: '+47 123' },
			{ email: a.email.toUpperCase(), phone: '2' },
		]);
		expect(out.results.map((r) => r.action)).toEqual(['failed', 'updated', 'failed']);
		expect(out.results[0].error).toMatchObject({ code: 'DUPLICATE', field: 'email' });
		expect(writes() - before).toBe(1);
	});

	it('two Huma users with the same key: the row fails as ambiguous and nothing is written', async () => {
		const [a, b] = users(6, 2);
		store().users.get(b.id)!.email = a.email.toUpperCase();
		const before = writes();
		for (const lookup of ['search', 'list'] as const) {
			const out = await run([{ email: a.email, phone: '+47 1' }], { lookup });
			expect(out.results[0]).toMatchObject({ action: 'failed', error: { code: 'AMBIGUOUS' } });
			expect(out.results[0].error!.message).toContain(b.id);
		}
		expect(writes() - before).toBe(0);
		store().users.get(b.id)!.email = `${b.id}@example.com`;
	});

	it('matches by employment ID (reading details), falling back to a new user with that e-mail', async () => {
		const [a, b] = users(8, 2);
		store().users.get(a.id)!.employmentId = 'E-1001';
		store().users.get(b.id)!.employmentId = 'E-1002';
		const email = newEmail();
		const out = await run(
			[
				{ employmentId: 'E-1001', email: 'changed.address@example.com' },
				{ employmentId: 'E-1002', familyName: b.familyName },
				{ employmentId: 'E-1003', email, givenName: 'Eve', familyName: 'New' },
			],
			{ matchBy: 'employmentId' },
		);
		expect(out.results.map((r) => r.action)).toEqual(['updated', 'unchanged', 'created']);
		expect(store().users.get(a.id)!.email).toBe('changed.address@example.com');
		const created = store().users.get(out.results[2].id!)!;
		expect(created.employmentId).toBe('E-1003');
		store().users.get(b.id)!.employmentId = 'E-1001';
		const ambiguous = await run([{ employmentId: 'E-1001', phone: '1' }], {
			matchBy: 'employmentId',
		});
		expect(ambiguous.results[0]).toMatchObject({ action: 'failed', error: { code: 'AMBIGUOUS' } });
		store().users.get(b.id)!.employmentId = undefined;
	});

	it('matches by Huma user id; an unknown id fails, a row without one goes by its e-mail', async () => {
		const [a] = users(10, 1);
		const email = newEmail();
		for (const lookup of ['search', 'list'] as const) {
			const out = await run(
				[
					{ id: a.id, preferredName: `Pref ${lookup}` },
					{ id: '0b9f9e39-8d4d-4bd3-9bb4-6d1e8a6f0000', phone: '1' },
					{ email, givenName: 'Ida', familyName: 'Id' },
				],
				{ matchBy: 'id', lookup },
			);
			expect(out.results.map((r) => r.action)).toEqual([
				'updated',
				'failed',
				lookup === 'search' ? 'created' : 'unchanged',
			]);
			expect(out.results[1].error).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
		}
		expect(store().users.get(a.id)!.preferredName).toBe('Pref list');
	});

	it('groups by name: add missing, or make exactly these; an unknown name fails before any write', async () => {
		const [a] = users(12, 1);
		const team = group('team', 0);
		const location = group('location', 0);
		const before = new Set(store().users.get(a.id)!.groupIds);
		const added = await run([
			{ email: a.email, groups: `${team.name.toUpperCase()}, ${location.id}` },
		]);
		expect(added.results[0].action).toBe(
			before.has(team.id) && before.has(location.id) ? 'unchanged' : 'updated',
		);
		const now = store().users.get(a.id)!.groupIds;
		expect(now.has(team.id) && now.has(location.id)).toBe(true);
		for (const id of before) expect(now.has(id)).toBe(true);

		const exact = await run([{ email: a.email, groups: [team.name] }], { groupsMode: 'exactly' });
		expect(exact.results[0].changes.groups.to).toEqual([team.name]);
		expect([...store().users.get(a.id)!.groupIds]).toEqual([team.id]);
		const again = await run([{ email: a.email, groups: [team.name] }], { groupsMode: 'exactly' });
		expect(again.results[0].action).toBe('unchanged');

		const w = writes();
		const unknown = await run([{ email: a.email, phone: '+47 5', groups: 'No Such Group' }]);
		expect(unknown.results[0]).toMatchObject({
			action: 'failed',
			error: { field: 'groups', code: 'NOT_FOUND' },
		});
		expect(writes() - w).toBe(0);
	});

	it('a group name two groups share fails the row as ambiguous', async () => {
		const [a] = users(13, 1);
		const { c } = client();
		await c.call('group.create', { body: { name: 'Twins', type: 'team' } as never });
		await c.call('group.create', { body: { name: 'twins', type: 'location' } as never });
		await c.close();
		const out = await run([{ email: a.email, groups: 'Twins' }]);
		expect(out.results[0]).toMatchObject({
			action: 'failed',
			error: { field: 'groups', code: 'AMBIGUOUS' },
		});
	});

	it('supervisor by e-mail, for a new and an existing user', async () => {
		const [boss, a] = users(14, 2);
		const email = newEmail();
		const out = await run([
			{ email: a.email, supervisor: boss.email.toUpperCase() },
			{ email, givenName: 'Sam', familyName: 'Sup', supervisor: boss.email },
			{ email: newEmail(), givenName: 'X', familyName: 'Y', supervisor: 'nobody@example.com' },
		]);
		expect(['updated', 'unchanged']).toContain(out.results[0].action);
		expect(store().users.get(a.id)!.supervisorId).toBe(boss.id);
		expect(store().users.get(out.results[1].id!)!.supervisorId).toBe(boss.id);
		expect(out.results[2]).toMatchObject({
			action: 'failed',
			error: { field: 'supervisor', code: 'NOT_FOUND' },
		});
		const again = await run([{ email: a.email, supervisor: boss.email }]);
		expect(again.results[0].action).toBe('unchanged');
	});

	it('custom fields of every type, enums by label, checked with the field named', async () => {
		const [a, b] = users(16, 2);
		const row = {
			email: a.email,
			'custom.costCentre': 'CC-999 Upsert',
			'custom.bio': 'Line one.\nLine two.',
			'custom.parkingSpot': '42',
			'custom.weeklyHours': 33.5,
			'custom.remoteAllowed': 'TRUE',
			'custom.healthCheckDate': '2031-02-28',
			custom: { shirtSize: 'XL', workModel: 'fully remote' },
			'custom.linkedIn': 'https://www.linkedin.com/in/upsert',
		};
		const out = await run([row]);
		expect(out.results[0].error).toBeUndefined();
		expect(out.results[0].action).toBe('updated');
		expect(store().users.get(a.id)!.custom).toMatchObject({
			costCentre: 'CC-999 Upsert',
			parkingSpot: 42,
			weeklyHours: 33.5,
			remoteAllowed: true,
			healthCheckDate: '2031-02-28',
			shirtSize: 'xl',
			workModel: 'remote',
			linkedIn: 'https://www.linkedin.com/in/upsert',
		});
		const w = writes();
		const again = await run([{ ...row, custom: { shirtSize: 'xl', workModel: 'Fully remote' } }]);
		expect(again.results[0].action).toBe('unchanged');
		expect(writes() - w).toBe(0);
		const bad = await run([
			{ email: b.email, 'custom.parkingSpot': 'A12' },
			{ email: a.email, 'custom.noSuchField': 'x' },
		]);
		expect(bad.results[0]).toMatchObject({
			action: 'failed',
			error: { field: 'custom.parkingSpot', code: 'INVALID' },
		});
		expect(bad.results[0].error!.message).toContain('whole number');
		expect(bad.results[1].error).toMatchObject({ field: 'custom.noSuchField' });
		expect(writes() - w).toBe(0);
	});

	it('refuses a row whose e-mail cannot be an address, naming it, and sends nothing for it', async () => {
		const w = writes();
		const { results } = await run([
			{ email: 'ada.lovelace(at)example.com', givenName: 'Ada', familyName: 'Lovelace' },
			{ email: 'ada@example', givenName: 'Ada', familyName: 'Lovelace' },
			{ email: newEmail(), privateEmail: 'home @example.com', givenName: 'A', familyName: 'B' },
		]);
		expect(results.map((r) => [r.action, r.error?.field])).toEqual([
			['failed', 'email'],
			['failed', 'email'],
			['failed', 'privateEmail'],
		]);
		expect(results[0].error!.message).toContain('must be an e-mail address');
		expect(writes() - w).toBe(0);
	});

	it('both lookup paths give the same answer', async () => {
		const some = users(20, 6);
		const rows: UpsertRow[] = [
			...some.map((u, i) => ({ email: u.email, phone: i % 2 ? `+47 ${i}` : (u.phone ?? '') })),
			{ email: newEmail(), givenName: 'Both', familyName: 'Paths' },
			{ email: some[0].email.toUpperCase(), givenName: 'dup' },
		];
		const search = await run(rows, { dryRun: true, lookup: 'search' });
		const list = await run(rows, { dryRun: true, lookup: 'list' });
		const auto = await run(rows, { dryRun: true });
		expect(list).toEqual(search);
		expect(auto).toEqual(search);
	});

	it('lookup cost: one search per row or one list; details only for fields the list lacks', async () => {
		const some = users(24, 3);
		const count = async (rows: UpsertRow[], options: UpsertOptions) => {
			const [list, get] = [opCount('user.list'), opCount('user.get')];
			await run(rows, { dryRun: true, ...options });
			return { list: opCount('user.list') - list, get: opCount('user.get') - get };
		};
		const listFields = some.map((u) => ({ email: u.email, phone: '+47 24' }));
		const pages = Math.ceil(store().users.size / 50);
		expect(await count(listFields, { lookup: 'search' })).toEqual({ list: 3, get: 0 });
		expect(await count(listFields.slice(0, 1), {})).toEqual({ list: 1, get: 0 });
		// Auto: the first page tells the size; three searches cost less than the other pages.
		expect(await count(listFields, {})).toEqual({ list: 1 + 3, get: 0 });
		expect(await count(listFields, { lookup: 'list' })).toEqual({ list: pages, get: 0 });
		const detailFields = some.map((u) => ({ email: u.email, birthDate: '1980-01-01' }));
		expect(await count(detailFields, { lookup: 'list' })).toEqual({ list: pages, get: 3 });
	});

	it('created but the follow-up update failed: the row says so, and running it again completes it', async () => {
		const email = newEmail();
		const row = {
			email,
			givenName: 'Half',
			familyName: 'Done',
			birthDate: '1990-01-02',
			'custom.costCentre': 'CC-1',
		};
		sandbox().sandbox.script({ operation: 'user.update', status: 500 });
		const out = await run([row]);
		expect(out.results[0]).toMatchObject({
			action: 'created',
			failedFields: ['birthDate', 'custom.costCentre'],
			error: { outcomeUnknown: true },
		});
		const id = out.results[0].id!;
		expect(store().users.get(id)!.birthDate).toBeUndefined();
		const again = await run([row]);
		expect(again.results[0]).toMatchObject({ action: 'updated', id });
		expect(Object.keys(again.results[0].changes).sort()).toEqual([
			'birthDate',
			'custom.costCentre',
		]);
		expect(store().users.get(id)!.birthDate).toBe('1990-01-02');
	});

	it('stop on first error skips the rows after the failed one', async () => {
		const [a, b] = users(30, 2);
		const out = await run(
			[
				{ email: a.email, phone: '+47 30' },
				{ email: b.email, birthDate: 'yesterday' },
				{ email: newEmail(), givenName: 'S', familyName: 'K' },
			],
			{ stopOnFirstError: true },
		);
		expect(out.results.map((r) => r.action)).toEqual(['updated', 'failed', 'skipped']);
		expect(out.results[1].error).toMatchObject({ field: 'birthDate', code: 'INVALID' });
		expect(out.summary).toMatchObject({ updated: 1, failed: 1, skipped: 1, total: 3 });
	});

	it('abort: the rows not yet run are skipped; aborted before the lookups it throws', async () => {
		const some = users(32, 4);
		const controller = new AbortController();
		const out = await run(
			some.map((u) => ({ email: u.email, phone: '+47 32' })),
			{
				concurrency: 1,
				lookup: 'search',
				signal: controller.signal,
				onProgress: (done) => done === 1 && controller.abort(),
			},
		);
		expect(out.results.map((r) => r.action)).toEqual(['updated', 'skipped', 'skipped', 'skipped']);
		expect(out.results[1].error).toMatchObject({ code: 'ABORTED' });
		await expect(
			run([{ email: some[0].email, 'custom.costCentre': 'x' }], { signal: AbortSignal.abort() }),
		).rejects.toMatchObject({ name: 'HumaConnectionError', code: 'ABORTED' });
	});

	it('bad rows fail with the field named, never a TypeError', async () => {
		const out = await run([
			null as unknown as UpsertRow,
			{ email: 'x@example.com', noSuchField: 1 },
			{ givenName: 'No key' },
			{ email: 'y@example.com', civilStatus: 'complicated' },
			{ email: 'z@example.com', relevantExperienceInMonths: 'many' },
		]);
		expect(out.results.map((r) => r.error?.field)).toEqual([
			'row',
			'noSuchField',
			'email',
			'civilStatus',
			'relevantExperienceInMonths',
		]);
		for (const r of out.results) expect(r.error!.message).toMatch(/^Invalid input for user.upsert/);
	});
});

describe('user.upsert custom field definitions', () => {
	it('a row naming a custom key the cached definitions lack reads them once more before failing', async () => {
		const { c } = client();
		const [a] = users(150, 1);
		const added = { key: 'badgeColour', label: 'Badge colour', section: 'misc', type: 'text' };
		try {
			forgetCustomFields(c);
			const first = await upsertUsers(c, [{ email: a.email, 'custom.costCentre': 'CC-150' }], {
				dryRun: true,
			});
			expect(first.results[0].action).toBe('wouldUpdate');
			// The organisation gains a custom field after this client read its definitions.
			store().customFields.push(added as never);
			const again = await upsertUsers(c, [{ email: a.email, 'custom.badgeColour': 'red' }], {
				dryRun: true,
			});
			expect(again.results[0]).toMatchObject({
				action: 'wouldUpdate',
				changes: { 'custom.badgeColour': { to: 'red' } },
			});
			const unknown = await upsertUsers(c, [{ email: a.email, 'custom.noSuchKey': 'x' }], {
				dryRun: true,
			});
			expect(unknown.results[0]).toMatchObject({
				action: 'failed',
				error: { field: 'custom.noSuchKey', code: 'INVALID' },
			});
			expect(unknown.results[0].error?.message).toContain('badgeColour');
		} finally {
			store().customFields.splice(store().customFields.indexOf(added as never), 1);
			forgetCustomFields(c);
			await c.close();
		}
	});

	it("one caller's abort stops its own wait, never the shared read another caller waits on", async () => {
		const { c } = client();
		try {
			forgetCustomFields(c);
			const first = new AbortController();
			const aborted = cachedCustomFields(c, first.signal);
			const other = cachedCustomFields(c);
			first.abort(new Error('first caller gave up'));
			await expect(aborted).rejects.toMatchObject({ name: 'HumaConnectionError', code: 'ABORTED' });
			const defs = await other;
			expect(defs.map((d) => d.key)).toContain('costCentre');
			// The shared read was kept: a later caller gets it without another request.
			const before = opCount('user.get');
			await cachedCustomFields(c);
			expect(opCount('user.get')).toBe(before);
		} finally {
			forgetCustomFields(c);
			await c.close();
		}
	});
});

describe('user.upsert by employment ID', () => {
	it("one user's details failing to read stops the other reads: the lookup fails, the rest is not read", async () => {
		const [a, b] = users(160, 2);
		const eid = (u: { id: string }) =>
			(store().users.get(u.id) as { employmentId?: string }).employmentId;
		sandbox().sandbox.script({ operation: 'user.get', status: 404, after: 3 });
		const before = opCount('user.get');
		const outcome = await run(
			[a, b].map((u) => ({ employmentId: eid(u), phone: '+47 160' })),
			{ dryRun: true, matchBy: 'employmentId', concurrency: 2 },
		).catch((error: unknown) => error);
		const reads = opCount('user.get') - before;
		// Three read, the fourth failed, and at most the other worker's read in flight finished;
		// without stopping, all 237 are read before the lookup answers.
		expect(reads).toBeLessThanOrEqual(6);
		expect(store().users.size).toBeGreaterThan(200);
		expect(JSON.stringify(outcome)).toMatch(/404|Not Found/);
	});
});

describe('user.findByEmail', () => {
	it('finds exactly, in any case; not found is an error naming the e-mail, or nothing by option', async () => {
		const [a] = users(40, 1);
		const { c } = client();
		expect((await findUserByEmail(c, ` ${a.email.toUpperCase()} `))!.id).toBe(a.id);
		// A prefix the fuzzy search also finds is no match.
		await expect(findUserByEmail(c, a.email.slice(0, -4))).rejects.toThrow(HumaUserNotFoundError);
		await expect(findUserByEmail(c, 'nobody@example.com')).rejects.toThrow(/nobody@example.com/);
		expect(
			await findUserByEmail(c, 'nobody@example.com', { nothingIfNotFound: true }),
		).toBeUndefined();
		await expect(findUserByEmail(c, ' ')).rejects.toMatchObject({
			name: 'HumaValidationError',
			issues: [{ field: 'email', message: expect.any(String) }],
		});
		await c.close();
	});
});

describe('upsert columns and the catalogue', () => {
	it('offers the plain fields, references and every custom field with its kind', async () => {
		const { c } = client();
		const columns = upsertColumns(await listCustomFields(c));
		await c.close();
		const byId = Object.fromEntries(columns.map((col) => [col.id, col]));
		expect(byId.email).toMatchObject({ kind: 'text', required: true, canMatch: true });
		expect(byId.employmentId.description).toMatch(/details/);
		expect(byId.birthDate.kind).toBe('date');
		expect(byId.civilStatus.options).toHaveLength(3);
		expect(byId.groups.kind).toBe('groups');
		expect(byId.supervisor.kind).toBe('supervisor');
		expect(byId['custom.workModel']).toMatchObject({
			kind: 'customEnum',
			options: expect.arrayContaining([{ value: 'remote', label: 'Fully remote' }]),
		});
		expect(byId['custom.healthCheckDate'].kind).toBe('customLocaldate');
		expect(byId.relevantExperienceInYears).toBeUndefined();
		expect(COMPOSITE_OPERATIONS.map((o) => o.name)).toEqual(['user.upsert', 'user.findByEmail']);
	});
});
