// One handler per catalogue operation, over the in-memory store.
import { getOperation, validateSchema } from '@huma-integrations/huma-client';
import { publicHolidays } from './holidays';
import { addDays, type GroupData, type GroupType, type PositionData, type Store, type UserData, today } from './store';
import {
  groupDetailsView,
  groupView,
  jubileesBetween,
  positionSummaryView,
  positionView,
  simpleUserView,
  subordinatesOf,
  supervisorView,
  userDetailsView,
  userView,
} from './views';

export class ApiFault extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox answered ${status}`);
  }
}

export const invalidFields = (fields: string[], message = 'Invalid field Format') =>
  new ApiFault(400, { errorCode: 'field:invalid-format', errorMessage: message, fields });

export const notFound = (type: string, id: string) =>
  new ApiFault(404, { errorCode: 'object:not-found', errorMessage: 'Object not found', interpolations: { type, id } });

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

type Handler = (ctx: HandlerContext) => HandlerResult;

const ok = (body?: unknown): HandlerResult => ({ status: 200, body });

function resolveUserId(ctx: HandlerContext, raw: unknown): string {
  const id = String(raw);
  return id === 'me' ? ctx.me : id;
}

function userOr404(ctx: HandlerContext, raw: unknown): UserData {
  const id = resolveUserId(ctx, raw);
  const user = ctx.store.users.get(id);
  if (!user) throw notFound('User', id);
  return user;
}

function groupOr404(ctx: HandlerContext, id: string): GroupData {
  const group = ctx.store.groups.get(id);
  if (!group) throw notFound('Group', id);
  return group;
}

function userName(u: UserData): string {
  return `${u.familyName} ${u.givenName} ${u.id}`.toLowerCase();
}

function sortedUserIds(store: Store): string[] {
  if (!store.sortedUserIds) {
    // Plain code-point order on precomputed keys: stable, and fast enough for 100,000 users.
    const keyed = [...store.users.values()].map((u) => [userName(u), u.id] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    store.sortedUserIds = keyed.map(([, id]) => id);
  }
  return store.sortedUserIds;
}

function invalidateOrder(store: Store): void {
  store.sortedUserIds = undefined;
}

function isDescendant(store: Store, userId: string, ancestorId: string): boolean {
  const seen = new Set<string>();
  let current = store.users.get(userId)?.supervisorId;
  while (current && !seen.has(current)) {
    if (current === ancestorId) return true;
    seen.add(current);
    current = store.users.get(current)?.supervisorId;
  }
  return false;
}

function page<T>(items: T[], params: Record<string, unknown>, defaultLimit: number) {
  const limit = (params.limit as number | undefined) ?? defaultLimit;
  const offset = (params.offset as number | undefined) ?? 0;
  return { total: items.length, items: items.slice(offset, offset + limit) };
}

function asList(value: unknown): string[] {
  return value === undefined ? [] : (value as string[]);
}

function listUsers(ctx: HandlerContext): HandlerResult {
  const p = ctx.params;
  const { store } = ctx;
  let users: UserData[] | undefined;
  const groupFilters = [p.jobTitle, p.team, p.location, p.company].map(asList);
  const ids = asList(p.id).map((id) => resolveUserId(ctx, id));
  const excluded = new Set(asList(p.excludeId).map((id) => resolveUserId(ctx, id)));
  const search = typeof p.search === 'string' ? p.search.trim().toLowerCase() : '';
  const filtered =
    search || groupFilters.some((f) => f.length) || ids.length || excluded.size || p.supervisor !== undefined ||
    p.isSupervisor !== undefined || p.isActive !== undefined || p.notRecursivelySupervisorOf || p.notRecursivelySubordinateOf;
  if (filtered) {
    const supervisors = p.isSupervisor !== undefined ? new Set([...store.users.values()].map((u) => u.supervisorId)) : undefined;
    const supervisor = p.supervisor === undefined ? undefined : p.supervisor === 'me' ? ctx.me : String(p.supervisor);
    const [jobTitles, teams, locations, companies] = groupFilters.map((f) => new Set(f));
    users = sortedUserIds(store).map((id) => store.users.get(id)!).filter((u) => {
      if (search && ![u.givenName, u.familyName, u.preferredName ?? '', u.email].some((v) => v.toLowerCase().includes(search))) return false;
      if (jobTitles.size && !u.positions.some((pos) => jobTitles.has(pos.titleId))) return false;
      for (const wanted of [teams, locations, companies]) {
        if (wanted.size && ![...u.groupIds].some((g) => wanted.has(g))) return false;
      }
      if (supervisor === 'none' ? u.supervisorId !== undefined : supervisor !== undefined && u.supervisorId !== supervisor) return false;
      if (supervisors && supervisors.has(u.id) !== p.isSupervisor) return false;
      if (p.isActive !== undefined && u.active !== p.isActive) return false;
      if (ids.length && !ids.includes(u.id)) return false;
      if (excluded.has(u.id)) return false;
      if (p.notRecursivelySupervisorOf && isDescendant(store, String(p.notRecursivelySupervisorOf), u.id)) return false;
      if (p.notRecursivelySubordinateOf && isDescendant(store, u.id, String(p.notRecursivelySubordinateOf))) return false;
      return true;
    });
  }
  // Unfiltered lists page over the id order without touching every user.
  let ordered = users ? users.map((u) => u.id) : sortedUserIds(store);
  if (p.orderDirection === 'DESC') ordered = [...ordered].reverse();
  const result = page(ordered, p, 25);
  return ok({ total: result.total, items: result.items.map((id) => userView(store, store.users.get(id)!)) });
}

function checkGroups(ctx: HandlerContext, ids: string[], field: string): void {
  ids.forEach((id) => groupOr404(ctx, id));
  if (new Set(ids).size !== ids.length) throw invalidFields([field]);
}

function createUser(ctx: HandlerContext): HandlerResult {
  const b = ctx.body as Record<string, unknown>;
  const { store } = ctx;
  // The spec gives email no format: any text is taken, as the spec allows.
  const email = String(b.email).trim();
  if ([...store.users.values()].some((u) => u.email.toLowerCase() === email.toLowerCase())) {
    throw invalidFields(['email'], 'A user with this email already exists');
  }
  if (b.supervisor) userOr404(ctx, b.supervisor);
  const groups = b.groups as string[];
  checkGroups(ctx, groups, 'groups');
  const defaultSchedule = [...store.workSchedules.values()].find((w) => w.default)!;
  const user: UserData = {
    id: ctx.newId(),
    givenName: String(b.givenName),
    familyName: String(b.familyName),
    ...(b.preferredName ? { preferredName: String(b.preferredName) } : {}),
    email,
    ...(b.phone ? { phone: String(b.phone) } : {}),
    ...(b.supervisor ? { supervisorId: String(b.supervisor) } : {}),
    groupIds: new Set(groups),
    active: true,
    ...(b.invite ? { invitedAt: new Date().toISOString() } : {}),
    interests: [],
    excludeFromInsights: false,
    excludeFromSurveys: false,
    custom: {},
    children: [],
    emergencyContacts: [],
    identifications: [],
    positions: [],
    workScheduleId: defaultSchedule.id,
  };
  store.users.set(user.id, user);
  invalidateOrder(store);
  return ok(userView(store, user));
}

const SIMPLE_USER_FIELDS = [
  'givenName', 'familyName', 'preferredName', 'email', 'phone', 'nationality', 'birthDate', 'civilStatus', 'gender',
  'dietaryRequirements', 'interests', 'funfacts', 'employmentId', 'relevantExperienceInMonths', 'seniorityNote',
  'excludeFromInsights', 'excludeFromSurveys', 'privateEmail', 'homeAddress', 'bankAccount',
] as const;

function updateUser(ctx: HandlerContext): HandlerResult {
  const user = userOr404(ctx, ctx.params.id);
  const b = ctx.body as Record<string, unknown>;
  const { store } = ctx;
  if (b.email !== undefined && [...store.users.values()].some((u) => u.id !== user.id && u.email.toLowerCase() === String(b.email).toLowerCase())) {
    throw invalidFields(['email'], 'A user with this email already exists');
  }
  if (b.birthDate !== undefined && String(b.birthDate) > today()) throw invalidFields(['birthDate'], 'birthDate can be Past or Present only');
  if (b.supervisor !== undefined) {
    const supervisor = userOr404(ctx, b.supervisor);
    if (supervisor.id === user.id || isDescendant(store, supervisor.id, user.id)) {
      throw invalidFields(['supervisor'], 'A user cannot report to themselves or to one of their subordinates');
    }
  }
  // What is stored is checked as strictly as what is answered: a value the spec takes but this
  // sandbox cannot render by the spec (interests of any type) is refused, not stored.
  const candidate = structuredClone(user);
  applyUserUpdate(candidate, b);
  const unrenderable = validateSchema(getOperation('user.update').response!.schema, userDetailsView(store, candidate), '');
  if (unrenderable.length) {
    const fields = [...new Set(unrenderable.map((i) => i.field.split(/[.[]/)[0]))];
    throw invalidFields(fields, `The sandbox stores only what it can answer as the spec describes: ${unrenderable.map((i) => `${i.field} ${i.message}`).join('; ')}`);
  }
  applyUserUpdate(user, b);
  invalidateOrder(store);
  return ok(userDetailsView(store, user));
}

function applyUserUpdate(user: UserData, b: Record<string, unknown>): void {
  const target = user as unknown as Record<string, unknown>;
  for (const key of SIMPLE_USER_FIELDS) if (b[key] !== undefined) target[key] = b[key];
  if (b.relevantExperienceInYears !== undefined) {
    user.relevantExperienceInMonths = Number(b.relevantExperienceInYears) * 12 + (Number(b.relevantExperienceInMonths ?? 0) % 12);
  }
  if (b.supervisor !== undefined) user.supervisorId = String(b.supervisor);
  if (b.custom !== undefined) user.custom = { ...user.custom, ...(b.custom as Record<string, unknown>) };
}

function addSubordinates(ctx: HandlerContext): HandlerResult {
  const supervisor = userOr404(ctx, ctx.params.id);
  const ids = ctx.body as string[];
  const users = ids.map((id) => userOr404(ctx, id));
  for (const u of users) {
    if (u.id === supervisor.id || isDescendant(ctx.store, supervisor.id, u.id)) {
      throw invalidFields(['subordinates'], 'A user cannot report to themselves or to one of their subordinates');
    }
  }
  for (const u of users) u.supervisorId = supervisor.id;
  return ok(subordinatesOf(ctx.store, supervisor.id).map((u) => simpleUserView(ctx.store, u)));
}

function changeGroups(add: boolean): Handler {
  return (ctx) => {
    const user = userOr404(ctx, ctx.params.id);
    const ids = ctx.body as string[];
    checkGroups(ctx, ids, 'groups');
    for (const id of ids) {
      if (add) user.groupIds.add(id);
      else user.groupIds.delete(id);
    }
    return ok();
  };
}

function listGroups(ctx: HandlerContext): HandlerResult {
  const p = ctx.params;
  const types = new Set(asList(p.type));
  const search = typeof p.search === 'string' ? p.search.trim().toLowerCase() : '';
  let groups = [...ctx.store.groups.values()]
    .filter((g) => (types.size === 0 || types.has(g.type)) && (!search || g.name.toLowerCase().includes(search)))
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
  if (b.address !== undefined && group.type !== 'team') group.address = b.address as GroupData['address'];
  if (b.organizationNumber !== undefined && group.type === 'company') group.organizationNumber = String(b.organizationNumber);
}

function createGroup(ctx: HandlerContext): HandlerResult {
  const b = ctx.body as Record<string, unknown>;
  const type = b.type as GroupType;
  if (!GROUP_TYPES.includes(type)) throw invalidFields(['type'], 'type must be team, location or company');
  if (!String(b.name).trim()) throw invalidFields(['name']);
  const members = ((b.members as { id: string }[] | undefined) ?? []).map((m) => userOr404(ctx, m.id));
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

function jobTitleOr404(ctx: HandlerContext) {
  const id = String(ctx.params.id);
  const title = ctx.store.jobTitles.get(id);
  if (!title) throw notFound('JobTitle', id);
  return title;
}

function positionOr404(ctx: HandlerContext): { user: UserData; position: PositionData } {
  const user = userOr404(ctx, ctx.params.userId);
  const id = String(ctx.params.id);
  const position = user.positions.find((p) => p.id === id);
  if (!position) throw notFound('Position', id);
  return { user, position };
}

const POSITION_FIELDS = [
  'contractStartDate', 'contractEndDate', 'firstDayOfWork', 'lastDayOfWork', 'contractCountry', 'contractType', 'percentage',
  'probationEndDate', 'titleId', 'description', 'note', 'terminationNoticeDate', 'endReason', 'endNote', 'wantedEnd',
] as const;

function applyPosition(ctx: HandlerContext, position: PositionData, b: Record<string, unknown>): void {
  if (b.titleId !== undefined && !ctx.store.jobTitles.has(String(b.titleId))) throw notFound('JobTitle', String(b.titleId));
  const next = { ...position } as Record<string, unknown>;
  for (const key of POSITION_FIELDS) if (b[key] !== undefined) next[key] = b[key];
  const merged = next as unknown as PositionData;
  if (merged.contractEndDate && merged.contractEndDate < merged.contractStartDate) {
    throw invalidFields(['contractEndDate'], 'contractEndDate must not be before contractStartDate');
  }
  Object.assign(position, merged);
}

function childLike<K extends 'children' | 'emergencyContacts' | 'identifications'>(
  key: K,
  type: string,
): { create: Handler; update: Handler; remove: Handler } {
  const find = (ctx: HandlerContext) => {
    const user = userOr404(ctx, ctx.params.userId);
    const list = user[key] as { id: string }[];
    const index = list.findIndex((e) => e.id === String(ctx.params.id));
    if (index === -1) throw notFound(type, String(ctx.params.id));
    return { list, index };
  };
  const check = (b: Record<string, unknown>) => {
    if (key === 'children' && b.birthDate !== undefined && String(b.birthDate) > today()) {
      throw invalidFields(['birthDate'], 'birthDate can be Past or Present only');
    }
  };
  return {
    create: (ctx) => {
      const user = userOr404(ctx, ctx.params.userId);
      const b = ctx.body as Record<string, unknown>;
      check(b);
      const entry = { id: ctx.newId(), ...b };
      (user[key] as unknown[]).push(entry);
      return ok(entry);
    },
    update: (ctx) => {
      const { list, index } = find(ctx);
      const b = ctx.body as Record<string, unknown>;
      check(b);
      list[index] = { id: list[index].id, ...b };
      return ok(list[index]);
    },
    remove: (ctx) => {
      const { list, index } = find(ctx);
      list.splice(index, 1);
      return ok();
    },
  };
}

const children = childLike('children', 'UserChild');
const emergency = childLike('emergencyContacts', 'UserEmergencyContact');
const identifications = childLike('identifications', 'UserIdentification');

export const handlers: Record<string, Handler> = {
  'user.list': listUsers,
  'user.create': createUser,
  'user.get': (ctx) => ok(userDetailsView(ctx.store, userOr404(ctx, ctx.params.id))),
  'user.update': updateUser,
  'user.listSubordinates': (ctx) => {
    const user = userOr404(ctx, ctx.params.id);
    return ok(subordinatesOf(ctx.store, user.id).map((u) => simpleUserView(ctx.store, u)));
  },
  'user.addSubordinates': addSubordinates,
  'user.addToGroups': changeGroups(true),
  'user.removeFromGroups': changeGroups(false),
  'user.getWorkSchedule': (ctx) => {
    const user = userOr404(ctx, ctx.params.id);
    const ws = ctx.store.workSchedules.get(user.workScheduleId)!;
    const userCount = [...ctx.store.users.values()].filter((u) => u.workScheduleId === ws.id).length;
    const dayNumbers = ws.weekWorkDays.map((d) => ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].indexOf(d) + 1);
    return ok({ id: ws.id, name: ws.name, countryCode: ws.countryCode, weekDays: dayNumbers, weekWorkDays: ws.weekWorkDays, default: ws.default, userCount, archived: false });
  },
  'user.getSupervisor': (ctx) => {
    const user = userOr404(ctx, ctx.params.id);
    if (!user.supervisorId) throw notFound('Supervisor', user.id);
    return ok(supervisorView(ctx.store, userOr404(ctx, user.supervisorId)));
  },
  'user.listJubilees': (ctx) => {
    const from = (ctx.params.fromDate as string | undefined) ?? today();
    const to = (ctx.params.toDate as string | undefined) ?? addDays(from, 30);
    if (to < from) throw invalidFields(['fromDate', 'toDate'], 'toDate must not be before fromDate');
    const items = jubileesBetween(ctx.store, from, to).sort((a, b) =>
      String(a.date).localeCompare(String(b.date)) * (ctx.params.orderDirection === 'DESC' ? -1 : 1),
    );
    return ok({ total: items.length, items });
  },
  'group.list': listGroups,
  'group.create': createGroup,
  'group.get': (ctx) => ok(groupDetailsView(ctx.store, groupOr404(ctx, String(ctx.params.id)))),
  'group.update': updateGroup,
  'jobTitle.list': (ctx) => {
    const search = typeof ctx.params.search === 'string' ? ctx.params.search.toLowerCase() : '';
    return ok(
      [...ctx.store.jobTitles.values()]
        .filter((t) => !search || t.name.toLowerCase().includes(search))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((t) => ({ id: t.id, name: t.name })),
    );
  },
  'jobTitle.create': (ctx) => {
    const b = ctx.body as { name: string; description?: string };
    if (!b.name.trim()) throw invalidFields(['name']);
    if ([...ctx.store.jobTitles.values()].some((t) => t.name.toLowerCase() === b.name.trim().toLowerCase())) {
      throw invalidFields(['name'], 'A job title with this name already exists');
    }
    const title = { id: ctx.newId(), name: b.name.trim(), ...(b.description ? { description: b.description } : {}) };
    ctx.store.jobTitles.set(title.id, title);
    return ok(title);
  },
  'jobTitle.get': (ctx) => ok(jobTitleOr404(ctx)),
  'jobTitle.update': (ctx) => {
    const title = jobTitleOr404(ctx);
    const b = ctx.body as { name?: string; description?: string };
    if (b.name !== undefined) {
      if (!b.name.trim()) throw invalidFields(['name']);
      title.name = b.name.trim();
    }
    if (b.description !== undefined) title.description = b.description;
    return ok(title);
  },
  'position.list': (ctx) => {
    const user = userOr404(ctx, ctx.params.userId);
    const sorted = [...user.positions].sort((a, b) => b.contractStartDate.localeCompare(a.contractStartDate));
    const result = page(sorted, ctx.params, sorted.length || 1);
    return ok({ total: result.total, items: result.items.map((p) => positionSummaryView(ctx.store, p)) });
  },
  'position.create': (ctx) => {
    const user = userOr404(ctx, ctx.params.userId);
    const b = ctx.body as Record<string, unknown>;
    const position: PositionData = { id: ctx.newId(), titleId: '', contractStartDate: '', contractType: 'Permanent', percentage: 100 };
    applyPosition(ctx, position, b);
    user.positions.push(position);
    return ok(positionView(ctx.store, position));
  },
  'position.get': (ctx) => ok(positionView(ctx.store, positionOr404(ctx).position)),
  'position.update': (ctx) => {
    const { position } = positionOr404(ctx);
    applyPosition(ctx, position, ctx.body as Record<string, unknown>);
    return ok(positionView(ctx.store, position));
  },
  'position.delete': (ctx) => {
    const { user, position } = positionOr404(ctx);
    user.positions = user.positions.filter((p) => p !== position);
    return ok();
  },
  'holiday.list': (ctx) => {
    const from = String(ctx.params.fromDate);
    const to = String(ctx.params.toDate);
    if (to < from) throw invalidFields(['fromDate', 'toDate'], 'toDate must not be before fromDate');
    return ok(publicHolidays(String(ctx.params.countryCode), from, to));
  },
  'userChild.create': children.create,
  'userChild.update': children.update,
  'userChild.delete': children.remove,
  'userEmergencyContact.create': emergency.create,
  'userEmergencyContact.update': emergency.update,
  'userEmergencyContact.delete': emergency.remove,
  'userIdentification.create': identifications.create,
  'userIdentification.update': identifications.update,
  'userIdentification.delete': identifications.remove,
};
