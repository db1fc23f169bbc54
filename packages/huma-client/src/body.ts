// The fields of a request body, as editors show them and integrations fill them in. One rule for
// which fields are required, used by the n8n node, the Node-RED editor and runtime, and examples.
import type { OperationSpec, SchemaObject } from './catalogue-types';
import { resolveRef } from './validate';

/**
 * The fields of an object schema, through allOf and oneOf: every shape's fields, required where
 * all shapes require them. (Validation then checks the shape a value picks, by its discriminator.)
 */
export function objectFields(schema: SchemaObject): {
	properties: Map<string, SchemaObject>;
	required: Set<string>;
} {
	const s = resolveRef(schema);
	if (s.oneOf) {
		const branches = s.oneOf.map(objectFields);
		const properties = new Map<string, SchemaObject>();
		for (const b of branches)
			for (const [k, v] of b.properties) if (!properties.has(k)) properties.set(k, v);
		const required = new Set(
			[...branches[0].required].filter((r) => branches.every((b) => b.required.has(r))),
		);
		return { properties, required };
	}
	const properties = new Map<string, SchemaObject>(Object.entries(s.properties ?? {}));
	const required = new Set<string>(s.required ?? []);
	for (const part of s.allOf ?? []) {
		const merged = objectFields(part);
		for (const [k, v] of merged.properties) if (!properties.has(k)) properties.set(k, v);
		for (const r of merged.required) required.add(r);
	}
	return { properties, required };
}

export interface BodyField {
	name: string;
	schema: SchemaObject;
	required: boolean;
}

/** An object body's fields by name, deprecated ones left out; none for no body or a list body. */
export function bodyFields(op: Pick<OperationSpec, 'body'>): BodyField[] {
	if (!op.body) return [];
	const schema = resolveRef(op.body.schema);
	if (schema.type === 'array') return [];
	const { properties, required } = objectFields(schema);
	return [...properties.entries()]
		.filter(([, s]) => !s.deprecated)
		.map(([name, s]) => ({ name, schema: s, required: required.has(name) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the body is a bare list (of IDs, in this spec) rather than an object of fields. */
export function bodyIsList(op: Pick<OperationSpec, 'body'>): boolean {
	return Boolean(op.body) && resolveRef(op.body!.schema).type === 'array';
}

/** A list of plain values (IDs, codes): editors take it as comma-separated text. */
export function isListOfScalars(schema: SchemaObject): boolean {
	const s = resolveRef(schema);
	return (
		s.type === 'array' &&
		!resolveRef(s.items ?? {}).properties &&
		resolveRef(s.items ?? {}).type !== 'object'
	);
}

/** A list of `{ id }` objects (group members): editors take it as comma-separated IDs. */
export function isIdWrapperList(schema: SchemaObject): boolean {
	const s = resolveRef(schema);
	return s.type === 'array' && s.items?.$ref === '#/components/schemas/UUIDWrapper';
}
