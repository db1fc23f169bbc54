// How each catalogue operation is laid out as n8n fields: which parameter sits where, and under
// which name. Shared by the description generator (scripts/build/generate-n8n.mjs) and the runtime, so
// the fields the editor shows are exactly the fields execute() reads. The decisions behind it
// (which records a field names, ID lists) are the core's, in its operation decisions.
import {
	bodyFields,
	bodyIsList,
	decisionsFor,
	editorResources,
	isPagingParameter,
	listOperations,
	recordOfField,
	type BodyField,
	type OperationSpec,
	type ParameterSpec,
	type RecordKind,
} from '@huma-integrations/huma-client';

export type { BodyField };

/** Resource values of the node (a public contract, never renamed): the core's editor resources. */
export const NODE_RESOURCES = editorResources();

/** Operation values of the node: the catalogue action, with n8n's `getAll` for plain lists. */
export function operationValue(op: OperationSpec): string {
	return op.action === 'list' ? 'getAll' : op.action;
}

export function operationFor(resource: string, value: string): OperationSpec | undefined {
	return listOperations(resource).find((op) => operationValue(op) === value);
}

/** Records n8n offers as a searchable resource locator (users are too many for a dropdown). */
export type Locator = Extract<RecordKind, 'user' | 'group' | 'jobTitle'>;

/** n8n's listSearch method of each locator (nodes/Huma/methods). */
export const LOCATOR_SEARCH: Record<Locator, string> = {
	user: 'searchUsers',
	group: 'searchGroups',
	jobTitle: 'searchJobTitles',
};

/** n8n's loadOptions method of each record a dropdown lists (nodes/Huma/methods); users have none. */
const LOAD_OPTIONS: Partial<Record<RecordKind, string>> = {
	team: 'getTeams',
	location: 'getLocations',
	company: 'getCompanies',
	jobTitle: 'getJobTitles',
	group: 'getGroups',
};

/** Path parameters that name a user, group or job title get a resource locator. */
export function locatorFor(op: OperationSpec, param: ParameterSpec): Locator | undefined {
	if (param.in !== 'path') return undefined;
	const record = recordOfField(op, param.name);
	return record && record in LOCATOR_SEARCH ? (record as Locator) : undefined;
}

/** The collection optional query parameters sit in. */
export function optionalParametersName(op: OperationSpec): 'filters' | 'options' {
	return op.action.startsWith('list') ? 'filters' : 'options';
}

/** Parameters shown as fields of their own (the rest sit in the filters/options collection). */
export function hasOwnField(op: OperationSpec, param: ParameterSpec): boolean {
	if (isPagingParameter(op, param.name)) return false;
	return param.required || param.in === 'path';
}

/** `compute` worked out once per operation, not per item. */
function oncePerOperation<T>(compute: (op: OperationSpec) => T): (op: OperationSpec) => T {
	const known = new WeakMap<OperationSpec, T>();
	return (op) => {
		if (!known.has(op)) known.set(op, compute(op));
		return known.get(op)!;
	};
}

/** Optional parameters, shown in the filters/options collection; paging is the node's own. */
export const optionalParameters = oncePerOperation((op) =>
	op.parameters.filter((p) => !hasOwnField(op, p) && !isPagingParameter(op, p.name)),
);

export type BodyLayout =
	| { kind: 'none' }
	/** The body is a list of ids (add subordinates, add to groups). */
	| { kind: 'idList'; field: string; label: string; record: 'user' | 'group' }
	| {
			kind: 'object';
			required: BodyField[];
			optional: BodyField[];
			collection: 'additionalFields' | 'updateFields';
	  };

/** How the body is entered. */
export const bodyLayout = oncePerOperation((op): BodyLayout => {
	if (!op.body) return { kind: 'none' };
	if (bodyIsList(op)) {
		const idList = decisionsFor(op).idList;
		if (!idList)
			throw new Error(`${op.name} takes a list body: its operation decisions need an idList`);
		return { kind: 'idList', ...idList };
	}
	const fields = bodyFields(op);
	return {
		kind: 'object',
		required: fields.filter((f) => f.required),
		optional: fields.filter((f) => !f.required),
		collection: op.method === 'POST' ? 'additionalFields' : 'updateFields',
	};
});

/** The dropdown loaded from Huma for a field that takes IDs of records other than users. */
export function loadOptionsFor(
	op: OperationSpec,
	name: string,
): { method: string; record: RecordKind } | undefined {
	const record = name === 'id' ? undefined : recordOfField(op, name);
	const method = record && LOAD_OPTIONS[record];
	return method ? { method, record: record! } : undefined;
}
