import { publicHolidays } from '@huma-integrations/huma-sandbox';
import { sandboxWithApi } from './api';

const { sandbox, api } = sandboxWithApi();

describe('operations', () => {
	it('answers unknown ids with the NotFoundErrorResponse shape', async () => {
		const id = '00000000-0000-4000-8000-000000000000';
		for (const path of [
			`/users/${id}`,
			`/groups/${id}`,
			`/job-titles/${id}`,
			`/users/me/positions/${id}`,
		]) {
			expect(await api('GET', path)).toMatchObject({
				status: 404,
				body: {
					errorCode: 'object:not-found',
					errorMessage: 'Object not found',
					interpolations: { id },
				},
			});
		}
		expect((await api('DELETE', `/users/me/children/${id}`)).status).toBe(404);
		expect((await api('POST', `/users/me/groups`, [id])).status).toBe(404);
	});

	it('pages with total and filters users', async () => {
		const store = sandbox().sandbox.store;
		const page = await api('GET', '/users?limit=7&offset=5');
		expect(page.body.total).toBe(store.users.size);
		expect(page.body.items).toHaveLength(7);
		expect((await api('GET', '/users')).body.items).toHaveLength(25);
		const team = [...store.groups.values()].find(
			(g) => g.type === 'team' && g.name === 'Engineering',
		)!;
		const inTeam = (await api('GET', `/users?team=${team.id}&limit=50`)).body;
		expect(inTeam.total).toBe(
			[...store.users.values()].filter((u) => u.groupIds.has(team.id)).length,
		);
		const none = (await api('GET', '/users?supervisor=none')).body;
		expect(none.items.map((u: { id: string }) => u.id)).toEqual([store.serviceUserId]);
		const mine = (await api('GET', '/users?supervisor=me&limit=50')).body;
		expect(mine.total).toBe(
			[...store.users.values()].filter((u) => u.supervisorId === store.serviceUserId).length,
		);
		const bosses = (await api('GET', '/users?isSupervisor=true&limit=50')).body.items;
		expect(
			bosses.every((b: { id: string }) =>
				[...store.users.values()].some((u) => u.supervisorId === b.id),
			),
		).toBe(true);
		const inactive = (await api('GET', '/users?isActive=false&limit=50')).body;
		expect(inactive.items.every((u: { status: { active: boolean } }) => !u.status.active)).toBe(
			true,
		);
		const two = [...store.users.keys()].slice(1, 3);
		expect((await api('GET', `/users?id=${two[0]}&id=${two[1]}`)).body.total).toBe(2);
		expect((await api('GET', `/users?excludeId=me&limit=1`)).body.total).toBe(store.users.size - 1);
		const asc = (await api('GET', '/users?limit=50')).body.items;
		const desc = (await api('GET', '/users?limit=50&orderDirection=DESC')).body.items;
		expect(desc[0].id).not.toBe(asc[0].id);
		const search = (
			await api('GET', `/users?search=${encodeURIComponent(asc[0].familyName)}&limit=50`)
		).body.items;
		expect(
			search.every((u: { familyName: string; givenName: string; email: string }) =>
				JSON.stringify(u).toLowerCase().includes(asc[0].familyName.toLowerCase()),
			),
		).toBe(true);
		const underCeo = (await api('GET', `/users?notRecursivelySubordinateOf=${store.serviceUserId}`))
			.body;
		expect(underCeo.total).toBe(1);
		expect(
			(await api('GET', '/groups?type=location&limit=25')).body.items.every(
				(g: { type: string }) => g.type === 'location',
			),
		).toBe(true);
		expect((await api('GET', '/groups?limit=26')).status).toBe(400);
	});

	it('keeps supervisor relations and group membership consistent', async () => {
		const store = sandbox().sandbox.store;
		const [a, b] = [...store.users.values()].slice(10, 12);
		expect((await api('POST', `/users/${a.id}/subordinates`, [b.id])).status).toBe(200);
		expect((await api('GET', `/users/${b.id}/supervisor`)).body.id).toBe(a.id);
		// No cycles: a boss cannot report to their own subordinate.
		expect((await api('POST', `/users/${b.id}/subordinates`, [a.id])).status).toBe(400);
		expect((await api('GET', `/users/${store.serviceUserId}/supervisor`)).status).toBe(404);
		const team = [...store.groups.values()].find((g) => g.type === 'team')!;
		await api('DELETE', `/users/${a.id}/groups`, [team.id]);
		expect(
			(await api('GET', `/groups/${team.id}`)).body.members.some(
				(m: { id: string }) => m.id === a.id,
			),
		).toBe(false);
		await api('POST', `/users/${a.id}/groups`, [team.id]);
		expect(
			(await api('GET', `/groups/${team.id}`)).body.members.some(
				(m: { id: string }) => m.id === a.id,
			),
		).toBe(true);
	});

	it('derives jubilees from employment start dates and holidays per country', async () => {
		const res = (await api('GET', '/users/jubilees?fromDate=2025-01-01&toDate=2025-12-31')).body;
		expect(res.total).toBeGreaterThan(0);
		for (const j of res.items) expect(j.date.slice(5)).toBe(j.originalDate.slice(5));
		expect(publicHolidays('NO', '2024-03-25', '2024-04-02')).toEqual([
			'2024-03-28',
			'2024-03-29',
			'2024-03-31',
			'2024-04-01',
		]);
		expect(publicHolidays('SE', '2025-06-06', '2025-06-06')).toEqual(['2025-06-06']);
		expect(publicHolidays('ZZ', '2025-01-01', '2025-12-31')).toEqual([]);
		expect((await api('GET', '/holidays/NO?fromDate=2025-12-31&toDate=2025-01-01')).status).toBe(
			400,
		);
	});

	it('rejects a duplicate email and a group type change', async () => {
		const existing = [...sandbox().sandbox.store.users.values()][0];
		expect(
			(
				await api('POST', '/users', {
					givenName: 'A',
					familyName: 'B',
					email: existing.email,
					groups: [],
				})
			).body.fields,
		).toEqual(['email']);
		const team = [...sandbox().sandbox.store.groups.values()].find((g) => g.type === 'team')!;
		expect(
			(await api('PATCH', `/groups/${team.id}`, { type: 'location', name: 'X' })).body.fields,
		).toEqual(['type']);
	});

	it('takes what the spec allows: any email text, and group.update with type organization', async () => {
		const created = await api('POST', '/users', {
			givenName: 'No',
			familyName: 'Format',
			email: 'not-an-email',
			groups: [],
		});
		expect(created.status).toBe(200);
		expect(created.body.email).toBe('not-an-email');
		const team = [...sandbox().sandbox.store.groups.values()].find((g) => g.type === 'team')!;
		const renamed = await api('PATCH', `/groups/${team.id}`, {
			type: 'organization',
			name: 'Renamed by organization type',
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ name: 'Renamed by organization type' });
		expect(sandbox().sandbox.store.groups.get(team.id)!.type).toBe('team');
	});

	it('refuses to store what it could not answer by the spec, so the user stays readable', async () => {
		const user = [...sandbox().sandbox.store.users.values()][4];
		const refused = await api('PATCH', `/users/${user.id}`, {
			interests: [{ kind: 'object' }, 42],
		});
		expect(refused.status).toBe(400);
		expect(refused.body).toMatchObject({
			errorCode: 'field:invalid-format',
			fields: ['interests'],
		});
		expect((await api('GET', `/users/${user.id}`)).status).toBe(200);
		const kept = await api('PATCH', `/users/${user.id}`, { interests: ['Sailing'] });
		expect(kept.status).toBe(200);
		expect((await api('GET', `/users/${user.id}`)).body.interests).toMatchObject({
			value: ['Sailing'],
		});
	});
});
