// The per-operation decisions and the resource table stay true to the catalogue they decide for.
import {
	bodyFields,
	bodyIsList,
	decisionsFor,
	editorResources,
	operations,
	OPERATION_DECISIONS,
	recordName,
	recordOfField,
	resolveRef,
	RESOURCE_TABLE,
	RESOURCES,
	type SchemaObject,
} from '../src';

/** Whether some field of an answer is wrapped as `{ value, editable, … }`. */
function wrapsFields(schema: SchemaObject): boolean {
	const s = resolveRef(schema);
	const properties = { ...s.properties };
	for (const part of s.allOf ?? []) Object.assign(properties, resolveRef(part).properties);
	return Object.values(properties).some((field) => {
		const f = resolveRef(field).properties ?? {};
		return 'value' in f && 'editable' in f;
	});
}

describe('operation decisions', () => {
	it('decide only for operations the catalogue has', () => {
		const names = new Set(operations.map((op) => op.name));
		expect(Object.keys(OPERATION_DECISIONS).filter((name) => !names.has(name))).toEqual([]);
	});

	it('offer simplify exactly where the spec wraps answer fields as { value, editable }', () => {
		const wrapping = operations
			.filter((op) => op.response && wrapsFields(op.response.schema))
			.map((op) => op.name);
		const simplifiable = operations.filter((op) => decisionsFor(op).simplify).map((op) => op.name);
		expect(simplifiable).toEqual(wrapping);
		expect(wrapping).toEqual([
			'position.create',
			'position.get',
			'position.update',
			'user.get',
			'user.update',
		]);
	});

	it('give every operation whose body is a bare list the field and records it is entered as', () => {
		for (const op of operations.filter(bodyIsList)) {
			expect({ op: op.name, idList: decisionsFor(op).idList }).toEqual({
				op: op.name,
				idList: expect.objectContaining({ field: expect.any(String) }),
			});
		}
		// …and only them.
		for (const op of operations.filter((o) => decisionsFor(o).idList))
			expect(bodyIsList(op)).toBe(true);
	});

	it('name plain values only of operations that answer a list of plain values', () => {
		for (const op of operations.filter((o) => decisionsFor(o).valueKey)) {
			const answer = resolveRef(op.response!.schema);
			expect({
				op: op.name,
				type: answer.type,
				items: resolveRef(answer.items ?? {}).type,
			}).toEqual({ op: op.name, type: 'array', items: 'string' });
		}
	});

	it("give an operation's own field words only to fields it has", () => {
		for (const op of operations) {
			const own = Object.keys(decisionsFor(op).fieldDescriptions ?? {});
			const fields = new Set([
				...op.parameters.map((p) => p.name),
				...bodyFields(op).map((f) => f.name),
			]);
			expect({ op: op.name, unknown: own.filter((f) => !fields.has(f)) }).toEqual({
				op: op.name,
				unknown: [],
			});
		}
	});

	it("resolve `id` to the operation's own record where Huma lists those records", () => {
		expect(recordOfField({ resource: 'user' }, 'id')).toBe('user');
		expect(recordOfField({ resource: 'jobTitle' }, 'id')).toBe('jobTitle');
		expect(recordOfField({ resource: 'position' }, 'id')).toBeUndefined();
		expect(recordOfField({ resource: 'position' }, 'titleId')).toBe('jobTitle');
	});
});

describe('resource table', () => {
	it('has one row per resource of the catalogue, in the editors for all but authentication', () => {
		expect(Object.keys(RESOURCE_TABLE).sort()).toEqual([...RESOURCES].sort());
		expect(editorResources()).toEqual(RESOURCES.filter((r) => r !== 'auth'));
	});

	it('gives each resource its own client property and Node-RED type', () => {
		const rows = Object.values(RESOURCE_TABLE);
		expect(new Set(rows.map((r) => r.clientProperty)).size).toBe(rows.length);
		const types = rows.flatMap((r) => ('nodeRed' in r ? [r.nodeRed.type] : []));
		expect(new Set(types).size).toBe(types.length);
	});

	it('names listed records the same way for every editor', () => {
		const ada = { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' };
		expect(recordName('user', ada)).toBe('Ada Lovelace (ada@example.com)');
		expect(recordName('group', { name: 'Oslo', type: 'location' })).toBe('Oslo (location)');
		expect(recordName('location', { name: 'Oslo', type: 'location' })).toBe('Oslo');
		expect(recordName('jobTitle', { name: 'Engineer' })).toBe('Engineer');
	});
});
