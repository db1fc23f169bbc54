// Small facts about loose values (rows, form fields, Huma's answers) that several modules read.

/** A plain object (not null, not a list). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Blank: no value (undefined, null, text of spaces, an empty list). A blank row or form value
 * leaves a field as it is: nothing is compared or written for it.
 */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** A UUID, in any case (Huma's ids). */
export const isUuid = (text: string): boolean => UUID.test(text);

/** A value as an error message quotes it: short, never a whole enormous string. */
export function shown(value: unknown, max = 60): string {
	if (typeof value === 'string')
		return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a date object';
	if (typeof value === 'object' && value !== null) return 'an object';
	return String(value);
}
