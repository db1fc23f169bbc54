// What every handler gets, and the look-ups several resources share.
import type { OperationName } from '@huma-integrations/huma-client';
import { notFound } from '../errors';
import type { GroupData, Store, UserData } from '../store';

/** The catalogue operations of the given resources (`user` gives user.list, user.get, …; not userChild.*). */
export type OperationsOf<R extends string> = Extract<OperationName, `${R}.${string}`>;

export interface HandlerContext {
	store: Store;
	params: Record<string, unknown>;
	body: unknown;
	/** The API key's user, for the `me` alias. */
	me: string;
	newId: () => string;
}

export interface HandlerResult {
	status: number;
	body?: unknown;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

export const ok = (body?: unknown): HandlerResult => ({ status: 200, body });

export function resolveUserId(ctx: HandlerContext, raw: unknown): string {
	const id = String(raw);
	return id === 'me' ? ctx.me : id;
}

export function userOr404(ctx: HandlerContext, raw: unknown): UserData {
	const id = resolveUserId(ctx, raw);
	const user = ctx.store.users.get(id);
	if (!user) throw notFound('User', id);
	return user;
}

export function groupOr404(ctx: HandlerContext, id: string): GroupData {
	const group = ctx.store.groups.get(id);
	if (!group) throw notFound('Group', id);
	return group;
}

export function isDescendant(store: Store, userId: string, ancestorId: string): boolean {
	const seen = new Set<string>();
	let current = store.users.get(userId)?.supervisorId;
	while (current && !seen.has(current)) {
		if (current === ancestorId) return true;
		seen.add(current);
		current = store.users.get(current)?.supervisorId;
	}
	return false;
}

export function page<T>(items: T[], params: Record<string, unknown>, defaultLimit: number) {
	const limit = (params.limit as number | undefined) ?? defaultLimit;
	const offset = (params.offset as number | undefined) ?? 0;
	return { total: items.length, items: items.slice(offset, offset + limit) };
}

export function asList(value: unknown): string[] {
	return value === undefined ? [] : (value as string[]);
}
