// Finding a row's Huma users: one search (or one user.get for an id) per row, or one list of
// every user as an index. Search is fuzzy, so a match is always confirmed exactly. Both paths
// answer the same users; the index path is cheaper once rows outnumber the list's pages.
import type { HumaClient } from '../client';
import { HumaApiError, HumaError } from '../errors';
import { emailKey } from './rows';
import type { UpsertMatchKey, UserDetails, UserListItem } from './types';

/** A Huma user found: what the list answered for it, or its details, or both. */
export interface FoundUser {
	id: string;
	item?: UserListItem;
	details?: UserDetails;
}

export interface Lookup {
	/** Every user whose key equals the value exactly (e-mails in any case). */
	find(match: UpsertMatchKey, value: string): Promise<FoundUser[]>;
	/** A user's details, read once. */
	details(id: string): Promise<UserDetails>;
	/** Whether the id is known to belong to no user (only the list path can tell without a request). */
	unknownId(id: string): boolean;
}

interface Context {
	client: HumaClient;
	signal?: AbortSignal;
	concurrency: number;
}

const PAGE = 50;

function detailsCache(ctx: Context) {
	const cache = new Map<string, Promise<UserDetails>>();
	return (id: string) => {
		let pending = cache.get(id);
		if (!pending) {
			pending = ctx.client.call('user.get', { id }, { signal: ctx.signal }) as Promise<UserDetails>;
			cache.set(id, pending);
		}
		return pending;
	};
}

const valueOf = (field: unknown) =>
	typeof field === 'object' && field !== null && 'value' in field
		? (field as { value?: unknown }).value
		: field;

/**
 * The list's items, each checked to be a user (an object with an id): one that is not cannot be
 * matched or written, and skipping it could create a second user with its e-mail.
 */
function usersOf(items: readonly unknown[]): UserListItem[] {
	for (const item of items)
		if (typeof item !== 'object' || item === null || typeof (item as UserListItem).id !== 'string')
			throw new HumaError(
				`Huma answered user.list with an item that is not a user (an object with an id): ${JSON.stringify(item)?.slice(0, 80)}`,
			);
	return items as UserListItem[];
}

/** The users whose e-mail is this one, from Huma's (fuzzy) search confirmed exactly. */
export async function searchByEmail(
	client: HumaClient,
	email: string,
	signal?: AbortSignal,
): Promise<UserListItem[]> {
	const wanted = emailKey(email);
	const found = usersOf(await client.listAll('user.list', { search: email.trim() }, { signal }));
	return found.filter((u) => typeof u.email === 'string' && emailKey(u.email) === wanted);
}

/** One search, or one user.get for an id, per key. */
export function searchLookup(ctx: Context): Lookup {
	const details = detailsCache(ctx);
	return {
		details,
		unknownId: () => false,
		async find(match, value) {
			if (match === 'email')
				return (await searchByEmail(ctx.client, value, ctx.signal)).map((item) => ({
					id: item.id,
					item,
				}));
			if (match === 'id') {
				try {
					const d = await details(value);
					return [{ id: d.id, details: d }];
				} catch (error) {
					if (error instanceof HumaApiError && (error.status === 404 || error.status === 400))
						return [];
					throw error;
				}
			}
			throw new Error('Matching by employment ID needs the list lookup');
		},
	};
}

/** Every user listed once (the first page doubles as the probe of the organisation's size). */
export async function listLookup(
	ctx: Context,
	firstPage: { total?: number; items: UserListItem[] },
	needEmploymentIds: boolean,
): Promise<Lookup> {
	const details = detailsCache(ctx);
	let users = usersOf(firstPage.items);
	if (firstPage.items.length >= PAGE && (firstPage.total ?? Infinity) > PAGE) {
		const rest = await ctx.client.listAll(
			'user.list',
			{ offset: PAGE },
			{ signal: ctx.signal, concurrency: ctx.concurrency, pageSize: PAGE },
		);
		// concat, not push(...rest): an organisation of 100,000+ users would overflow the stack.
		users = users.concat(usersOf(rest));
	}
	const byId = new Map<string, UserListItem>();
	const byEmail = new Map<string, UserListItem[]>();
	for (const u of users) {
		byId.set(u.id, u);
		if (typeof u.email !== 'string') continue;
		const key = emailKey(u.email);
		byEmail.set(key, [...(byEmail.get(key) ?? []), u]);
	}
	const byEmploymentId = new Map<string, FoundUser[]>();
	if (needEmploymentIds) {
		// The list has no employment ID: every user's details are read, a pool at a time.
		const ids = [...byId.keys()];
		let next = 0;
		// One failed read fails the lookup: the other workers stop taking ids.
		let failed = false;
		const worker = async () => {
			while (!failed && next < ids.length) {
				const id = ids[next++];
				let d: UserDetails;
				try {
					d = await details(id);
				} catch (error) {
					failed = true;
					throw error;
				}
				const eid = valueOf(d.employmentId);
				if (typeof eid !== 'string' || !eid.trim()) continue;
				const key = eid.trim();
				byEmploymentId.set(key, [
					...(byEmploymentId.get(key) ?? []),
					{ id, item: byId.get(id), details: d },
				]);
			}
		};
		// Settled before the lookup answers: no read of it is still running after it failed.
		const settled = await Promise.allSettled(
			Array.from({ length: Math.min(ctx.concurrency, ids.length) }, worker),
		);
		const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
		if (failure) throw failure.reason;
	}
	return {
		details,
		unknownId: (id) => !byId.has(id),
		async find(match, value) {
			if (match === 'email')
				return (byEmail.get(value) ?? []).map((item) => ({ id: item.id, item }));
			if (match === 'id') {
				const item = byId.get(value);
				return item ? [{ id: item.id, item }] : [];
			}
			return byEmploymentId.get(value) ?? [];
		},
	};
}

/** The first page of the user list: the organisation's size, and the index's first page. */
export async function probeUsers(ctx: Context) {
	return (await ctx.client.call(
		'user.list',
		{ limit: PAGE, offset: 0 },
		{ signal: ctx.signal },
	)) as { total?: number; items: UserListItem[] };
}

/** Lists pay one request per page; searches one per key. Listing wins once keys outnumber pages. */
export function listIsCheaper(total: number | undefined, keys: number): boolean {
	if (total === undefined) return false;
	return Math.ceil(total / PAGE) - 1 < keys;
}
