// Whether a row's value differs from Huma's current one, normalised by the field's kind: dates,
// numbers and booleans by value, an enum by its key or label, e-mails in any case, empty as absent.
import { checkCustomValue, type CustomFieldDefinition } from '../custom-fields';
import { bodyValue, fieldKind } from '../fields';
import { UPDATE_FIELDS } from './fields';
import { isBlank, isRecord } from '../values';
import { EMAIL_FIELDS, UPSERT } from './rows';

/** A value reduced to what the comparison looks at; undefined for an empty or absent one. */
function comparable(name: string, value: unknown): unknown {
	if (isBlank(value)) return undefined;
	const kind = UPDATE_FIELDS.has(name) ? fieldKind(UPDATE_FIELDS.get(name)!.schema) : 'text';
	switch (kind) {
		case 'date':
			return typeof value === 'string' ? value.slice(0, 10) : value;
		case 'enum':
			return typeof value === 'string' ? value.trim().toLowerCase() : value;
		case 'list':
			return Array.isArray(value) ? value.map((v) => JSON.stringify(v)).sort() : value;
		case 'text':
		case 'uuid':
			if (typeof value !== 'string') return value;
			return EMAIL_FIELDS.has(name) ? value.trim().toLowerCase() : value.trim();
		default:
			return value;
	}
}

const UNREADABLE = Symbol('unreadable');

/**
 * Huma's current value read by the rules a row's value was read by (the core's bodyValue), so
 * "80" and 80 or "a, b" and ["a","b"] compare equal; one those rules refuse is UNREADABLE.
 */
function currentValue(name: string, value: unknown): unknown {
	const field = UPDATE_FIELDS.get(name);
	if (!field || isBlank(value)) return value;
	try {
		const kind = fieldKind(field.schema);
		const v = typeof value === 'string' && kind !== 'json' ? value.trim() : value;
		return bodyValue({ name: UPSERT }, field, v);
	} catch {
		return UNREADABLE;
	}
}

/** Every key the row gives equals Huma's (objects: the keys Huma has and the row leaves out stay). */
function covers(current: unknown, wanted: unknown): boolean {
	if (isRecord(wanted)) {
		if (!isRecord(current)) return false;
		return Object.entries(wanted).every(
			([key, value]) => isBlank(value) || covers(current[key], value),
		);
	}
	if (Array.isArray(wanted))
		return (
			Array.isArray(current) &&
			current.length === wanted.length &&
			wanted.every((w, i) => covers(current[i], w))
		);
	if (isBlank(wanted)) return isBlank(current);
	return typeof wanted === 'string' && typeof current === 'string'
		? wanted.trim() === current.trim()
		: wanted === current;
}

/** Whether a plain field's row value equals Huma's current value. */
export function samePlainValue(name: string, current: unknown, wanted: unknown): boolean {
	const now = currentValue(name, current);
	// Huma holds a value a row could not give: any row value differs from it.
	if (now === UNREADABLE) return false;
	const a = comparable(name, now);
	const b = comparable(name, wanted);
	if (isRecord(b)) return covers(a, b);
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a custom value (already checked) equals Huma's current one, read by the same rules. */
export function sameCustomValue(
	def: CustomFieldDefinition,
	current: unknown,
	wanted: unknown,
): boolean {
	let normal: unknown = current;
	try {
		normal = checkCustomValue(def, current);
	} catch {
		// Huma holds a value its own definition refuses: any valid value differs from it.
	}
	return (normal ?? null) === (wanted ?? null);
}
