// Which operations offer simplified answers is an operation decision (./operation-decisions).
const WRAPPER_KEYS = new Set([
	'value',
	'editable',
	'completeness',
	'integrations',
	'requestedValue',
	'showBirthday',
	'label',
	'placeholder',
	'section',
	'type',
	'options',
]);

function isFieldWrapper(value: unknown): value is { value?: unknown } {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const record = value as Record<string, unknown>;
	return (
		typeof record.editable === 'boolean' && Object.keys(record).every((k) => WRAPPER_KEYS.has(k))
	);
}

/**
 * Unwraps Huma's field wrappers (`{ value, editable, completeness, … }` in UserDetails,
 * Position and custom fields) into their plain values, at any depth.
 * `{ givenName: { value: 'Ada', editable: true } }` becomes `{ givenName: 'Ada' }`.
 */
export function simplify<T = unknown>(data: unknown): T {
	if (Array.isArray(data)) return data.map((item) => simplify(item)) as T;
	if (isFieldWrapper(data)) return simplify(data.value) as T;
	if (typeof data === 'object' && data !== null) {
		const out: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(data)) out[key] = simplify(value);
		return out as T;
	}
	return data as T;
}
