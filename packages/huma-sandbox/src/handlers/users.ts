// user.*: the people, their supervisors, groups, work schedule and jubilees.
import { getOperation, validateSchema } from '@huma-integrations/huma-client';
import { applyCustom, customIssues } from '../custom-fields';
import { invalidFields, invalidIssues, notFound } from '../errors';
import { addDays, today, type Store, type UserData } from '../store';
import {
	jubileesBetween,
	simpleUserView,
	subordinatesOf,
	supervisorView,
	userDetailsView,
	userView,
} from '../views';
import {
	asList,
	groupOr404,
	isDescendant,
	ok,
	page,
	resolveUserId,
	userOr404,
	type Handler,
	type HandlerContext,
	type HandlerResult,
	type OperationsOf,
} from './context';

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

function listUsers(ctx: HandlerContext): HandlerResult {
	const p = ctx.params;
	const { store } = ctx;
	let users: UserData[] | undefined;
	const groupFilters = [p.jobTitle, p.team, p.location, p.company].map(asList);
	const ids = asList(p.id).map((id) => resolveUserId(ctx, id));
	const excluded = new Set(asList(p.excludeId).map((id) => resolveUserId(ctx, id)));
	const search = typeof p.search === 'string' ? p.search.trim().toLowerCase() : '';
	const filtered =
		search ||
		groupFilters.some((f) => f.length) ||
		ids.length ||
		excluded.size ||
		p.supervisor !== undefined ||
		p.isSupervisor !== undefined ||
		p.isActive !== undefined ||
		p.notRecursivelySupervisorOf ||
		p.notRecursivelySubordinateOf;
	if (filtered) {
		const supervisors =
			p.isSupervisor !== undefined
				? new Set([...store.users.values()].map((u) => u.supervisorId))
				: undefined;
		const supervisor =
			p.supervisor === undefined
				? undefined
				: p.supervisor === 'me'
					? ctx.me
					: String(p.supervisor);
		const [jobTitles, teams, locations, companies] = groupFilters.map((f) => new Set(f));
		users = sortedUserIds(store)
			.map((id) => store.users.get(id)!)
			.filter((u) => {
				if (
					search &&
					![u.givenName, u.familyName, u.preferredName ?? '', u.email].some((v) =>
						v.toLowerCase().includes(search),
					)
				)
					return false;
				if (jobTitles.size && !u.positions.some((pos) => jobTitles.has(pos.titleId))) return false;
				for (const wanted of [teams, locations, companies]) {
					if (wanted.size && ![...u.groupIds].some((g) => wanted.has(g))) return false;
				}
				if (
					supervisor === 'none'
						? u.supervisorId !== undefined
						: supervisor !== undefined && u.supervisorId !== supervisor
				)
					return false;
				if (supervisors && supervisors.has(u.id) !== p.isSupervisor) return false;
				if (p.isActive !== undefined && u.active !== p.isActive) return false;
				if (ids.length && !ids.includes(u.id)) return false;
				if (excluded.has(u.id)) return false;
				if (
					p.notRecursivelySupervisorOf &&
					isDescendant(store, String(p.notRecursivelySupervisorOf), u.id)
				)
					return false;
				if (
					p.notRecursivelySubordinateOf &&
					isDescendant(store, u.id, String(p.notRecursivelySubordinateOf))
				)
					return false;
				return true;
			});
	}
	// Unfiltered lists page over the id order without touching every user.
	let ordered = users ? users.map((u) => u.id) : sortedUserIds(store);
	if (p.orderDirection === 'DESC') ordered = [...ordered].reverse();
	const result = page(ordered, p, 25);
	return ok({
		total: result.total,
		items: result.items.map((id) => userView(store, store.users.get(id)!)),
	});
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
	'givenName',
	'familyName',
	'preferredName',
	'email',
	'phone',
	'nationality',
	'birthDate',
	'civilStatus',
	'gender',
	'dietaryRequirements',
	'interests',
	'funfacts',
	'employmentId',
	'relevantExperienceInMonths',
	'seniorityNote',
	'excludeFromInsights',
	'excludeFromSurveys',
	'privateEmail',
	'homeAddress',
	'bankAccount',
] as const;

function updateUser(ctx: HandlerContext): HandlerResult {
	const user = userOr404(ctx, ctx.params.id);
	const b = ctx.body as Record<string, unknown>;
	const { store } = ctx;
	// Checked before anything is stored: a bad custom value leaves the user as it was.
	if (b.custom !== undefined) {
		const issues = customIssues(store.customFields, b.custom as Record<string, unknown>);
		if (issues.length) throw invalidIssues(issues);
	}
	if (
		b.email !== undefined &&
		[...store.users.values()].some(
			(u) => u.id !== user.id && u.email.toLowerCase() === String(b.email).toLowerCase(),
		)
	) {
		throw invalidFields(['email'], 'A user with this email already exists');
	}
	if (b.birthDate !== undefined && String(b.birthDate) > today())
		throw invalidFields(['birthDate'], 'birthDate can be Past or Present only');
	if (b.supervisor !== undefined) {
		const supervisor = userOr404(ctx, b.supervisor);
		if (supervisor.id === user.id || isDescendant(store, supervisor.id, user.id)) {
			throw invalidFields(
				['supervisor'],
				'A user cannot report to themselves or to one of their subordinates',
			);
		}
	}
	// What is stored is checked as strictly as what is answered: a value the spec takes but this
	// sandbox cannot render by the spec (interests of any type) is refused, not stored.
	const candidate = structuredClone(user);
	applyUserUpdate(candidate, b);
	const unrenderable = validateSchema(
		getOperation('user.update').response!.schema,
		userDetailsView(store, candidate),
		'',
	);
	if (unrenderable.length) {
		const fields = [...new Set(unrenderable.map((i) => i.field.split(/[.[]/)[0]))];
		throw invalidFields(
			fields,
			`The sandbox stores only what it can answer as the spec describes: ${unrenderable.map((i) => `${i.field} ${i.message}`).join('; ')}`,
		);
	}
	applyUserUpdate(user, b);
	invalidateOrder(store);
	return ok(userDetailsView(store, user));
}

function applyUserUpdate(user: UserData, b: Record<string, unknown>): void {
	const target = user as unknown as Record<string, unknown>;
	for (const key of SIMPLE_USER_FIELDS) if (b[key] !== undefined) target[key] = b[key];
	if (b.relevantExperienceInYears !== undefined) {
		user.relevantExperienceInMonths =
			Number(b.relevantExperienceInYears) * 12 + (Number(b.relevantExperienceInMonths ?? 0) % 12);
	}
	if (b.supervisor !== undefined) user.supervisorId = String(b.supervisor);
	if (b.custom !== undefined) applyCustom(user.custom, b.custom as Record<string, unknown>);
}

function addSubordinates(ctx: HandlerContext): HandlerResult {
	const supervisor = userOr404(ctx, ctx.params.id);
	const ids = ctx.body as string[];
	const users = ids.map((id) => userOr404(ctx, id));
	for (const u of users) {
		if (u.id === supervisor.id || isDescendant(ctx.store, supervisor.id, u.id)) {
			throw invalidFields(
				['subordinates'],
				'A user cannot report to themselves or to one of their subordinates',
			);
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

export const userHandlers = {
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
		const userCount = [...ctx.store.users.values()].filter(
			(u) => u.workScheduleId === ws.id,
		).length;
		const dayNumbers = ws.weekWorkDays.map(
			(d) =>
				['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].indexOf(d) +
				1,
		);
		return ok({
			id: ws.id,
			name: ws.name,
			countryCode: ws.countryCode,
			weekDays: dayNumbers,
			weekWorkDays: ws.weekWorkDays,
			default: ws.default,
			userCount,
			archived: false,
		});
	},
	'user.getSupervisor': (ctx) => {
		const user = userOr404(ctx, ctx.params.id);
		if (!user.supervisorId) throw notFound('Supervisor', user.id);
		return ok(supervisorView(ctx.store, userOr404(ctx, user.supervisorId)));
	},
	'user.listJubilees': (ctx) => {
		const from = (ctx.params.fromDate as string | undefined) ?? today();
		const to = (ctx.params.toDate as string | undefined) ?? addDays(from, 30);
		if (to < from)
			throw invalidFields(['fromDate', 'toDate'], 'toDate must not be before fromDate');
		const items = jubileesBetween(ctx.store, from, to).sort(
			(a, b) =>
				String(a.date).localeCompare(String(b.date)) *
				(ctx.params.orderDirection === 'DESC' ? -1 : 1),
		);
		return ok({ total: items.length, items });
	},
} satisfies { [N in OperationsOf<'user'>]: Handler };
