// References by what people know: groups by name or id, a supervisor by e-mail or id. An unknown
// or ambiguous one fails the row before any write for it.
import type { HumaClient } from '../client';
import { UpsertRowFailure } from './errors';
import type { Lookup } from './lookup';
import { isUuid } from '../values';
import { emailKey, UPSERT } from './rows';

export interface GroupRef {
	id: string;
	name: string;
}

/** The organisation's groups (teams, locations and companies included), by id and by name. */
export class GroupIndex {
	private readonly byId = new Map<string, GroupRef>();
	private readonly byName = new Map<string, GroupRef[]>();

	constructor(groups: readonly GroupRef[]) {
		for (const g of groups) {
			this.byId.set(g.id, g);
			const key = g.name.trim().toLowerCase();
			this.byName.set(key, [...(this.byName.get(key) ?? []), g]);
		}
	}

	static async load(client: HumaClient, signal?: AbortSignal): Promise<GroupIndex> {
		const groups = await client.listAll('group.list', {}, { signal });
		return new GroupIndex(groups.map((g) => ({ id: g.id, name: g.name })));
	}

	name(id: string): string {
		return this.byId.get(id)?.name ?? id;
	}

	/** The groups a row names, by id or by name (any case); throws naming the unknown or ambiguous ones. */
	resolve(names: readonly string[]): GroupRef[] {
		const problems: string[] = [];
		const out = new Map<string, GroupRef>();
		for (const name of names) {
			// Ids in any case: Huma answers them in lower case.
			const byId = this.byId.get(name) ?? this.byId.get(name.toLowerCase());
			const byName = this.byName.get(name.toLowerCase()) ?? [];
			if (byId) out.set(byId.id, byId);
			else if (byName.length === 1) out.set(byName[0].id, byName[0]);
			else if (byName.length > 1)
				problems.push(
					`"${name}" names ${byName.length} groups (use one of their IDs: ${byName.map((g) => g.id).join(', ')})`,
				);
			else problems.push(`"${name}" is no group of this organisation`);
		}
		if (problems.length)
			throw new UpsertRowFailure(
				UPSERT,
				'groups',
				problems.join('; '),
				problems.some((p) => p.includes(' names ')) ? 'AMBIGUOUS' : 'NOT_FOUND',
			);
		return [...out.values()];
	}
}

/** The supervisor's user id, from an id or an e-mail; throws for an unknown or ambiguous one. */
export async function resolveSupervisor(
	text: string,
	lookup: Lookup,
	cache: Map<string, Promise<string>>,
): Promise<string> {
	const key = isUuid(text) ? text.toLowerCase() : emailKey(text);
	let pending = cache.get(key);
	if (!pending) {
		pending = (async () => {
			if (isUuid(text)) {
				// Only the list path knows every id; on the search path Huma checks it when written.
				if (lookup.unknownId(text)) throw notFound(text, 'no user has this ID', 'NOT_FOUND');
				return text;
			}
			const found = await lookup.find('email', key);
			if (found.length === 1) return found[0].id;
			throw found.length
				? notFound(text, `${found.length} users have this e-mail`, 'AMBIGUOUS')
				: notFound(text, 'no user has this e-mail', 'NOT_FOUND');
		})();
		// Failures surface in each row that names this supervisor.
		pending.catch(() => undefined);
		cache.set(key, pending);
	}
	return pending;
}

function notFound(text: string, why: string, code: 'NOT_FOUND' | 'AMBIGUOUS'): UpsertRowFailure {
	return new UpsertRowFailure(UPSERT, 'supervisor', `"${text}": ${why}`, code);
}
