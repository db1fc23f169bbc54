// A row read and checked before any request: its plain fields as user.update's body takes them,
// its custom values, references and match key. Bad input fails the row naming the field.
import { bodyValue, fieldKind } from '../fields';
import { HumaValidationError } from '../errors';
import { resolveRef, splitList, validateSchema, type ValidationIssue } from '../validate';
import { isBlank, isRecord, isUuid, shown } from '../values';
import { UPDATE_FIELDS } from './fields';
import type { UpsertMatchKey, UpsertRow } from './types';

export const UPSERT = 'user.upsert';

export interface ParsedRow {
	/** Plain fields, as user.update's body takes them. */
	fields: Record<string, unknown>;
	/** Custom values by key, as given (checked against the definitions later). */
	custom: Record<string, unknown>;
	/** Group names or ids. */
	groups?: string[];
	/** An e-mail or user id. */
	supervisor?: string;
	/** The Huma user id to match by. */
	id?: string;
}

/** A spec enum value named in any case, as the spec spells it. */
function enumValue(values: readonly unknown[], value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const lower = value.trim().toLowerCase();
	return values.find((v) => String(v).toLowerCase() === lower) ?? value;
}

function textList(value: unknown, field: string, issues: ValidationIssue[]): string[] | undefined {
	const list =
		typeof value === 'string' ? splitList(value) : Array.isArray(value) ? value : [value];
	const out: string[] = [];
	for (const item of list) {
		if (typeof item === 'string' || typeof item === 'number') out.push(String(item).trim());
		else if (isRecord(item) && typeof item.id === 'string') out.push(item.id.trim());
		else if (isRecord(item) && typeof item.name === 'string') out.push(item.name.trim());
		else issues.push({ field, message: 'must be names or IDs, as a list or comma-separated text' });
	}
	return out.filter(Boolean);
}

function plainValue(name: string, value: unknown, issues: ValidationIssue[]): unknown {
	const field = UPDATE_FIELDS.get(name)!;
	const schema = resolveRef(field.schema);
	const kind = fieldKind(field.schema);
	let v = typeof value === 'string' && kind !== 'json' ? value.trim() : value;
	if (typeof v === 'number' && (kind === 'text' || kind === 'uuid')) v = String(v);
	if (kind === 'enum' && schema.enum) v = enumValue(schema.enum, v);
	try {
		v = bodyValue({ name: UPSERT }, field, v);
	} catch (error) {
		if (error instanceof HumaValidationError) {
			issues.push(...error.issues.map((i) => ({ ...i, field: name })));
			return undefined;
		}
		throw error;
	}
	const found = validateSchema(field.schema, v, name, { rejectUnknown: true });
	issues.push(...found);
	return found.length ? undefined : v;
}

// The spec types e-mails as plain text, so Huma's answer to a malformed one is unknown; a row's
// e-mail is its match key and a new person's login, so one that cannot be an address fails the row
// before anything is sent for it.
export const EMAIL_FIELDS: ReadonlySet<string> = new Set(['email', 'privateEmail']);
export const isEmailAddress = (v: unknown): v is string =>
	typeof v === 'string' && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v);

const KNOWN = () => ['id', ...UPDATE_FIELDS.keys(), 'groups', 'supervisor', 'custom.<key>'];

/** Reads a row; throws HumaValidationError naming every bad field (nothing is sent for the row). */
export function parseRow(row: UpsertRow): ParsedRow {
	if (!isRecord(row))
		throw new HumaValidationError(UPSERT, [
			{ field: 'row', message: 'must be an object of field → value' },
		]);
	const issues: ValidationIssue[] = [];
	// Without a prototype, a `__proto__` key is a key like any other (and fails as no custom
	// field) instead of silently replacing the object's prototype.
	const parsed: ParsedRow = { fields: {}, custom: Object.create(null) as Record<string, unknown> };
	// A custom value given both as a `custom.<key>` key and in the `custom` object: one of them
	// would silently win, so two different values fail the row.
	const setCustom = (key: string, v: unknown) => {
		if (key in parsed.custom && JSON.stringify(parsed.custom[key]) !== JSON.stringify(v))
			issues.push({
				field: `custom.${key}`,
				message: `is given twice (as custom.${key} and in custom) with different values`,
			});
		else parsed.custom[key] = v;
	};
	for (const [name, value] of Object.entries(row)) {
		if (name === 'custom') {
			if (isBlank(value)) continue;
			if (!isRecord(value)) {
				issues.push({ field: 'custom', message: 'must be an object of custom field key → value' });
				continue;
			}
			for (const [key, v] of Object.entries(value)) if (!isBlank(v)) setCustom(key, v);
			continue;
		}
		if (isBlank(value)) continue;
		if (name.startsWith('custom.')) {
			setCustom(name.slice('custom.'.length), value);
		} else if (name === 'groups') {
			parsed.groups = textList(value, 'groups', issues);
		} else if (name === 'supervisor') {
			const text = typeof value === 'string' ? value.trim() : '';
			if (isUuid(text)) parsed.supervisor = text.toLowerCase();
			else if (isEmailAddress(text)) parsed.supervisor = text;
			else
				issues.push({
					field: 'supervisor',
					message: `must be the supervisor's e-mail or user ID (a UUID), got ${shown(value)}`,
				});
		} else if (name === 'id') {
			// A UUID, in lower case as Huma answers ids: both lookup paths and the duplicate check
			// then read it alike ('me' and other path aliases are no row's id).
			const text = typeof value === 'string' ? value.trim() : '';
			if (isUuid(text)) parsed.id = text.toLowerCase();
			else
				issues.push({
					field: 'id',
					message: `must be a Huma user ID, a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, got ${shown(value)}`,
				});
		} else if (UPDATE_FIELDS.has(name)) {
			const v = plainValue(name, value, issues);
			if (v !== undefined && EMAIL_FIELDS.has(name) && !isEmailAddress(v))
				issues.push({
					field: name,
					message: `must be an e-mail address (name@example.com), got "${String(v)}"`,
				});
			else if (v !== undefined) parsed.fields[name] = v;
		} else {
			issues.push({
				field: name,
				message: `is not a field a user upsert takes; expected one of ${KNOWN().join(', ')}`,
			});
		}
	}
	if (issues.length) throw new HumaValidationError(UPSERT, issues);
	return parsed;
}

/** An e-mail as matched: trimmed, in lower case. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * The row's key as given, and as matched (e-mail in lower case). A row matched by id without one
 * is matched by its e-mail. Throws when the row has no key to match by.
 */
export function rowKey(
	parsed: ParsedRow,
	matchBy: UpsertMatchKey,
): { key: string; match: UpsertMatchKey; value: string } {
	const email = typeof parsed.fields.email === 'string' ? parsed.fields.email : undefined;
	if (matchBy === 'id' && parsed.id) return { key: parsed.id, match: 'id', value: parsed.id };
	if (matchBy === 'employmentId') {
		const id = parsed.fields.employmentId;
		if (typeof id === 'string' && id) return { key: id, match: 'employmentId', value: id };
		throw new HumaValidationError(UPSERT, [
			{ field: 'employmentId', message: 'is needed to match rows by employment ID' },
		]);
	}
	if (email) return { key: email, match: 'email', value: emailKey(email) };
	throw new HumaValidationError(UPSERT, [
		{
			field: matchBy === 'id' ? 'id' : 'email',
			message:
				matchBy === 'id'
					? 'is needed to match rows by id (or an email, to match or create by it)'
					: 'is needed to match rows by e-mail',
		},
	]);
}
