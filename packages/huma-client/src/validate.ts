import type { SchemaObject } from './catalogue-types';
import { isUuid } from './values';
import { schemas as specSchemas } from './generated/catalogue';

export interface ValidationIssue {
	/** Where the problem is: a parameter name (`limit`), or a body path (`body.address.city`). */
	field: string;
	/** What was expected, in words an HR ops person can act on. */
	message: string;
}

export interface ValidateOptions {
	/** Report object properties the schema does not define (typos in request bodies). */
	rejectUnknown?: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const INT32 = { min: -2147483648, max: 2147483647 };

export function resolveRef(schema: SchemaObject): SchemaObject {
	let current = schema;
	while (current.$ref) {
		const name = current.$ref.replace('#/components/schemas/', '');
		const target = specSchemas[name];
		if (!target) throw new Error(`Unknown schema reference ${current.$ref}`);
		current = target;
	}
	return current;
}

function schemaName(schema: SchemaObject): string | undefined {
	return schema.$ref?.replace('#/components/schemas/', '');
}

export function isValidDate(value: string): boolean {
	const m = DATE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string')
		return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
	if (typeof value === 'object') return 'an object';
	return String(value);
}

function typeMatches(type: string, value: unknown): boolean {
	switch (type) {
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'array':
			return Array.isArray(value);
		case 'string':
			return typeof value === 'string';
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		default:
			return true;
	}
}

const TYPE_WORDS: Record<string, string> = {
	object: 'an object',
	array: 'a list',
	string: 'text',
	integer: 'a whole number',
	number: 'a number',
	boolean: 'true or false',
};

function checkFormat(format: string, value: string): string | undefined {
	switch (format) {
		case 'uuid':
			return isUuid(value)
				? undefined
				: 'must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6';
		case 'date':
			return isValidDate(value) ? undefined : 'must be a date in YYYY-MM-DD form';
		case 'date-time':
			return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
				? undefined
				: 'must be a date-time in ISO 8601 form such as 2024-01-31T09:00:00Z';
		case 'ISO 3166-1 alpha-2':
			return /^[A-Za-z]{2}$/.test(value)
				? undefined
				: 'must be a two-letter ISO 3166-1 country code such as NO';
		case 'ISO 639-1':
			return /^[A-Za-z]{2}$/.test(value)
				? undefined
				: 'must be a two-letter ISO 639-1 language code such as en';
		default:
			return undefined;
	}
}

/** Every property name a schema allows, across allOf/oneOf branches. */
function knownProperties(schema: SchemaObject, into = new Set<string>()): Set<string> {
	const s = resolveRef(schema);
	for (const key of Object.keys(s.properties ?? {})) into.add(key);
	for (const part of s.allOf ?? []) knownProperties(part, into);
	for (const part of s.oneOf ?? []) knownProperties(part, into);
	return into;
}

function discriminatorOf(schema: SchemaObject): string | undefined {
	const s = resolveRef(schema);
	if (s.discriminator) return s.discriminator.propertyName;
	for (const part of s.allOf ?? []) {
		const found = discriminatorOf(part);
		if (found) return found;
	}
	return undefined;
}

/**
 * The spec's oneOf branches overlap (none forbids extra properties), so a value usually
 * matches several. We pick the branch by discriminator where the spec gives one (branch
 * schema names start with the discriminator value: `team` -> TeamCreateInput), and
 * otherwise accept the value when any branch matches.
 */
function validateOneOf(
	branches: readonly SchemaObject[],
	value: unknown,
	field: string,
	issues: ValidationIssue[],
	options: ValidateOptions,
): void {
	const discriminator = discriminatorOf(branches[0]);
	if (discriminator && typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const tag = (value as Record<string, unknown>)[discriminator];
		const named = branches.filter((b) => schemaName(b));
		const groupLike =
			named.length === branches.length &&
			named.every((b) => /(Create|Update)Input$/.test(schemaName(b)!));
		const values = named.map((b) =>
			schemaName(b)!
				.replace(/(Create|Update)Input$/, '')
				.toLowerCase(),
		);
		if (groupLike) {
			if (tag === undefined) {
				issues.push({
					field: join(field, discriminator),
					message: `is required: one of ${values.join(', ')}`,
				});
				return;
			}
			const index = values.indexOf(String(tag));
			// A value the discriminator's own enum lists but no branch is named after (group.update's
			// `organization`) names no branch: the value then only has to match one of them.
			if (index === -1 && discriminatorEnum(branches[0], discriminator).includes(tag)) {
				validateAnyBranch(branches, value, field, issues, options);
				return;
			}
			if (index === -1) {
				issues.push({
					field: join(field, discriminator),
					message: `must be one of ${values.join(', ')} (got ${describe(tag)})`,
				});
				return;
			}
			validateInto(named[index], value, field, issues, options);
			return;
		}
	}
	validateAnyBranch(branches, value, field, issues, options);
}

function validateAnyBranch(
	branches: readonly SchemaObject[],
	value: unknown,
	field: string,
	issues: ValidationIssue[],
	options: ValidateOptions,
): void {
	let best: ValidationIssue[] | undefined;
	for (const branch of branches) {
		const branchIssues: ValidationIssue[] = [];
		validateInto(branch, value, field, branchIssues, options);
		if (branchIssues.length === 0) return;
		if (!best || branchIssues.length < best.length) best = branchIssues;
	}
	issues.push(...(best ?? []));
}

/** The enum the spec gives the discriminator property itself, in the branch or the base it extends. */
function discriminatorEnum(schema: SchemaObject, property: string): readonly unknown[] {
	const s = resolveRef(schema);
	const own = s.properties?.[property];
	if (own) return resolveRef(own).enum ?? [];
	for (const part of s.allOf ?? []) {
		const found = discriminatorEnum(part, property);
		if (found.length) return found;
	}
	return [];
}

function join(field: string, key: string): string {
	return field ? `${field}.${key}` : key;
}

function validateInto(
	schema: SchemaObject,
	value: unknown,
	field: string,
	issues: ValidationIssue[],
	options: ValidateOptions,
): void {
	const s = resolveRef(schema);
	if (s.oneOf) {
		validateOneOf(s.oneOf, value, field, issues, options);
		return;
	}
	if (s.allOf) {
		for (const part of s.allOf)
			validateInto(part, value, field, issues, { ...options, rejectUnknown: false });
	}
	const type = s.type ?? (s.properties || s.required ? 'object' : undefined);
	if (type && !typeMatches(type, value)) {
		issues.push({
			field: field || 'body',
			message: `must be ${TYPE_WORDS[type] ?? type} (got ${describe(value)})`,
		});
		return;
	}
	if (s.enum && !s.enum.includes(value)) {
		issues.push({ field, message: `must be one of ${s.enum.join(', ')} (got ${describe(value)})` });
		return;
	}
	if (typeof value === 'string') {
		const length = [...value].length;
		if (s.maxLength !== undefined && length > s.maxLength) {
			issues.push({ field, message: `must be at most ${s.maxLength} characters (got ${length})` });
		} else if (s.minLength !== undefined && length < s.minLength) {
			issues.push({ field, message: `must be at least ${s.minLength} characters` });
		} else if (s.format) {
			const problem = checkFormat(s.format, value);
			if (problem) issues.push({ field, message: `${problem} (got ${describe(value)})` });
		}
	}
	if (typeof value === 'number') {
		if (s.maximum !== undefined && value > s.maximum) {
			issues.push({ field, message: `must be at most ${s.maximum} (got ${value})` });
		} else if (s.minimum !== undefined && value < s.minimum) {
			issues.push({ field, message: `must be at least ${s.minimum} (got ${value})` });
		} else if (s.format === 'int32' && (value < INT32.min || value > INT32.max)) {
			issues.push({ field, message: `must fit in a 32-bit integer (got ${value})` });
		}
	}
	if (Array.isArray(value)) {
		if (s.maxItems !== undefined && value.length > s.maxItems) {
			issues.push({
				field,
				message: `must have at most ${s.maxItems} items (got ${value.length})`,
			});
		}
		if (s.minItems !== undefined && value.length < s.minItems) {
			issues.push({
				field,
				message: `must have at least ${s.minItems} items (got ${value.length})`,
			});
		}
		if (s.uniqueItems) {
			const keys = value.map((v) => JSON.stringify(v));
			if (new Set(keys).size !== keys.length)
				issues.push({ field, message: 'must not contain duplicates' });
		}
		if (s.items)
			value.forEach((item, i) => validateInto(s.items!, item, `${field}[${i}]`, issues, options));
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const record = value as Record<string, unknown>;
		for (const key of s.required ?? []) {
			if (record[key] === undefined)
				issues.push({ field: join(field, key), message: 'is required' });
		}
		for (const [key, propSchema] of Object.entries(s.properties ?? {})) {
			if (record[key] !== undefined)
				validateInto(propSchema, record[key], join(field, key), issues, options);
		}
		if (options.rejectUnknown) {
			const known = knownProperties(schema);
			if (
				known.size > 0 &&
				!(typeof s.additionalProperties === 'object' || s.additionalProperties === true)
			) {
				for (const key of Object.keys(record)) {
					if (!known.has(key) && record[key] !== undefined) {
						issues.push({
							field: join(field, key),
							message: `is not a known field; expected one of ${[...known].join(', ')}`,
						});
					}
				}
			}
		}
		if (typeof s.additionalProperties === 'object') {
			for (const [key, item] of Object.entries(record)) {
				if (!(key in (s.properties ?? {})))
					validateInto(s.additionalProperties, item, join(field, key), issues, options);
			}
		}
	}
}

/** Validates `value` against `schema`; returns every problem found (empty when valid). */
export function validateSchema(
	schema: SchemaObject,
	value: unknown,
	field = '',
	options: ValidateOptions = {},
): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	validateInto(schema, value, field, issues, options);
	// allOf branches can report the same missing field twice.
	const seen = new Set<string>();
	return issues.filter((i) => {
		const key = `${i.field}\u0000${i.message}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** "a, b, ,c" → ["a", "b", "c"]: how every comma list (fields, topics, events) is split. */
export function splitList(text: string): string[] {
	return text
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v.length > 0);
}

/**
 * Turns loosely typed input (query strings, form fields, no-code editors) into the
 * parameter's schema type where that is unambiguous: "10" -> 10, "true" -> true,
 * "a,b" -> ["a","b"]. Anything else is left for validation to report.
 */
export function coerceParameter(schema: SchemaObject, value: unknown): unknown {
	const s = resolveRef(schema);
	if (value === undefined || value === null) return value;
	if (s.type === 'array') {
		const list = Array.isArray(value)
			? value
			: typeof value === 'string'
				? splitList(value)
				: [value];
		return s.items ? list.map((v) => coerceParameter(s.items!, v)) : list;
	}
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	if (
		(s.type === 'integer' || s.type === 'number') &&
		trimmed !== '' &&
		!Number.isNaN(Number(trimmed))
	) {
		return Number(trimmed);
	}
	if (s.type === 'boolean' && (trimmed === 'true' || trimmed === 'false'))
		return trimmed === 'true';
	return value;
}
