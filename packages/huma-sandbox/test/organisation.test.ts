import { generateOrganization } from '@huma-integrations/huma-sandbox';

describe('the generated organisation', () => {
	it('generates the same organisation for a seed as it always has', () => {
		// Values of seed 5 as generated before the generator was made faster: same seed, same data.
		const store = generateOrganization({ users: 30, seed: 5 });
		const users = [...store.users.values()];
		expect(store.organizationId).toBe('bc3919b7-e3cb-4074-a4cb-40c3417f31d5');
		expect(users[0].id).toBe('ffaf4a85-812a-47b5-a15e-13589bf45dda');
		expect(users[29]).toMatchObject({
			id: '42fb4195-4362-485d-9983-87574175afa6',
			email: 'sofie.iversen.30@nordlys.example',
			phone: '+47 96558622',
			birthDate: '1984-05-05',
			supervisorId: 'c70e03aa-4b11-412d-8c19-3e5b39b6e868',
			emergencyContacts: [{ id: '1185b437-ab8e-4101-8e41-69be6affb731' }],
			positions: [{ id: '6c41536f-f05b-4331-ab59-f58f39994b6e' }],
			children: [
				{
					id: 'dfa12d06-d389-470c-8fd2-e46093945767',
					name: 'Jonas Iversen',
					birthDate: '2019-06-17',
				},
			],
			identifications: [],
		});
	});

	// How long this takes is measured by `npm run bench`, not asserted here.
	it('generates an organisation of 100,000 users', () => {
		const store = generateOrganization({ users: 100_000 });
		expect(store.users.size).toBe(100_000);
	}, 120_000);
});
