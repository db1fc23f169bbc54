// The Node-RED node set, derived from the core's operation catalogue and its labels.
import {
	answerIsSimplifiable,
	answersList,
	bodyFields,
	bodyIsList,
	decisionsFor,
	fieldKind,
	fieldWords,
	isPagingParameter,
	listChoices,
	listOperations,
	nodeRedNodes,
	operationAction,
	operationDescription,
	operationLabel,
	recordOfField,
	resolveRef,
	type OperationSpec,
	type RecordKind,
	type SchemaObject,
} from '@huma-integrations/huma-client';

export interface ResourceNode {
	/** Node-RED type; a public contract once released. */
	type: string;
	resource: string;
}

/** One node per resource group, from the core's resource table. */
export const RESOURCE_NODES: ResourceNode[] = nodeRedNodes();

/** How the editor shows a field: the widget follows the core's field kind. */
export function widgetFor(
	schema: SchemaObject,
): 'bool' | 'date' | 'number' | 'enum' | 'json' | 'text' {
	const kind = fieldKind(schema);
	if (kind === 'boolean') return 'bool';
	if (kind === 'date' || kind === 'number' || kind === 'enum' || kind === 'json') return kind;
	return 'text';
}

export interface EditorField {
	name: string;
	label: string;
	description: string;
	placeholder: string;
	required: boolean;
	widget: ReturnType<typeof widgetFor>;
	/** A list sent as comma-separated values. */
	multiple: boolean;
	/** The records a dropdown, loaded from Huma through the config node, offers for it. */
	picker: RecordKind | null;
	enum: unknown[] | null;
	/** Where a parameter goes; body fields have none. */
	in?: 'path' | 'query';
}

function editorField(
	op: OperationSpec,
	field: {
		name: string;
		schema: SchemaObject;
		required: boolean;
		in?: string;
		description?: string;
	},
): EditorField {
	const s = resolveRef(field.schema);
	const picker = recordOfField(op, field.name) ?? null;
	const widget = picker ? 'text' : widgetFor(field.schema);
	const words = fieldWords(op, field);
	const multiple = fieldKind(field.schema) === 'list';
	return {
		name: field.name,
		label: words.label,
		description: words.description,
		placeholder: words.placeholder ?? (multiple && widget === 'text' ? 'comma-separated' : ''),
		required: field.required,
		widget,
		multiple,
		picker,
		enum: (s.enum ?? listChoices(field.schema) ?? null) as unknown[] | null,
	};
}

/** What an operation that answers no data gives in Node-RED. */
const NO_ANSWER = 'Huma answers with no data; the message is sent on with an empty payload';

/**
 * huma-user's operations made of several calls (composite.ts runs them): in the editor's list
 * beside the catalogue's, with `composite` naming the form they get. The upsert's fields are its
 * mapping table (the node's `upsert` setting), not parameters.
 */
function compositeOperations(resource: string) {
	if (resource !== 'user') return [];
	const common = {
		paged: false,
		list: false,
		maxLimit: null,
		simplifiable: false,
		body: null,
	};
	const param = (
		name: string,
		label: string,
		description: string,
		widget: 'text' | 'bool',
		required: boolean,
	): EditorField => ({
		name,
		label,
		description,
		placeholder: '',
		required,
		widget,
		multiple: false,
		picker: null,
		enum: null,
	});
	return [
		{
			...common,
			action: 'upsert',
			composite: 'upsert',
			label: 'Create or update',
			title: 'create or update users',
			summary: 'Create or update users from rows',
			description:
				'Creates the users that do not exist yet and updates those that do, from rows (msg.payload as one row or an array of rows, or a msg.parts sequence such as the CSV node sends), matched by e-mail, employment ID or ID. Unchanged users are not written. Sends one message per row with its action and changes, then a summary message.',
			params: [],
		},
		{
			...common,
			action: 'findByEmail',
			composite: 'findByEmail',
			label: 'Find by e-mail',
			title: 'find a user by e-mail',
			summary: 'Find a user by e-mail',
			description:
				'Finds the user with an e-mail address (compared without case) and sends it in msg.payload; when none has it, an error, or no message with Nothing if not found.',
			params: [
				param(
					'email',
					'E-mail',
					'The e-mail of the user to find; blank takes msg.email, or msg.payload when it is text',
					'text',
					false,
				),
				param(
					'nothingIfNotFound',
					'Nothing if not found',
					'Send no message, rather than fail, when no user has the e-mail',
					'bool',
					false,
				),
			],
		},
	];
}

/** What the editor needs to know of each operation of a node (served as resources/huma-catalogue.json). */
export function editorOperations(resource: string) {
	return [...catalogueOperations(resource), ...compositeOperations(resource)];
}

function catalogueOperations(resource: string) {
	return listOperations(resource).map((op) => {
		const idList = decisionsFor(op).idList;
		return {
			action: op.action,
			label: operationLabel(op),
			title: operationAction(op),
			summary: op.summary,
			description: operationDescription(op, NO_ANSWER),
			paged: Boolean(op.paged),
			/** Answers a list: sent as one array or one message per item (Output), like the paged lists. */
			list: answersList(op),
			maxLimit: op.paged?.maxLimit ?? null,
			simplifiable: answerIsSimplifiable(op),
			body: op.body
				? {
						required: op.body.required,
						/** A list of IDs (add subordinates, add to groups): no fields, a picker instead. */
						list: idList?.record ?? null,
						example: bodyExample(op),
						fields: bodyFields(op)
							.map((f) => editorField(op, f))
							.sort(
								(a, b) => Number(b.required) - Number(a.required) || a.label.localeCompare(b.label),
							),
					}
				: null,
			params: op.parameters
				.filter((p) => !isPagingParameter(op, p.name))
				.map((p) => ({ ...editorField(op, p), in: p.in })),
		};
	});
}

const EXAMPLE_VALUES: Record<string, unknown> = {
	givenName: 'Kari',
	familyName: 'Nordmann',
	email: 'kari.nordmann@example.com',
	name: 'Customer Success',
	phone: '+47 912 34 567',
	country: 'NO',
	value: '01019012345',
	contractStartDate: '2025-01-06',
	percentage: 100,
};

/** A real body: the required fields with example values, shown in the help and as the JSON placeholder. */
export function bodyExample(op: OperationSpec): string {
	if (bodyIsList(op)) return '["3fa85f64-5717-4562-b3fc-2c963f66afa6"]';
	const fields = bodyFields(op);
	const properties = new Set(fields.map((f) => f.name));
	const example = Object.fromEntries(
		fields
			.filter((f) => f.required)
			.map(({ name, schema }) => {
				const s = resolveRef(schema);
				if (name in EXAMPLE_VALUES) return [name, EXAMPLE_VALUES[name]];
				if (s.enum) return [name, s.enum[0]];
				if (s.format === 'date') return [name, '2025-01-31'];
				if (s.format === 'uuid') return [name, '3fa85f64-5717-4562-b3fc-2c963f66afa6'];
				if (s.type === 'array') return [name, []];
				if (s.type === 'boolean') return [name, false];
				return [name, 'text'];
			}),
	);
	// A group's `type` picks the kind of group.
	if (op.resource === 'group' && 'type' in example) example.type = 'team';
	// An update sends only what changes: show one typical field.
	if (op.action === 'update') {
		const typical = ['preferredName', 'name', 'percentage', 'phone'].find((f) => properties.has(f));
		if (typical && !(typical in example))
			example[typical] =
				typical === 'percentage'
					? 80
					: typical === 'phone'
						? EXAMPLE_VALUES.phone
						: typical === 'preferredName'
							? 'Kari'
							: 'Customer Success';
	}
	return JSON.stringify(example);
}
