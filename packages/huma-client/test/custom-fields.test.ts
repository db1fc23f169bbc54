import {
	checkCustomValue,
	checkCustomValues,
	customFieldsOf,
	HumaError,
	HumaValidationError,
	listCustomFields,
	simplify,
	type CustomFieldDefinition,
	type CustomFieldType,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, opCount } = useClientSandbox();

const def = (type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}) =>
	({
		key: `my${type}`,
		label: `My ${type}`,
		section: 'misc',
		type,
		editable: true,
		...extra,
	}) as CustomFieldDefinition;

const SIZES = def('enum', {
	key: 'shirtSize',
	label: 'T-shirt size',
	options: { xs: 'XS', m: 'M', l: 'Large' },
});
const MODEL = def('enum', {
	key: 'workModel',
	label: 'Work model',
	options: { office: 'At the office', hybrid: 'Hybrid', remote: 'Fully remote' },
});

/** The message checkCustomValue throws for a value, or undefined when it takes it. */
function refusal(d: CustomFieldDefinition, value: unknown): string | undefined {
	try {
		checkCustomValue(d, value);
		return undefined;
	} catch (error) {
		expect(error).toBeInstanceOf(HumaValidationError);
		const e = error as HumaValidationError;
		expect(e.fields).toEqual([`custom.${d.key}`]);
		expect(e.operation).toBe('user.update');
		return e.issues[0].message;
	}
}

describe('customFieldsOf', () => {
	it("reads every definition, in Huma's order, from a user's details", () => {
		const details = {
			id: 'u',
			custom: {
				shirtSize: {
					label: 'T-shirt size',
					value: 'm',
					editable: true,
					section: 'personalia',
					type: 'enum',
					options: { s: 'S', m: 'M' },
				},
				bio: {
					label: 'Bio',
					value: null,
					placeholder: 'A few lines',
					editable: false,
					section: 'intro',
					type: 'textarea',
				},
			},
		};
		expect(customFieldsOf(details)).toEqual([
			{
				key: 'shirtSize',
				label: 'T-shirt size',
				section: 'personalia',
				type: 'enum',
				options: { s: 'S', m: 'M' },
				editable: true,
			},
			{
				key: 'bio',
				label: 'Bio',
				section: 'intro',
				type: 'textarea',
				placeholder: 'A few lines',
				editable: false,
			},
		]);
		expect(customFieldsOf({ id: 'u' })).toEqual([]);
	});

	it('says what it needs when given something else, such as simplified details', () => {
		expect(() => customFieldsOf('nope')).toThrow(HumaError);
		expect(() =>
			customFieldsOf(
				simplify({
					custom: { a: { label: 'A', value: 1, editable: true, section: 'misc', type: 'number' } },
				}),
			),
		).toThrow(
			"custom.a is not a field definition (label, type, …); pass user.get's answer as Huma sent it, not simplified",
		);
	});
});

describe('checkCustomValue', () => {
	const takes: [CustomFieldDefinition, unknown, unknown][] = [
		[def('text'), 'CC-100', 'CC-100'],
		[def('text'), ' kept as typed ', ' kept as typed '],
		[def('text'), 1042, '1042'],
		[def('textarea'), 'two\nlines', 'two\nlines'],
		[def('number'), 42, 42],
		[def('number'), ' -7 ', -7],
		[def('decimal'), 37.5, 37.5],
		[def('decimal'), '37.5', 37.5],
		[def('decimal'), '40', 40],
		[def('boolean'), false, false],
		[def('boolean'), 'TRUE', true],
		[def('boolean'), ' false ', false],
		[def('localdate'), '2031-02-28', '2031-02-28'],
		[def('localdate'), ' 2032-02-29 ', '2032-02-29'],
		[SIZES, 'm', 'm'],
		[SIZES, 'M', 'm'],
		[SIZES, 'Large', 'l'],
		[SIZES, 'large', 'l'],
		[SIZES, 'XS', 'xs'],
		[MODEL, 'Fully remote', 'remote'],
		[MODEL, ' hybrid ', 'hybrid'],
		[def('url'), 'https://example.com/x', 'https://example.com/x'],
		[def('url'), ' http://localhost:8080 ', 'http://localhost:8080'],
		[def('number'), null, null],
		[def('boolean'), undefined, null],
		[def('localdate'), '  ', null],
	];
	it.each(takes.map(([d, value, expected]) => [d.key, value, expected, d] as const))(
		'%s takes %j as %j',
		(_key, value, expected, d) => {
			expect(checkCustomValue(d, value)).toEqual(expected);
		},
	);

	const refuses: [CustomFieldDefinition, unknown, string][] = [
		[def('text'), true, '("My text") must be text (got true)'],
		[def('textarea'), { a: 1 }, '("My textarea") must be text (got an object)'],
		[def('number'), 1.5, '("My number") must be a whole number, such as 42 (got 1.5)'],
		[def('number'), '1.5', '("My number") must be a whole number, such as 42 (got "1.5")'],
		[def('number'), '12abc', '("My number") must be a whole number, such as 42 (got "12abc")'],
		[
			def('decimal'),
			'37,5',
			'("My decimal") must be a number with a point for decimals, such as 37.5 (got "37,5")',
		],
		[
			def('decimal'),
			'0x10',
			'("My decimal") must be a number with a point for decimals, such as 37.5 (got "0x10")',
		],
		[def('boolean'), 'yes', '("My boolean") must be true or false (got "yes")'],
		[def('boolean'), 1, '("My boolean") must be true or false (got 1)'],
		[
			def('localdate'),
			'28.02.2031',
			'("My localdate") must be a date as YYYY-MM-DD, such as 2031-02-28 (got "28.02.2031")',
		],
		[
			def('localdate'),
			'2031-02-29',
			'("My localdate") must be a date as YYYY-MM-DD, such as 2031-02-28 (got "2031-02-29")',
		],
		[
			def('localdate'),
			new Date(0),
			'("My localdate") must be a date as YYYY-MM-DD, such as 2031-02-28 (got a date object)',
		],
		[
			SIZES,
			'XXL',
			'("T-shirt size") must be one of xs (XS), m (M), l (Large), by key or label (got "XXL")',
		],
		[def('enum'), 'a', '("My enum") has no options in Huma (got "a")'],
		[
			def('url'),
			'www.example.com',
			'("My url") must be a web address starting with http:// or https:// (got "www.example.com")',
		],
		[
			def('url'),
			'javascript:alert(1)',
			'("My url") must be a web address starting with http:// or https:// (got "javascript:alert(1)")',
		],
		[
			def('geo' as CustomFieldType),
			'x',
			'("My geo") has type geo, which this version of the client cannot check (got "x")',
		],
	];
	it.each(refuses.map(([d, value, message]) => [d.key, value, message, d] as const))(
		'%s refuses %j, naming the field and what was expected',
		(_key, value, message, d) => {
			expect(refusal(d, value)).toBe(message);
		},
	);

	it("a key wins over another option's label; a value naming two options when case is ignored is refused", () => {
		const clash = def('enum', { options: { a: 'B', b: 'Other' } });
		expect(checkCustomValue(clash, 'b')).toBe('b');
		expect(checkCustomValue(clash, 'B')).toBe('a');
		expect(refusal(def('enum', { options: { x: 'Same', y: 'same' } }), 'SAME')).toContain(
			'must be one of x (Same), y (same)',
		);
	});

	it('says in the error message which field, and that nothing was sent', () => {
		expect(() => checkCustomValue(SIZES, 'XXL', 'user.upsert')).toThrow(
			'Invalid input for user.upsert: custom.shirtSize ("T-shirt size") must be one of xs (XS), m (M), l (Large), by key or label (got "XXL"). Nothing was sent to Huma.',
		);
	});
});

describe('checkCustomValues', () => {
	it('normalises a whole custom object, or names every unknown key and wrong value at once', () => {
		const defs = [SIZES, MODEL, def('number', { key: 'parkingSpot' })];
		expect(
			checkCustomValues(defs, { shirtSize: 'Large', parkingSpot: '12', workModel: '' }),
		).toEqual({
			shirtSize: 'l',
			parkingSpot: 12,
			workModel: null,
		});
		let error: HumaValidationError | undefined;
		try {
			checkCustomValues(defs, { shoe: 42, shirtSize: 'm', parkingSpot: 'x' });
		} catch (e) {
			error = e as HumaValidationError;
		}
		expect(error?.issues).toEqual([
			{
				field: 'custom.shoe',
				message:
					'is not a custom field of this organisation; its custom fields are shirtSize, workModel, parkingSpot',
			},
			{
				field: 'custom.parkingSpot',
				message: '("My number") must be a whole number, such as 42 (got "x")',
			},
		]);
	});
});

describe('custom fields against the sandbox over HTTP', () => {
	it("lists the organisation's definitions from one request, and what it normalises the sandbox stores", async () => {
		const { c } = client();
		const before = opCount('user.get');
		const defs = await listCustomFields(c);
		expect(opCount('user.get')).toBe(before + 1);
		expect(defs.map((d) => d.key)).toEqual(sandbox().sandbox.store.customFields.map((d) => d.key));
		expect(new Set(defs.map((d) => d.type))).toEqual(
			new Set(['text', 'textarea', 'number', 'decimal', 'boolean', 'localdate', 'enum', 'url']),
		);
		const id = [...sandbox().sandbox.store.users.keys()][9];
		expect((await listCustomFields(c, { userId: id })).map((d) => d.key)).toEqual(
			defs.map((d) => d.key),
		);

		// What a sheet row holds: labels for enums, numbers and booleans as text.
		const row = {
			costCentre: 4711,
			bio: 'From a sheet',
			parkingSpot: '12',
			weeklyHours: '22.5',
			remoteAllowed: 'TRUE',
			healthCheckDate: '2031-01-15',
			shirtSize: 'XL',
			workModel: 'Fully remote',
			linkedIn: ' https://www.linkedin.com/in/sheet ',
		};
		const custom = checkCustomValues(defs, row);
		const answer = (await c.call('user.update', { id, body: { custom } })) as {
			custom: Record<string, { value: unknown }>;
		};
		expect(simplify(answer.custom)).toEqual({
			costCentre: '4711',
			bio: 'From a sheet',
			parkingSpot: 12,
			weeklyHours: 22.5,
			remoteAllowed: true,
			healthCheckDate: '2031-01-15',
			shirtSize: 'xl',
			workModel: 'remote',
			linkedIn: 'https://www.linkedin.com/in/sheet',
		});
		// Unnormalised, the same row is Huma's 400 naming the fields.
		await expect(c.call('user.update', { id, body: { custom: row } })).rejects.toMatchObject({
			status: 400,
			fields: [
				'custom.costCentre',
				'custom.parkingSpot',
				'custom.weeklyHours',
				'custom.remoteAllowed',
				'custom.shirtSize',
				'custom.workModel',
				'custom.linkedIn',
			],
		});
		await c.close();
	});
});
