// The n8n field layout: where each parameter of an operation sits, and how bodies are entered.
// The generator and execute() both read it, so these are the rules both sides keep.
import { fieldKind, getOperation, type OperationSpec } from '@huma-integrations/huma-client';
import {
	bodyLayout,
	hasOwnField,
	loadOptionsFor,
	locatorFor,
	NODE_RESOURCES,
	operationFor,
	operationValue,
	optionalParameters,
	optionalParametersName,
} from '../../nodes/Huma/shared/fieldLayout';

const param = (op: OperationSpec, name: string) => op.parameters.find((p) => p.name === name)!;

describe('n8n field layout', () => {
	it("gives the node every resource but authentication, and n8n's getAll for plain lists", () => {
		expect(NODE_RESOURCES).not.toContain('auth');
		expect(operationValue(getOperation('user.list'))).toBe('getAll');
		expect(operationValue(getOperation('user.listJubilees'))).toBe('listJubilees');
		expect(operationFor('user', 'getAll')?.name).toBe('user.list');
		expect(operationFor('user', 'list')).toBeUndefined();
	});

	it('shows path and required parameters as fields of their own, the rest in Filters or Options, and never limit/offset of a paged list', () => {
		const list = getOperation('user.list');
		expect(hasOwnField(list, param(list, 'limit'))).toBe(false);
		expect(optionalParameters(list).map((p) => p.name)).not.toEqual(
			expect.arrayContaining(['limit']),
		);
		expect(optionalParameters(list).map((p) => p.name)).toContain('search');
		expect(optionalParametersName(list)).toBe('filters');
		const holidays = getOperation('holiday.list');
		expect(
			holidays.parameters
				.filter((p) => hasOwnField(holidays, p))
				.map((p) => p.name)
				.sort(),
		).toEqual(['countryCode', 'fromDate', 'toDate']);
		const get = getOperation('user.get');
		expect(hasOwnField(get, param(get, 'id'))).toBe(true);
		expect(optionalParametersName(get)).toBe('options');
		// Returned as is: worked out once per operation, not per item.
		expect(optionalParameters(list)).toBe(optionalParameters(list));
	});

	it('offers users, groups and job titles as resource locators where a path names one', () => {
		const position = getOperation('position.get');
		expect(locatorFor(position, param(position, 'userId'))).toBe('user');
		expect(locatorFor(position, param(position, 'id'))).toBeUndefined();
		const group = getOperation('group.get');
		expect(locatorFor(group, param(group, 'id'))).toBe('group');
		const list = getOperation('user.list');
		expect(locatorFor(list, param(list, 'team'))).toBeUndefined();
	});

	it('loads dropdowns for groups and job titles, never for users or the own record', () => {
		const create = getOperation('user.create');
		expect(loadOptionsFor(create, 'groups')).toEqual({ method: 'getGroups', record: 'group' });
		expect(loadOptionsFor(getOperation('position.create'), 'titleId')).toEqual({
			method: 'getJobTitles',
			record: 'jobTitle',
		});
		expect(loadOptionsFor(getOperation('user.list'), 'team')).toEqual({
			method: 'getTeams',
			record: 'team',
		});
		expect(loadOptionsFor(create, 'supervisor')).toBeUndefined();
		expect(loadOptionsFor(getOperation('group.get'), 'id')).toBeUndefined();
	});

	it('lays out bodies: ID lists as one field, objects as required fields and a collection, once per operation', () => {
		expect(bodyLayout(getOperation('user.addSubordinates'))).toEqual({
			kind: 'idList',
			field: 'subordinateIds',
			label: 'Subordinate IDs',
			record: 'user',
		});
		expect(bodyLayout(getOperation('user.removeFromGroups'))).toMatchObject({
			kind: 'idList',
			field: 'groupIds',
			record: 'group',
		});
		expect(bodyLayout(getOperation('user.get'))).toEqual({ kind: 'none' });
		const create = bodyLayout(getOperation('position.create'));
		expect(create).toMatchObject({ kind: 'object', collection: 'additionalFields' });
		if (create.kind !== 'object') throw new Error('expected an object body');
		expect(create.required.map((f) => f.name)).toEqual([
			'contractStartDate',
			'contractType',
			'titleId',
		]);
		expect(create.optional.map((f) => f.name)).toContain('percentage');
		expect(bodyLayout(getOperation('position.update'))).toMatchObject({
			kind: 'object',
			collection: 'updateFields',
		});
		expect(bodyLayout(getOperation('position.create'))).toBe(create);
	});

	it('refuses a list body the operation decisions say nothing about, naming the operation', () => {
		const made: OperationSpec = {
			...getOperation('user.addToGroups'),
			name: 'user.addBadges',
			action: 'addBadges',
		};
		expect(() => bodyLayout(made)).toThrow(
			'user.addBadges takes a list body: its operation decisions need an idList',
		);
	});

	it('enters lists of IDs as comma-separated text and nested objects as JSON', () => {
		const group = getOperation('group.create');
		const members =
			group.body &&
			(() => {
				const layout = bodyLayout(group);
				return layout.kind === 'object'
					? [...layout.required, ...layout.optional].find((f) => f.name === 'members')
					: undefined;
			})();
		// The kinds are the core's field rules (test/contract/field-rules.test.ts covers every field).
		expect(members && fieldKind(members.schema)).toBe('list');
		expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('list');
		expect(fieldKind({ type: 'object', properties: { line1: { type: 'string' } } })).toBe('json');
		expect(fieldKind({ type: 'string' })).toBe('text');
	});
});
