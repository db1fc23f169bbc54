// The Node-RED editor's decisions from source (src/editor/huma-fields.js, the pure functions
// huma-editor.js calls in the browser), on the operations and fields the editor gets from its
// catalogue: which rows and editors a field and an operation show, how required fields are
// marked, how what was typed becomes the node's stored config. The dialog itself is tested in
// a real browser (test/browser), its admin endpoints in the Node-RED runtime (test/node-red).
import { editorOperations, RESOURCE_NODES } from '../src/definitions';

const fields = require('../src/editor/huma-fields.js');

const operation = (resource: string, action: string) =>
	editorOperations(resource).find((o) => o.action === action)!;
const userList = operation('user', 'list');
const field = (name: string) => userList.params.find((p) => p.name === name)!;
const all = RESOURCE_NODES.flatMap((def) => editorOperations(def.resource));
const everyField = all.flatMap((op) => [...op.params, ...(op.body?.fields ?? [])]);
const CONTEXT = ['msg', 'flow', 'global', 'jsonata', 'env'];

describe('which editors a field offers', () => {
	it('opens each field in its own editor: a dropdown from Huma, true/false, a date, a fixed list', () => {
		expect(fields.naturalType(field('team'))).toBe('huma-pick');
		expect(fields.naturalType(field('isActive'))).toBe('huma-bool');
		expect(fields.naturalType(field('orderDirection'))).toBe('huma-enum');
		expect(fields.naturalType(field('search'))).toBe('str');
		const jubilees = editorOperations('user').find((o) => o.action === 'listJubilees')!;
		expect(fields.naturalType(jubilees.params.find((p) => p.name === 'fromDate'))).toBe(
			'huma-date',
		);
	});

	it('offers the natural editor first, typed text where it makes sense, and values from msg, flow, global, JSONata and env', () => {
		expect(fields.typesOf(field('team'))).toEqual(['huma-pick', 'str', 'num', ...CONTEXT]);
		expect(fields.typesOf(field('isActive'))).toEqual(['huma-bool', ...CONTEXT]);
		expect(fields.typesOf(field('orderDirection'))).toEqual(['huma-enum', 'str', ...CONTEXT]);
		expect(fields.typesOf(operation('user', 'listJubilees').params[0])).toEqual([
			'huma-date',
			'str',
			...CONTEXT,
		]);
		const percentage = operation('position', 'create').body!.fields.find(
			(f) => f.name === 'percentage',
		);
		expect(fields.typesOf(percentage)).toEqual(['num', 'str', ...CONTEXT]);
		const address = operation('group', 'create').body!.fields.find((f) => f.name === 'address');
		expect(fields.typesOf(address)).toEqual(['json', 'str', ...CONTEXT]);
		expect(fields.typesOf(field('search'))).toEqual(['str', 'num', ...CONTEXT]);
		for (const f of everyField) {
			expect(fields.typesOf(f)[0]).toBe(fields.naturalType(f));
			expect(fields.typesOf(f)).toEqual(expect.arrayContaining(CONTEXT));
		}
	});

	it('gives a fixed list a blank choice unless several can be chosen', () => {
		expect(fields.enumOptions(field('orderDirection'))).toEqual([
			{ value: '', label: '—' },
			{ value: 'ASC', label: 'ASC' },
			{ value: 'DESC', label: 'DESC' },
		]);
		expect(fields.enumOptions({ ...field('orderDirection'), multiple: true })).toEqual([
			{ value: 'ASC', label: 'ASC' },
			{ value: 'DESC', label: 'DESC' },
		]);
	});

	it('keeps a stored dropdown value Huma no longer lists, so opening the dialog loses nothing', () => {
		const loaded = [{ value: 't1', label: 'Platform' }];
		expect(fields.pickerChoices(field('team'), loaded, 't1,gone', 'huma-pick')).toEqual([
			{ value: 'gone', label: 'gone' },
			...loaded,
		]);
		// A value from msg is a property name, not a choice.
		expect(fields.pickerChoices(field('team'), loaded, 'teamIds', 'msg')).toEqual(loaded);
		expect(fields.pickerChoices(field('supervisor'), loaded, '', 'huma-pick')).toEqual([
			{ value: '', label: '—' },
			...loaded,
		]);
		expect(fields.savedOptions('a,,b')).toEqual([
			{ value: 'a', label: 'a' },
			{ value: 'b', label: 'b' },
		]);
	});
});

describe('labels and placeholders', () => {
	it('marks required fields with *, and only them', () => {
		const create = operation('user', 'create').body!.fields;
		expect(fields.labelOf(create.find((f) => f.name === 'email'))).toBe('Email *');
		expect(fields.labelOf(create.find((f) => f.name === 'invite'))).toBe('Invite');
		expect(fields.labelOf(operation('user', 'get').params[0])).toBe('User ID *');
		for (const f of everyField) expect(fields.labelOf(f).endsWith(' *')).toBe(f.required);
	});

	it("tells optional fields that msg can fill them, after the field's own example", () => {
		const tip = 'or msg.x';
		const create = operation('user', 'create').body!.fields;
		expect(
			fields.placeholderOf(
				create.find((f) => f.name === 'email'),
				tip,
			),
		).toBe('name@email.com');
		expect(
			fields.placeholderOf(
				create.find((f) => f.name === 'invite'),
				tip,
			),
		).toBe(tip);
		expect(
			fields.placeholderOf({ ...create.find((f) => f.name === 'email')!, required: false }, tip),
		).toBe(`name@email.com — ${tip}`);
		expect(
			fields.placeholderOf(
				create.find((f) => f.name === 'familyName'),
				tip,
			),
		).toBe('');
	});
});

describe('which rows an operation shows', () => {
	it('shows paging for paged lists, the limit only without Return All, output for every list, simplify where answers wrap fields', () => {
		expect(fields.rowsShown(userList, true)).toEqual({
			paging: true,
			output: true,
			limit: false,
			simplify: false,
		});
		expect(fields.rowsShown(userList, false)).toEqual({
			paging: true,
			output: true,
			limit: true,
			simplify: false,
		});
		expect(fields.rowsShown(operation('jobTitle', 'list'), false)).toEqual({
			paging: false,
			output: true,
			limit: false,
			simplify: false,
		});
		expect(fields.rowsShown(operation('user', 'get'), true)).toEqual({
			paging: false,
			output: false,
			limit: false,
			simplify: true,
		});
		expect(fields.rowsShown(operation('position', 'update'), true)).toEqual({
			paging: false,
			output: false,
			limit: false,
			simplify: true,
		});
		// jQuery's toggle() flips visibility unless given a boolean.
		for (const op of all)
			for (const shown of Object.values(fields.rowsShown(op, false)))
				expect(typeof shown).toBe('boolean');
	});

	it('shows a list of IDs as one required field with a dropdown, an object body as its fields, nothing without a body', () => {
		const [ids] = fields.bodyFieldsOf(operation('user', 'addToGroups'), 'IDs');
		expect(ids).toMatchObject({
			name: 'ids',
			label: 'IDs',
			required: true,
			multiple: true,
			picker: 'group',
			placeholder: '["3fa85f64-5717-4562-b3fc-2c963f66afa6"]',
		});
		expect(fields.bodyFieldsOf(operation('user', 'addSubordinates'), 'IDs')).toEqual([
			expect.objectContaining({ name: 'ids', picker: 'user' }),
		]);
		const create = operation('user', 'create');
		expect(fields.bodyFieldsOf(create, 'IDs')).toBe(create.body!.fields);
		expect(fields.bodyFieldsOf(operation('user', 'get'), 'IDs')).toEqual([]);
	});

	it("finds a node's operation by its action, a new node's being the first", () => {
		const ops = editorOperations('user');
		expect(fields.findOperation(ops, 'listJubilees').action).toBe('listJubilees');
		expect(fields.findOperation(ops, undefined)).toBe(ops[0]);
		expect(fields.findOperation(ops, 'removed')).toBe(ops[0]);
	});
});

describe('what a node stores', () => {
	it("stores the editor's own types as plain Node-RED types, and shows stored values back in them", () => {
		for (const [shown, stored] of [
			['huma-pick', 'str'],
			['huma-date', 'str'],
			['huma-enum', 'str'],
			['huma-bool', 'bool'],
			['msg', 'msg'],
			['json', 'json'],
		]) {
			expect(fields.storedType(shown)).toBe(stored);
		}
		expect(fields.shownType(field('team'), { value: 'a,b', type: 'str' })).toBe('huma-pick');
		expect(fields.shownType(field('isActive'), { value: 'true', type: 'bool' })).toBe('huma-bool');
		expect(fields.shownType(field('orderDirection'), { value: 'DESC', type: 'str' })).toBe(
			'huma-enum',
		);
		// A value the list does not hold stays typed text; a value from the message stays msg.
		expect(fields.shownType(field('orderDirection'), { value: 'sideways', type: 'str' })).toBe(
			'str',
		);
		expect(fields.shownType(field('team'), { value: 'teamIds', type: 'msg' })).toBe('msg');
		const jubilees = editorOperations('user').find((o) => o.action === 'listJubilees')!;
		const fromDate = jubilees.params.find((p) => p.name === 'fromDate');
		expect(fields.shownType(fromDate, { value: '2025-01-31', type: 'str' })).toBe('huma-date');
		expect(fields.shownType(fromDate, { value: 'next week', type: 'str' })).toBe('str');
		expect(fields.isDate('2025-01-31') && fields.isDate('') && !fields.isDate('31.01.2025')).toBe(
			true,
		);
	});

	it("turns what was typed into the node's { value, type } per field, leaving blank fields out", () => {
		// Each reader returns what the dialog's field holds, as addField's reader does.
		const typed = (value: string, shown: string) => () => ({
			value,
			type: fields.storedType(shown),
		});
		const params = fields.storedValues({
			isActive: typed('true', 'huma-bool'),
			team: typed('t1,t2', 'huma-pick'),
			orderDirection: typed('DESC', 'huma-enum'),
			supervisor: typed('boss', 'msg'),
			search: typed('', 'str'),
		});
		expect(params).toEqual({
			isActive: { value: 'true', type: 'bool' },
			team: { value: 't1,t2', type: 'str' },
			orderDirection: { value: 'DESC', type: 'str' },
			supervisor: { value: 'boss', type: 'msg' },
		});
		// Reopened, every field shows in the editor it was typed in.
		for (const [name, stored] of Object.entries<{ value: string; type: string }>(params)) {
			expect(fields.shownType(field(name), stored)).toBe(
				{
					isActive: 'huma-bool',
					team: 'huma-pick',
					orderDirection: 'huma-enum',
					supervisor: 'msg',
				}[name],
			);
		}
		// A field never touched opens in its natural editor.
		expect(fields.shownType(field('search'), undefined)).toBe('str');
	});

	it('opens a body as JSON when the node has one, else as fields', () => {
		expect(fields.bodyModeOf({ body: '{"name":"A"}' })).toBe('json');
		expect(fields.bodyModeOf({ body: '' })).toBe('fields');
		expect(fields.bodyModeOf({})).toBe('fields');
	});

	it("sends the admin endpoints a config node's id and what the dialog holds, credentials only when entered", () => {
		const config = {
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:4010',
			credentials: { clientId: 'abc', clientSecret: 's3cret' },
		};
		expect(fields.connectionOf('cfg', config)).toEqual({
			id: 'cfg',
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:4010',
			clientId: 'abc',
			clientSecret: 's3cret',
		});
		expect(fields.connectionOf('cfg', { environment: 'production' })).toEqual({
			id: 'cfg',
			environment: 'production',
			baseUrl: undefined,
		});
		expect(fields.connectionOf('', undefined)).toBeNull();
	});
});
