import { generateOrganization } from '@huma-integrations/huma-sandbox';
import { sandboxWithApi } from './api';

const { sandbox, api, admin } = sandboxWithApi();

const TYPES = ['text', 'textarea', 'number', 'decimal', 'boolean', 'localdate', 'enum', 'url'];

/** A user other than `me`, so tests that change values leave the fully seeded one alone. */
const someone = () => [...sandbox().sandbox.store.users.keys()][5];

describe('custom fields', () => {
	it('seeds definitions of every type, in sections, enums with key → label options, the same for the same seed', () => {
		const org = generateOrganization({ users: 30, seed: 11 });
		expect(org.customFields.map((d) => d.type).sort()).toEqual([...TYPES, 'enum'].sort());
		expect(new Set(org.customFields.map((d) => d.section))).toEqual(
			new Set(['intro', 'employment', 'personalia', 'misc']),
		);
		for (const d of org.customFields.filter((f) => f.type === 'enum'))
			expect(Object.keys(d.options ?? {}).length).toBeGreaterThan(1);
		for (const d of org.customFields.filter((f) => f.type !== 'enum'))
			expect(d.options).toBeUndefined();

		const again = generateOrganization({ users: 30, seed: 11 });
		const customOf = (o: typeof org) => [...o.users.values()].map((u) => u.custom);
		expect(customOf(again)).toEqual(customOf(org));
		expect(customOf(generateOrganization({ users: 30, seed: 12 }))).not.toEqual(customOf(org));
		// The first user (`me`) has a value for every field, others for some.
		const me = org.users.get(org.serviceUserId)!.custom;
		expect(org.customFields.filter((d) => me[d.key] === undefined)).toEqual([]);
		const users = [...org.users.values()];
		expect(users.some((u) => u.custom.linkedIn === undefined)).toBe(true);
	});

	it('leaves every other seeded value as it was before custom fields existed', () => {
		// Values of seed 1 taken before custom values were seeded: they come from a stream of their own.
		const org = generateOrganization({ users: 40, seed: 1 });
		const users = [...org.users.values()];
		expect([
			org.organizationId,
			users[0].id,
			users[39].id,
			users[39].email,
			users[39].phone,
			users[39].birthDate,
		]).toEqual([
			'a08ff49b-6f77-4632-b16c-43069c43a8c3',
			'5a2e010c-6f95-4a6d-accd-b0fd760b0bcc',
			'53400511-caa7-4660-86c4-53e2444e21bc',
			'gustav.lund.40@nordlys.example',
			'+47 94700177',
			'1965-10-25',
		]);
	});

	it("shows every definition with the user's value, or null, in user details", async () => {
		const store = sandbox().sandbox.store;
		const me = (await api('GET', '/users/me')).body;
		expect(Object.keys(me.custom)).toEqual(store.customFields.map((d) => d.key));
		expect(me.custom.shirtSize).toEqual({
			label: 'T-shirt size',
			value: store.users.get(store.serviceUserId)!.custom.shirtSize,
			editable: true,
			section: 'personalia',
			type: 'enum',
			options: { xs: 'XS', s: 'S', m: 'M', l: 'L', xl: 'XL' },
		});
		expect(me.custom.bio).toMatchObject({ type: 'textarea', placeholder: expect.any(String) });
		for (const field of Object.values(me.custom) as { value: unknown }[])
			expect(field.value).not.toBeNull();

		const user = [...store.users.values()].find((u) => u.custom.linkedIn === undefined)!;
		const details = (await api('GET', `/users/${user.id}`)).body;
		expect(details.custom.linkedIn).toEqual({
			label: 'LinkedIn profile',
			value: null,
			editable: true,
			section: 'intro',
			type: 'url',
		});
	});

	it('stores a value of every type, and null clears one', async () => {
		const id = someone();
		const values = {
			costCentre: 'CC-999 Research',
			bio: 'Two lines.\nOf text.',
			parkingSpot: 17,
			weeklyHours: 37.5,
			remoteAllowed: false,
			healthCheckDate: '2031-02-28',
			shirtSize: 'xl',
			workModel: 'remote',
			linkedIn: 'https://www.linkedin.com/in/ada',
		};
		const res = await api('PATCH', `/users/${id}`, { custom: values });
		expect(res.status).toBe(200);
		for (const [key, value] of Object.entries(values))
			expect(res.body.custom[key].value).toBe(value);
		expect((await api('GET', `/users/${id}`)).body.custom.parkingSpot.value).toBe(17);

		const cleared = await api('PATCH', `/users/${id}`, { custom: { parkingSpot: null } });
		expect(cleared.body.custom.parkingSpot.value).toBeNull();
		expect(cleared.body.custom.shirtSize.value).toBe('xl');
		expect(sandbox().sandbox.store.users.get(id)!.custom).not.toHaveProperty('parkingSpot');
	});

	it.each([
		['costCentre', 42, 'must be text'],
		['bio', ['a'], 'must be text'],
		['parkingSpot', 1.5, 'must be a whole number'],
		['parkingSpot', '17', 'must be a whole number'],
		['weeklyHours', '37.5', 'must be a number'],
		['remoteAllowed', 'yes', 'must be true or false'],
		['healthCheckDate', '2031-02-30', 'must be a date as YYYY-MM-DD'],
		['healthCheckDate', '28.02.2031', 'must be a date as YYYY-MM-DD'],
		['shirtSize', 'XL', 'must be one of the option keys xs, s, m, l, xl'],
		['workModel', 'Fully remote', 'must be one of the option keys office, hybrid, remote'],
		[
			'linkedIn',
			'www.linkedin.com/in/ada',
			'must be a web address starting with http:// or https://',
		],
		['linkedIn', 'ftp://example.com', 'must be a web address starting with http:// or https://'],
	])('refuses %s = %j with 400 naming the field', async (key, value, message) => {
		const res = await api('PATCH', `/users/${someone()}`, { custom: { [key]: value } });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({
			errorCode: 'field:invalid-format',
			errorMessage: `Invalid field Format: custom.${key} ${message}`,
			fields: [`custom.${key}`],
		});
	});

	it('refuses unknown keys, names every bad field, and stores nothing of a refused update', async () => {
		const id = someone();
		const before = structuredClone(sandbox().sandbox.store.users.get(id)!);
		const res = await api('PATCH', `/users/${id}`, {
			givenName: 'Changed',
			custom: { costCentre: 'CC-1 Fine', shoeSize: 42, parkingSpot: 'seven', shirtSize: null },
		});
		expect(res.status).toBe(400);
		expect(res.body.fields).toEqual(['custom.shoeSize', 'custom.parkingSpot']);
		expect(res.body.errorMessage).toBe(
			'Invalid field Format: custom.shoeSize is not a custom field of this organisation; custom.parkingSpot must be a whole number',
		);
		expect(sandbox().sandbox.store.users.get(id)).toEqual(before);
		expect((await api('GET', `/users/${id}`)).body.givenName.value).toBe(before.givenName);
	});

	it('counts requests by operation, refused ones too, until reset', async () => {
		await admin('POST', '/counters/reset');
		await api('PATCH', `/users/${someone()}`, { custom: { parkingSpot: 3 } });
		await api('PATCH', `/users/${someone()}`, { custom: { parkingSpot: 'x' } });
		await api('GET', '/users/me');
		const counters = (await admin('GET', '/counters')).body;
		expect(counters.byOperation).toEqual({ 'user.update': 2, 'user.get': 1 });
		expect(counters.byOperationStatus).toEqual({
			'user.update': { 200: 1, 400: 1 },
			'user.get': { 200: 1 },
		});
		expect((await admin('POST', '/counters/reset')).body).toMatchObject({
			byOperation: {},
			byOperationStatus: {},
		});
	});
});
