import {
	HumaValidationError,
	operations,
	simplify,
	type OperationName,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, opCount } = useClientSandbox();

describe('every operation over HTTP', () => {
	it('sends each operation with the shape the spec gives, and reads the answer', async () => {
		const { c } = client();
		const users = await c.users.list({ limit: 5 });
		const userId = users.items[1].id;
		const groups = await c.groups.list({ type: ['team'] });
		const titles = await c.jobTitles.list({});
		const seen = new Set<string>();
		const run = async <N extends OperationName>(name: N, params: unknown) => {
			const before = opCount(name);
			const result = await c.call(name, params as never);
			expect(opCount(name)).toBe(before + 1);
			seen.add(name);
			return result as any;
		};
		await run('user.list', {
			search: 'a',
			isActive: true,
			orderDirection: 'DESC',
			team: [groups.items[0].id],
		});
		const created = await run('user.create', {
			body: {
				givenName: 'Grace',
				familyName: 'Hopper',
				email: 'grace.hopper@example.com',
				groups: [groups.items[0].id],
			},
		});
		expect(created).toMatchObject({
			givenName: 'Grace',
			email: 'grace.hopper@example.com',
			type: 'user',
		});
		expect((await run('user.get', { id: created.id })).givenName.value).toBe('Grace');
		expect(
			(await run('user.update', { id: created.id, body: { phone: '+47 40000000' } })).phone.value,
		).toBe('+47 40000000');
		await run('user.addSubordinates', { id: userId, body: [created.id] });
		expect(
			(await run('user.listSubordinates', { id: userId })).map((u: { id: string }) => u.id),
		).toContain(created.id);
		expect((await run('user.getSupervisor', { id: created.id })).id).toBe(userId);
		await run('user.addToGroups', { id: created.id, body: [groups.items[1].id] });
		await run('user.removeFromGroups', { id: created.id, body: [groups.items[1].id] });
		expect((await run('user.getWorkSchedule', { id: 'me' })).weekWorkDays).toContain('MONDAY');
		expect(
			(
				await run('user.listJubilees', {
					fromDate: '2025-01-01',
					toDate: '2025-12-31',
					orderDirection: 'ASC',
				})
			).total,
		).toBeGreaterThan(0);

		const team = await run('group.create', {
			body: { type: 'team', name: 'Platform', members: [{ id: created.id }] },
		});
		expect(team.members).toHaveLength(1);
		expect((await run('group.get', { id: team.id })).name).toBe('Platform');
		expect(
			(
				await run('group.update', {
					id: team.id,
					body: { type: 'team', description: 'Runs the platform' },
				})
			).description,
		).toBe('Runs the platform');
		expect((await run('group.list', { search: 'Platform' })).total).toBe(1);

		const title = await run('jobTitle.create', {
			body: { name: 'Staff Engineer', description: 'IC6' },
		});
		expect((await run('jobTitle.get', { id: title.id })).name).toBe('Staff Engineer');
		expect(
			(await run('jobTitle.update', { id: title.id, body: { name: 'Principal Engineer' } })).name,
		).toBe('Principal Engineer');
		expect(
			(await run('jobTitle.list', { search: 'principal' })).map((t: { name: string }) => t.name),
		).toEqual(['Principal Engineer']);

		const position = await run('position.create', {
			userId: created.id,
			body: {
				contractStartDate: '2024-02-01',
				contractType: 'Permanent',
				titleId: titles[0].id,
				percentage: 80,
			},
		});
		expect(position.percentage.value).toBe(80);
		expect((await run('position.get', { userId: created.id, id: position.id })).status).toBe(
			'CURRENT',
		);
		expect(
			(
				await run('position.update', {
					userId: created.id,
					id: position.id,
					body: { percentage: 60 },
				})
			).percentage.value,
		).toBe(60);
		expect((await run('position.list', { userId: created.id, limit: 10, offset: 0 })).total).toBe(
			1,
		);
		await run('position.delete', { userId: created.id, id: position.id });

		expect(
			await run('holiday.list', {
				countryCode: 'NO',
				fromDate: '2025-05-01',
				toDate: '2025-05-31',
			}),
		).toEqual(['2025-05-01', '2025-05-17', '2025-05-29']);

		const child = await run('userChild.create', {
			userId: created.id,
			body: { name: 'Ola', birthDate: '2015-06-01' },
		});
		expect(
			(
				await run('userChild.update', {
					userId: created.id,
					id: child.id,
					body: { name: 'Ola Jr' },
				})
			).name,
		).toBe('Ola Jr');
		await run('userChild.delete', { userId: created.id, id: child.id });
		const contact = await run('userEmergencyContact.create', {
			userId: created.id,
			body: { name: 'Kari', phone: '+47 1', relation: 'Sister' },
		});
		expect(
			(
				await run('userEmergencyContact.update', {
					userId: created.id,
					id: contact.id,
					body: { name: 'Kari', phone: '+47 2' },
				})
			).phone,
		).toBe('+47 2');
		await run('userEmergencyContact.delete', { userId: created.id, id: contact.id });
		const ident = await run('userIdentification.create', {
			userId: created.id,
			body: { type: 'passport', country: 'NO', value: 'P123' },
		});
		expect(
			(
				await run('userIdentification.update', {
					userId: created.id,
					id: ident.id,
					body: { type: 'national', country: 'NO', value: '0101' },
				})
			).type,
		).toBe('national');
		await run('userIdentification.delete', { userId: created.id, id: ident.id });
		const details = simplify<Record<string, unknown[]>>(await c.users.get({ id: created.id }));
		expect([details.children, details.emergencyContacts, details.identifications]).toEqual([
			[],
			[],
			[],
		]);

		const token = await run('auth.token', {
			body: {
				grant_type: 'client_credentials',
				client_id: sandbox().credentials.clientId,
				client_secret: sandbox().credentials.clientSecret,
			},
		});
		expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		seen.add('auth.revoke'); // exercised in tokens.test.ts
		expect([...seen].sort()).toEqual(operations.map((o) => o.name).sort());
		await c.close();
	});

	it('refuses path values that could reach another endpoint, before sending', async () => {
		const { c } = client();
		await expect(c.users.get({ id: '../job-titles' })).rejects.toBeInstanceOf(HumaValidationError);
		await expect(c.users.get({ id: '..' })).rejects.toThrow('id must be an id, not "." or ".."');
		await c.close();
	});
});
