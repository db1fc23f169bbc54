// An organisation's custom fields: which there are (every user's details carry every definition)
// and whether a value fits one, normalised to what Huma takes. The upsert builds on these.
import { HumaError, HumaValidationError } from './errors';
import type { components } from './generated/openapi';
import type { ValidationIssue } from './validate';
import { isValidDate } from './validate';
import { isRecord, shown } from './values';

type CustomFieldObject = components['schemas']['CustomFieldObject'];
export type CustomFieldType = CustomFieldObject['type'];
export type CustomFieldSection = CustomFieldObject['section'];

/** One custom field as user details describe it, without the user's value. */
export interface CustomFieldDefinition {
	/** The key under `custom` in user details and in a user update's body. */
	key: string;
	label: string;
	section: CustomFieldSection;
	/** One of the spec's types; a type a later Huma adds is kept as given, and checkCustomValue refuses it. */
	type: CustomFieldType;
	/** Enum options, key → label (the spec says only "a string map"; this is the plausible reading). */
	options?: Record<string, string>;
	placeholder?: string;
	editable: boolean;
}

/** A custom value as Huma takes it; null clears the field. */
export type CustomValue = string | number | boolean | null;

/**
 * The custom field definitions in a user's details (`user.get` or `user.update`'s answer as Huma
 * sent it, not simplified), in Huma's order. Details without `custom` give none.
 */
export function customFieldsOf(details: unknown): CustomFieldDefinition[] {
	if (!isRecord(details))
		throw new HumaError("customFieldsOf needs a user's details, the answer of user.get");
	const custom = details.custom;
	if (custom === undefined || custom === null) return [];
	if (!isRecord(custom))
		throw new HumaError("customFieldsOf: the user's details have a custom that is not an object");
	return Object.entries(custom).map(([key, field]) => {
		if (!isRecord(field) || typeof field.label !== 'string' || typeof field.type !== 'string') {
			throw new HumaError(
				`customFieldsOf: custom.${key} is not a field definition (label, type, …); pass user.get's answer as Huma sent it, not simplified`,
			);
		}
		const options = isRecord(field.options)
			? Object.fromEntries(
					Object.entries(field.options).filter(
						(entry): entry is [string, string] => typeof entry[1] === 'string',
					),
				)
			: undefined;
		return {
			key,
			label: field.label,
			section: String(field.section ?? 'misc') as CustomFieldSection,
			type: field.type as CustomFieldType,
			...(options ? { options } : {}),
			...(typeof field.placeholder === 'string' ? { placeholder: field.placeholder } : {}),
			editable: field.editable !== false,
		};
	});
}

/** What reads a user's details: a HumaClient, or anything with the same `call`. */
export interface UserDetailsReader {
	call(
		operation: 'user.get',
		params: { id: string },
		options?: { signal?: AbortSignal },
	): Promise<unknown>;
}

/**
 * The organisation's custom field definitions, from one user's details: the API key's own user
 * (`me`) unless `userId` names another. One request; a caller that needs them often caches them.
 */
export async function listCustomFields(
	client: UserDetailsReader,
	options: { userId?: string; signal?: AbortSignal } = {},
): Promise<CustomFieldDefinition[]> {
	const details = await client.call(
		'user.get',
		{ id: options.userId ?? 'me' },
		{ signal: options.signal },
	);
	return customFieldsOf(details);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function webAddress(text: string): string | undefined {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname
			? text
			: undefined;
	} catch {
		return undefined;
	}
}

/** The option key a value names: its key, else its label, else either ignoring case when only one fits. */
function enumKey(options: Record<string, string>, text: string): string | undefined {
	if (Object.hasOwn(options, text)) return text;
	const entries = Object.entries(options);
	const byLabel = entries.filter(([, label]) => label.trim() === text);
	if (byLabel.length === 1) return byLabel[0][0];
	const lower = text.toLowerCase();
	const loose = new Set(
		entries
			.filter(([key, label]) => key.toLowerCase() === lower || label.trim().toLowerCase() === lower)
			.map(([key]) => key),
	);
	return loose.size === 1 ? [...loose][0] : undefined;
}

const optionList = (options: Record<string, string>) =>
	Object.entries(options)
		.map(([key, label]) => (key === label ? key : `${key} (${label})`))
		.join(', ');

/** The value normalised for the field's type, or what was expected instead. */
function normalise(
	def: CustomFieldDefinition,
	value: unknown,
): { value: CustomValue } | { expected: string } {
	const text = typeof value === 'string' ? value.trim() : undefined;
	switch (def.type) {
		case 'text':
		case 'textarea':
			if (typeof value === 'string') return { value };
			if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
			return { expected: 'must be text' };
		case 'number': {
			const n = text !== undefined && INTEGER.test(text) ? Number(text) : value;
			return Number.isSafeInteger(n)
				? { value: n as number }
				: { expected: 'must be a whole number, such as 42' };
		}
		case 'decimal': {
			const n = text !== undefined && DECIMAL.test(text) ? Number(text) : value;
			return typeof n === 'number' && Number.isFinite(n)
				? { value: n }
				: { expected: 'must be a number with a point for decimals, such as 37.5' };
		}
		case 'boolean': {
			if (typeof value === 'boolean') return { value };
			const word = text?.toLowerCase();
			return word === 'true' || word === 'false'
				? { value: word === 'true' }
				: { expected: 'must be true or false' };
		}
		case 'localdate':
			return text !== undefined && isValidDate(text)
				? { value: text }
				: { expected: 'must be a date as YYYY-MM-DD, such as 2031-02-28' };
		case 'enum': {
			const options = def.options ?? {};
			const name = typeof value === 'number' ? String(value) : text;
			const key = name === undefined ? undefined : enumKey(options, name);
			if (key !== undefined) return { value: key };
			return {
				expected: Object.keys(options).length
					? `must be one of ${optionList(options)}, by key or label`
					: 'has no options in Huma',
			};
		}
		case 'url': {
			const url = text === undefined ? undefined : webAddress(text);
			return url
				? { value: url }
				: { expected: 'must be a web address starting with http:// or https://' };
		}
		default:
			return {
				expected: `has type ${String(def.type)}, which this version of the client cannot check`,
			};
	}
}

function issueFor(def: CustomFieldDefinition, expected: string, value: unknown): ValidationIssue {
	return {
		field: `custom.${def.key}`,
		message: `("${def.label}") ${expected} (got ${shown(value, 40)})`,
	};
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A value for a custom field, normalised to what Huma takes: enums by key or label (→ key),
 * numbers and decimals also from numeric text ("42", "37.5"; no decimal comma), booleans from
 * true/false or their text in any case (not yes/no), dates as YYYY-MM-DD text (not a Date: its
 * day depends on the time zone), web addresses with http(s)://, text also from a number. Blank
 * (null, undefined, empty text) gives null, which clears the field. Throws HumaValidationError naming `custom.<key>` and what was expected.
 */
export function checkCustomValue(
	def: CustomFieldDefinition,
	value: unknown,
	operation = 'user.update',
): CustomValue {
	if (isBlank(value)) return null;
	const result = normalise(def, value);
	if ('value' in result) return result.value;
	throw new HumaValidationError(operation, [issueFor(def, result.expected, value)]);
}

/**
 * A whole `custom` object checked against the definitions (a list, or a Map by key): every value normalised, or one
 * HumaValidationError naming every unknown key and every wrong value.
 */
export function checkCustomValues(
	definitions: readonly CustomFieldDefinition[] | ReadonlyMap<string, CustomFieldDefinition>,
	custom: Record<string, unknown>,
	operation = 'user.update',
): Record<string, CustomValue> {
	const byKey =
		definitions instanceof Map
			? (definitions as ReadonlyMap<string, CustomFieldDefinition>)
			: new Map((definitions as readonly CustomFieldDefinition[]).map((d) => [d.key, d]));
	const out: Record<string, CustomValue> = {};
	const issues: ValidationIssue[] = [];
	for (const [key, value] of Object.entries(custom)) {
		const def = byKey.get(key);
		if (!def) {
			issues.push({
				field: `custom.${key}`,
				message: `is not a custom field of this organisation; its custom fields are ${[...byKey.keys()].join(', ') || 'none'}`,
			});
			continue;
		}
		if (isBlank(value)) {
			out[key] = null;
			continue;
		}
		const result = normalise(def, value);
		if ('value' in result) out[key] = result.value;
		else issues.push(issueFor(def, result.expected, value));
	}
	if (issues.length) throw new HumaValidationError(operation, issues);
	return out;
}
