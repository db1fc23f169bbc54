// One row's plan: for a matched user, the fields that differ from Huma's current values (one
// PATCH) and the group changes; for a new user, user.create's body and the follow-up PATCH.
import type { CustomFieldDefinition } from '../custom-fields';
import { simplify } from '../simplify';
import { sameCustomValue, samePlainValue } from './compare';
import { UpsertRowFailure } from './errors';
import { CREATE_FIELDS, CREATE_REQUIRED, LIST_FIELDS } from './fields';
import type { FoundUser } from './lookup';
import type { GroupIndex, GroupRef } from './references';
import { UPSERT, type ParsedRow } from './rows';
import type { UpsertGroupsMode, UpsertOptions, UpsertRowResult, UserDetails } from './types';

/** A row with its references resolved and custom values checked. */
export interface ResolvedRow extends ParsedRow {
	customValues: Record<string, unknown>;
	groupRefs?: GroupRef[];
	supervisorId?: string;
}

export interface UpdatePlan {
	changes: UpsertRowResult['changes'];
	patch: Record<string, unknown>;
	addGroups: string[];
	removeGroups: string[];
}

export interface CreatePlan {
	changes: UpsertRowResult['changes'];
	create: Record<string, unknown>;
	/** Fields user.create does not take, written by one PATCH once the user exists. */
	followUp: Record<string, unknown>;
}

/** Whether comparing this row needs the user's details (a field the user list does not answer). */
export function needsDetails(row: ResolvedRow, found: FoundUser): boolean {
	if (found.details) return false;
	if (!found.item) return true;
	return (
		Object.keys(row.fields).some((name) => !LIST_FIELDS.has(name)) ||
		Object.keys(row.customValues).length > 0 ||
		row.supervisorId !== undefined ||
		(row.groupRefs !== undefined && !Array.isArray(found.item.groups))
	);
}

const groupIdsOf = (groups: unknown): string[] =>
	Array.isArray(groups)
		? groups
				.map((g) => (typeof g === 'object' && g !== null ? (g as { id?: unknown }).id : g))
				.filter((id): id is string => typeof id === 'string')
		: [];

export function planUpdate(
	row: ResolvedRow,
	found: FoundUser,
	defs: ReadonlyMap<string, CustomFieldDefinition>,
	groups: GroupIndex | undefined,
	mode: UpsertGroupsMode,
): UpdatePlan {
	const details = found.details
		? simplify<Record<string, unknown>>(found.details as UserDetails)
		: undefined;
	const item = found.item as Record<string, unknown> | undefined;
	const current = (name: string) => (item && LIST_FIELDS.has(name) ? item[name] : details?.[name]);
	const plan: UpdatePlan = { changes: {}, patch: {}, addGroups: [], removeGroups: [] };
	for (const [name, wanted] of Object.entries(row.fields)) {
		const from = current(name);
		if (samePlainValue(name, from, wanted)) continue;
		plan.changes[name] = { from: from ?? null, to: wanted };
		plan.patch[name] = wanted;
	}
	const customNow = (details?.custom ?? {}) as Record<string, unknown>;
	const custom: Record<string, unknown> = {};
	for (const [key, wanted] of Object.entries(row.customValues)) {
		const def = defs.get(key)!;
		if (sameCustomValue(def, customNow[key], wanted)) continue;
		plan.changes[`custom.${key}`] = { from: customNow[key] ?? null, to: wanted };
		custom[key] = wanted;
	}
	if (Object.keys(custom).length) plan.patch.custom = custom;
	if (row.supervisorId !== undefined) {
		const now = (details?.supervisor as { id?: string; email?: string } | undefined) ?? undefined;
		if (now?.id !== row.supervisorId) {
			plan.changes.supervisor = { from: now?.email ?? now?.id ?? null, to: row.supervisor };
			plan.patch.supervisor = row.supervisorId;
		}
	}
	if (row.groupRefs && groups) {
		const have = new Set(groupIdsOf(current('groups')));
		const want = new Set(row.groupRefs.map((g) => g.id));
		plan.addGroups = [...want].filter((id) => !have.has(id));
		if (mode === 'exactly') plan.removeGroups = [...have].filter((id) => !want.has(id));
		if (plan.addGroups.length || plan.removeGroups.length) {
			const after = mode === 'exactly' ? want : new Set([...have, ...want]);
			const names = (ids: Iterable<string>) => [...ids].map((id) => groups.name(id)).sort();
			plan.changes.groups = { from: names(have), to: names(after) };
		}
	}
	return plan;
}

export function planCreate(row: ResolvedRow, options: UpsertOptions): CreatePlan {
	const missing = CREATE_REQUIRED.filter((name) => row.fields[name] === undefined);
	if (missing.length)
		throw new UpsertRowFailure(
			UPSERT,
			missing[0],
			`is needed to create a user (no Huma user matched this row; creating needs ${CREATE_REQUIRED.join(', ')})`,
			'INVALID',
		);
	const create: Record<string, unknown> = { groups: row.groupRefs?.map((g) => g.id) ?? [] };
	const followUp: Record<string, unknown> = {};
	const changes: CreatePlan['changes'] = {};
	for (const [name, value] of Object.entries(row.fields)) {
		(CREATE_FIELDS.has(name) ? create : followUp)[name] = value;
		changes[name] = { from: null, to: value };
	}
	if (row.supervisorId !== undefined) {
		create.supervisor = row.supervisorId;
		changes.supervisor = { from: null, to: row.supervisor };
	}
	if (row.groupRefs?.length)
		changes.groups = { from: [], to: row.groupRefs.map((g) => g.name).sort() };
	if (Object.keys(row.customValues).length) {
		followUp.custom = row.customValues;
		for (const [key, value] of Object.entries(row.customValues))
			changes[`custom.${key}`] = { from: null, to: value };
	}
	if (options.invite !== undefined) create.invite = options.invite;
	if (options.inviteSubject) create.inviteSubject = options.inviteSubject;
	if (options.inviteMessage) create.inviteMessage = options.inviteMessage;
	if (options.inviteLanguage) create.inviteLanguage = options.inviteLanguage;
	return { changes, create, followUp };
}
