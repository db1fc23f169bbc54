// Every field rule, decided once for both engines: what kind a field is, how a value entered in a
// form becomes a body value, and the words that describe it. The n8n description generator, the
// n8n execute path, the Node-RED editor data and the Node-RED runtime all read these.
import { isIdWrapperList, isListOfScalars, type BodyField } from './body';
import type { OperationSpec, SchemaObject } from './catalogue-types';
import { HumaValidationError } from './errors';
import { fieldDescription, fieldLabel, fieldPlaceholder, humanize } from './labels';
import { recordOfField } from './operation-decisions';
import { resourceInfo } from './resources';
import { coerceParameter, resolveRef, splitList } from './validate';

/**
 * What a field holds, which decides how editors show it and how its value is read:
 * `list` is a list of plain values (IDs, codes, or a list of `{ id }` objects), entered as
 * comma-separated text or picked; `json` is an object or a list of objects, entered as JSON.
 */
export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'uuid' | 'enum' | 'list' | 'json';

export function fieldKind(schema: SchemaObject): FieldKind {
	const s = resolveRef(schema);
	if (s.type === 'boolean') return 'boolean';
	if (s.type === 'integer' || s.type === 'number') return 'number';
	if (s.enum) return 'enum';
	if (isIdWrapperList(s) || isListOfScalars(s)) return 'list';
	if (s.type === 'object' || s.type === 'array' || s.oneOf || s.allOf || s.properties)
		return 'json';
	if (s.format === 'date') return 'date';
	if (s.format === 'uuid') return 'uuid';
	return 'text';
}

/** The values a list field may hold, when it is a fixed set (a list of enum values). */
export function listChoices(schema: SchemaObject): readonly unknown[] | undefined {
	const s = resolveRef(schema);
	return s.type === 'array' && s.items ? resolveRef(s.items).enum : undefined;
}

function parseJson(op: Pick<OperationSpec, 'name'>, field: string, text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new HumaValidationError(op.name, [
			{ field, message: `must be valid JSON (${(error as Error).message})` },
		]);
	}
}

/**
 * A body field's value as a form gives it (text, a number, a picked list, JSON text) as the
 * body takes it: a comma list split, IDs wrapped as `{ id }` where the body wants that, JSON text
 * parsed, "80" or "true" read as a number or boolean where the field is one. Bad JSON is bad input
 * naming the field (`body.<name>`).
 */
export function bodyValue(
	op: Pick<OperationSpec, 'name'>,
	field: Pick<BodyField, 'name' | 'schema'>,
	value: unknown,
): unknown {
	const kind = fieldKind(field.schema);
	if (kind === 'json')
		return typeof value === 'string' ? parseJson(op, `body.${field.name}`, value) : value;
	if (kind === 'list') {
		let list = value;
		if (typeof value === 'string')
			list = value.trim().startsWith('[')
				? parseJson(op, `body.${field.name}`, value)
				: splitList(value);
		if (!Array.isArray(list)) list = [list];
		return isIdWrapperList(field.schema)
			? (list as unknown[]).map((id) => (typeof id === 'object' && id !== null ? id : { id }))
			: coerceParameter(field.schema, list);
	}
	return coerceParameter(field.schema, value);
}

/** The IDs of a body that is a bare list of IDs (add subordinates, add to groups). */
export function idListValue(op: Pick<OperationSpec, 'name'>, value: unknown): unknown[] {
	if (typeof value === 'string')
		return value.trim().startsWith('[')
			? (parseJson(op, 'body', value) as unknown[])
			: splitList(value);
	return Array.isArray(value) ? value : [value];
}

/** The words of one field: its label, what to enter in it, and an example value. */
export interface FieldWords {
	label: string;
	description: string;
	placeholder?: string;
}

/**
 * The words of a field of an operation. The `{id}` of a path is the operation's own record, so
 * its words name that record (a child's id on `userChild.delete` is a "Child ID").
 */
export function fieldWords(
	op: Pick<OperationSpec, 'name' | 'resource'>,
	field: { name: string; schema: SchemaObject; in?: string; description?: string },
): FieldWords {
	const placeholder = fieldPlaceholder(field.name, field.schema);
	if (field.in === 'path' && field.name === 'id') {
		const entity = resourceInfo(op.resource)?.entity ?? 'Record';
		const me =
			resourceInfo(op.resource)?.idRecord === 'user' ? '; "me" is the API key\'s own user' : '';
		return {
			label: `${entity} ID`,
			description: `ID of the ${entity.toLowerCase()}${me}`,
			...(placeholder ? { placeholder } : {}),
		};
	}
	return {
		label: fieldLabel(field.name),
		description: fieldDescription(field.name, field.schema, op.name, field.description),
		...(placeholder ? { placeholder } : {}),
	};
}

/**
 * What the record a field takes the ID of is called ("user", "job title", "child"), if it takes
 * one: the field's words name it (test/contract/field-rules.test.ts checks every field).
 */
export function fieldRecordWord(
	op: Pick<OperationSpec, 'resource'>,
	field: { name: string; in?: string },
): string | undefined {
	if (field.in === 'path' && field.name === 'id')
		return resourceInfo(op.resource)?.entity.toLowerCase();
	const record = recordOfField(op, field.name);
	return record && humanize(record).toLowerCase();
}
