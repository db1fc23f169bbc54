// Every field rule is the core's (packages/huma-client/src/fields.ts): for every field of every
// operation, the n8n node and the Node-RED node turn the same input into the same request body,
// each reading it in the shape its own editor stores it, and every field's words say what it is.
import type { INodeProperties } from 'n8n-workflow';
import {
	bodyFields,
	bodyIsList,
	decisionsFor,
	fieldKind,
	fieldRecordWord,
	fieldWords,
	getOperation,
	isPagingParameter,
	listChoices,
	OPERATION_NAMES,
	resolveRef,
	type OperationSpec,
	type SchemaObject,
} from '@huma-integrations/huma-client';
import { gatherParams } from '../../nodes/Huma/actions/execute';
import { NODE_RESOURCES, bodyLayout, operationValue } from '../../nodes/Huma/shared/fieldLayout';
import { resourceProperties } from '../../nodes/Huma/resources/index.generated';
import { editorOperations } from '../../packages/node-red-contrib-huma/src/definitions';
import { bodyFromFields } from '../../packages/node-red-contrib-huma/src/runtime';

// Node-RED's own evaluation of a typed value (str, num, bool, json, …), as its runtime calls it.
const { util: nodeRedUtil } = require('@node-red/util');

const UUIDS = ['3fa85f64-5717-4562-b3fc-2c963f66afa6', '0b5e7e2a-4f0c-4d8a-9c7e-2a1f5b6d7e80'];

const editorOps = OPERATION_NAMES.map((name) => getOperation(name)).filter((op) =>
	(NODE_RESOURCES as readonly string[]).includes(op.resource),
);

/** The n8n properties shown for an operation, collections opened. */
function n8nProperties(op: OperationSpec): INodeProperties[] {
	const shown = resourceProperties.filter(
		(p) =>
			p.displayOptions?.show?.resource?.includes(op.resource) &&
			p.displayOptions?.show?.operation?.includes(operationValue(op)),
	);
	return shown.flatMap((p) =>
		p.type === 'collection' ? [p, ...((p.options ?? []) as INodeProperties[])] : [p],
	);
}

function nodeRedOperation(op: OperationSpec) {
	return editorOperations(op.resource).find((o) => o.action === op.action)!;
}

/** What a person means to enter in a field of this schema, before an editor's shape. */
function meaning(schema: SchemaObject): unknown {
	const s = resolveRef(schema);
	switch (fieldKind(schema)) {
		case 'boolean':
			return true;
		case 'number':
			return 80;
		case 'enum':
			return s.enum![0];
		case 'date':
			return '2025-01-31';
		case 'uuid':
			return UUIDS[0];
		case 'list': {
			const choices = listChoices(schema);
			return choices ? choices.slice(0, 2).map(String) : UUIDS;
		}
		case 'json':
			return s.type === 'array' ? [{ name: 'Intranet' }] : { line1: 'Storgata 1' };
		default:
			return 'Kari';
	}
}

/** The value as an n8n field of this type holds it. */
function n8nValue(property: INodeProperties, value: unknown): unknown {
	if (property.type === 'multiOptions') return value;
	if (property.type === 'json') return JSON.stringify(value);
	if (Array.isArray(value)) return value.join(', ');
	return value;
}

/** The value as a Node-RED field of this widget stores it: { value, type }. */
function nodeRedValue(widget: string, value: unknown): { value: string; type: string } {
	if (widget === 'json') return { value: JSON.stringify(value), type: 'json' };
	if (widget === 'number') return { value: String(value), type: 'num' };
	if (widget === 'bool') return { value: String(value), type: 'bool' };
	return { value: Array.isArray(value) ? value.join(',') : String(value), type: 'str' };
}

/** getNodeParameter over stored parameters, as n8n reads a node's parameters. */
function n8nContext(parameters: Record<string, unknown>) {
	return {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], parameters);
			return value === undefined ? fallback : value;
		},
	} as never;
}

const nodeRedRed = {
	util: {
		evaluateNodeProperty: nodeRedUtil.evaluateNodeProperty,
		generateId: () => 'id',
	},
} as never;

/** Whether words name a record, singular or plural ("company", "companies"). */
const names = (words: string, record: string) =>
	words.toLowerCase().includes(record) || words.toLowerCase().includes(record.replace(/y$/, 'ie'));

const withBody = editorOps.filter((op) => op.body);

describe('every field rule is decided once, in the core', () => {
	it.each(withBody.map((op) => [op.name, op] as const))(
		'%s: n8n and Node-RED turn the same input into the same body',
		async (_name, op) => {
			const props = n8nProperties(op);
			const n8nParameters: Record<string, unknown> = {};
			const nodeRedFields: Record<string, { value: string; type: string }> = {};
			const layout = bodyLayout(op);
			const nrOp = nodeRedOperation(op);
			if (layout.kind === 'idList') {
				const property = props.find((p) => p.name === layout.field)!;
				n8nParameters[layout.field] = n8nValue(property, UUIDS);
				nodeRedFields.ids = nodeRedValue('text', UUIDS);
			} else if (layout.kind === 'object') {
				for (const f of bodyFields(op)) {
					const value = meaning(f.schema);
					const property = props.find((p) => p.name === f.name)!;
					const stored = n8nValue(property, value);
					if (f.required) n8nParameters[f.name] = stored;
					else
						n8nParameters[layout.collection] = {
							...(n8nParameters[layout.collection] as object),
							[f.name]: stored,
						};
					const field = nrOp.body!.fields.find((x) => x.name === f.name)!;
					nodeRedFields[f.name] = nodeRedValue(field.widget, value);
				}
			}
			const fromN8n = gatherParams(n8nContext(n8nParameters), op, 0).body;
			const fromNodeRed = await bodyFromFields(
				nodeRedRed,
				{} as never,
				{ bodyFields: nodeRedFields },
				op,
				{},
			);
			expect(fromNodeRed).toEqual(fromN8n);
			// And the body is what the field kinds promise: lists split, IDs wrapped, JSON parsed.
			if (layout.kind === 'idList') expect(fromN8n).toEqual(UUIDS);
			else
				for (const f of bodyFields(op)) {
					const value = (fromN8n as Record<string, unknown>)[f.name];
					const kind = fieldKind(f.schema);
					if (kind === 'list' && resolveRef(f.schema).items?.$ref?.endsWith('UUIDWrapper'))
						expect(value).toEqual(UUIDS.map((id) => ({ id })));
					else expect(value).toEqual(meaning(f.schema));
				}
		},
	);

	it('a JSON field that does not parse is bad input naming the field, in both engines', async () => {
		const op = getOperation('user.update');
		const ctx = n8nContext({ updateFields: { homeAddress: '{ not json' } });
		expect(() => gatherParams(ctx, op, 0)).toThrow(/body\.homeAddress must be valid JSON/);
		await expect(
			bodyFromFields(
				nodeRedRed,
				{} as never,
				{ bodyFields: { homeAddress: { value: '{ not json', type: 'str' } } },
				op,
				{},
			),
		).rejects.toThrow(/body\.homeAddress must be valid JSON/);
	});

	it.each(editorOps.map((op) => [op.name, op] as const))(
		"%s: every field's words name what it is, the same in both editors",
		(_name, op) => {
			const props = n8nProperties(op);
			const nrOp = nodeRedOperation(op);
			const fields = [
				...op.parameters
					.filter((p) => !isPagingParameter(op, p.name))
					.map((p) => ({ ...p, nodeRed: nrOp.params.find((x) => x.name === p.name)! })),
				...bodyFields(op).map((f) => ({
					...f,
					in: undefined,
					description: undefined,
					nodeRed: nrOp.body!.fields.find((x) => x.name === f.name)!,
				})),
			];
			for (const field of fields) {
				const words = fieldWords(op, field);
				const where = `${op.name} ${field.name}`;
				// Node-RED shows the core's words as they are.
				expect({ where, label: field.nodeRed.label }).toEqual({ where, label: words.label });
				expect({ where, description: field.nodeRed.description }).toEqual({
					where,
					description: words.description,
				});
				const property = props.find((p) => p.name === field.name);
				expect({ where, n8n: Boolean(property) }).toEqual({ where, n8n: true });
				const n8nWords = `${property!.displayName} ${property!.description ?? ''}`.toLowerCase();
				// n8n's lists and locators have words n8n's lint rules require; the rest are the core's.
				if (property!.type !== 'resourceLocator' && !property!.typeOptions?.loadOptionsMethod)
					expect({ where, description: property!.description }).toEqual({
						where,
						description: words.description,
					});
				const record = fieldRecordWord(op, field);
				if (record) {
					expect({ where, named: names(words.description, record) }).toEqual({
						where,
						named: true,
					});
					expect({ where, named: names(n8nWords, record) }).toEqual({ where, named: true });
				}
				if (fieldKind(field.schema) === 'boolean') expect(words.description).toMatch(/^Whether /);
			}
			if (bodyIsList(op)) {
				const { field, record } = decisionsFor(op).idList!;
				const property = props.find((p) => p.name === field)!;
				expect(`${property.displayName} ${property.description}`.toLowerCase()).toContain(record);
			}
		},
	);
});
