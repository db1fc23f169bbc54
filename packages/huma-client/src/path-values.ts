import type { ParameterSpec } from './catalogue-types';
import { isUuid } from './values';

// Control characters (C0, DEL, C1): they can end a request line or be dropped on the way.
function hasControl(text: string): boolean {
	// By code unit, without splitting the string: every control character is a single unit.
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
	}
	return false;
}

/** Percent-decodes until nothing changes, so `%252e` is judged as the `.` a server may finally see. */
function fullyDecoded(value: string): string {
	// Nothing to decode, the common case: decodeURIComponent would answer the value itself.
	if (!value.includes('%')) return value;
	let current = value;
	for (let round = 0; round < 5; round++) {
		let next: string;
		try {
			next = decodeURIComponent(current);
		} catch {
			return current;
		}
		if (next === current) return current;
		current = next;
	}
	return current;
}

/**
 * Why a value cannot be one path segment, or undefined when it can. Dot segments, slashes and
 * backslashes (also percent-encoded) would let a value move the request to another endpoint.
 */
export function pathValueProblem(value: string): string | undefined {
	if (value.trim() === '') return 'must not be empty or blank';
	const decoded = fullyDecoded(value);
	if (hasControl(value) || hasControl(decoded)) return 'must not contain control characters';
	if (/[/\\]/.test(decoded))
		return 'must be a single id: "/" and "\\" are not allowed, also not percent-encoded';
	if (/^\.+$/.test(decoded.trim()))
		return 'must be an id, not "." or "..", which would change the endpoint called';
	return undefined;
}

/**
 * The aliases a user-id parameter accepts besides a UUID, or undefined when the parameter is
 * not a user id. The spec says so in descriptions ("Supports alias 'me'", "Use 'none' to …");
 * the `userId` path parameters carry no description but name the same users, whose ids the
 * spec gives as UUIDs, so they take a UUID or `me` too.
 */
export function userIdAliases(param: ParameterSpec): string[] | undefined {
	// Read from the catalogue's descriptions, which never change: once per parameter.
	if (!aliasCache.has(param)) aliasCache.set(param, readUserIdAliases(param));
	return aliasCache.get(param);
}

const aliasCache = new WeakMap<ParameterSpec, string[] | undefined>();

function readUserIdAliases(param: ParameterSpec): string[] | undefined {
	const text = [param.description, param.schema.description, param.schema.items?.description]
		.filter(Boolean)
		.join(' ');
	const aliases = new Set<string>();
	for (const match of text.matchAll(/(?:alias|Use) '([^']+)'/g)) aliases.add(match[1]);
	if (aliases.size === 0 && param.name === 'userId' && param.in === 'path') aliases.add('me');
	if (aliases.size === 0 || !/\buser\b|\bsupervisor\b|userId/i.test(`${text} ${param.name}`))
		return undefined;
	return [...aliases];
}

/** Why `value` is not a user id the parameter accepts, or undefined. */
export function userIdProblem(aliases: readonly string[], value: unknown): string | undefined {
	if (typeof value !== 'string' || isUuid(value) || aliases.includes(value)) return undefined;
	const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
	return `must be a user's UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, or ${aliases.map((a) => `"${a}"`).join(' or ')} (got "${shown}")`;
}
