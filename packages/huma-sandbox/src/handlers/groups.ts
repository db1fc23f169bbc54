// group.*: teams, locations and companies.
import { invalidFields } from '../errors';
import type { GroupData, GroupType } from '../store';
import { groupDetailsView, groupView } from '../views';
import {
	asList,
	groupOr404,
	ok,
	page,
	userOr404,
	type Handler,
	type HandlerContext,
	type HandlerResult,
	type OperationsOf,
} from './context';

function listGroups(ctx: HandlerContext): HandlerResult {
	const p = ctx.params;
	const types = new Set(asList(p.type));
	const search = typeof p.search === 'string' ? p.search.trim().toLowerCase() : '';
	let groups = [...ctx.store.groups.values()]
		.filter(
			(g) =>
				(types.size === 0 || types.has(g.type)) &&
				(!search || g.name.toLowerCase().includes(search)),
		)
		.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	if (p.orderDirection === 'DESC') groups = groups.reverse();
	const result = page(groups, p, 10);
	return ok({ total: result.total, items: result.items.map(groupView) });
}

const GROUP_TYPES: GroupType[] = ['team', 'location', 'company'];

function applyGroupFields(group: GroupData, b: Record<string, unknown>): void {
	if (b.name !== undefined) group.name = String(b.name);
	if (b.description !== undefined) group.description = String(b.description);
	if (b.links !== undefined) group.links = b.links as GroupData['links'];
	if (b.address !== undefined && group.type !== 'team')
		group.address = b.address as GroupData['address'];
	if (b.organizationNumber !== undefined && group.type === 'company')
		group.organizationNumber = String(b.organizationNumber);
}

function createGroup(ctx: HandlerContext): HandlerResult {
	const b = ctx.body as Record<string, unknown>;
	const type = b.type as GroupType;
	if (!GROUP_TYPES.includes(type))
		throw invalidFields(['type'], 'type must be team, location or company');
	if (!String(b.name).trim()) throw invalidFields(['name']);
	const members = ((b.members as { id: string }[] | undefined) ?? []).map((m) =>
		userOr404(ctx, m.id),
	);
	const group: GroupData = { id: ctx.newId(), name: '', type, links: [] };
	applyGroupFields(group, b);
	ctx.store.groups.set(group.id, group);
	for (const m of members) m.groupIds.add(group.id);
	return ok(groupDetailsView(ctx.store, group));
}

function updateGroup(ctx: HandlerContext): HandlerResult {
	const group = groupOr404(ctx, String(ctx.params.id));
	const b = ctx.body as Record<string, unknown>;
	// The spec's update enum also lists kinds no group is (organization, user, …): those name no
	// other kind, so only another group kind is refused.
	if (b.type !== group.type && GROUP_TYPES.includes(b.type as GroupType)) {
		throw invalidFields(['type'], `type must be ${group.type}, the type of this group`);
	}
	if (b.name !== undefined && !String(b.name).trim()) throw invalidFields(['name']);
	applyGroupFields(group, b);
	return ok(groupDetailsView(ctx.store, group));
}

export const groupHandlers = {
	'group.list': listGroups,
	'group.create': createGroup,
	'group.get': (ctx) => ok(groupDetailsView(ctx.store, groupOr404(ctx, String(ctx.params.id)))),
	'group.update': updateGroup,
} satisfies { [N in OperationsOf<'group'>]: Handler };
