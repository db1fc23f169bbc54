// Renders stored records in the response shapes of Huma's spec.
import { customView } from './custom-fields';
import type { GroupData, PositionData, Store, UserData } from './store';
import { today } from './store';

const wrap = (value: unknown) =>
	value === undefined ? { editable: true } : { value, editable: true };

export function groupView(g: GroupData): Record<string, unknown> {
	return {
		id: g.id,
		name: g.name,
		type: g.type,
		...(g.address ? { address: g.address } : {}),
		...(g.organizationNumber
			? { organizationNumber: g.organizationNumber, invalidOrganizationNumber: false }
			: {}),
	};
}

export function positionStatus(p: PositionData, on = today()): 'CURRENT' | 'ENDED' | 'UPCOMING' {
	if (p.contractStartDate > on) return 'UPCOMING';
	if (p.contractEndDate && p.contractEndDate < on) return 'ENDED';
	return 'CURRENT';
}

function currentTitles(store: Store, u: UserData) {
	const ids = [
		...new Set(u.positions.filter((p) => positionStatus(p) === 'CURRENT').map((p) => p.titleId)),
	];
	return ids
		.map((id) => store.jobTitles.get(id))
		.filter((t) => t !== undefined)
		.map((t) => ({ id: t.id, name: t.name }));
}

function groupsOf(store: Store, u: UserData) {
	return [...u.groupIds]
		.map((id) => store.groups.get(id))
		.filter((g): g is GroupData => g !== undefined);
}

export function simpleUserView(store: Store, u: UserData): Record<string, unknown> {
	const jobTitles = currentTitles(store, u);
	return {
		id: u.id,
		givenName: u.givenName,
		familyName: u.familyName,
		...(u.preferredName ? { preferredName: u.preferredName } : {}),
		email: u.email,
		...(u.phone ? { phone: u.phone } : {}),
		...(jobTitles[0] ? { jobTitle: jobTitles[0] } : {}),
		jobTitles,
		type: 'user',
		status: { active: u.active },
	};
}

export function userView(store: Store, u: UserData): Record<string, unknown> {
	const groups = groupsOf(store, u);
	const jobTitles = currentTitles(store, u);
	return {
		id: u.id,
		givenName: u.givenName,
		familyName: u.familyName,
		...(u.preferredName ? { preferredName: u.preferredName } : {}),
		email: u.email,
		...(u.phone ? { phone: u.phone } : {}),
		...(jobTitles[0] ? { jobTitle: jobTitles[0] } : {}),
		jobTitles,
		teams: groups.filter((g) => g.type === 'team').map(groupView),
		locations: groups.filter((g) => g.type === 'location').map(groupView),
		companies: groups.filter((g) => g.type === 'company').map(groupView),
		groups: groups.map(groupView),
		type: 'user',
		status: { active: u.active },
	};
}

export function subordinatesOf(store: Store, id: string): UserData[] {
	// One pass without copying every user first: user details ask this of 10,000 users per answer.
	const out: UserData[] = [];
	for (const u of store.users.values()) if (u.supervisorId === id) out.push(u);
	return out;
}

export function positionSummaryView(store: Store, p: PositionData): Record<string, unknown> {
	const title = store.jobTitles.get(p.titleId);
	const start = new Date(`${p.contractStartDate}T00:00:00Z`);
	const end = new Date(`${p.contractEndDate ?? today()}T00:00:00Z`);
	const months = Math.max(
		0,
		(end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth(),
	);
	return {
		id: p.id,
		...(title
			? {
					title: {
						id: title.id,
						name: title.name,
						...(title.description ? { description: title.description } : {}),
					},
				}
			: {}),
		...(p.description ? { description: p.description } : {}),
		contractStartDate: p.contractStartDate,
		...(p.contractEndDate ? { contractEndDate: p.contractEndDate } : {}),
		periodInMonths: months,
		percentage: p.percentage,
		contractType: p.contractType,
		status: positionStatus(p),
	};
}

export function positionView(store: Store, p: PositionData): Record<string, unknown> {
	const title = store.jobTitles.get(p.titleId);
	return {
		id: p.id,
		contractStartDate: wrap(p.contractStartDate),
		contractEndDate: wrap(p.contractEndDate),
		firstDayOfWork: wrap(p.firstDayOfWork),
		lastDayOfWork: wrap(p.lastDayOfWork),
		contractCountry: wrap(p.contractCountry),
		contractType: wrap(p.contractType),
		percentage: wrap(p.percentage),
		terminationNoticeDate: wrap(p.terminationNoticeDate),
		probationEndDate: wrap(p.probationEndDate),
		title: wrap(
			title
				? {
						id: title.id,
						name: title.name,
						...(title.description ? { description: title.description } : {}),
					}
				: undefined,
		),
		description: wrap(p.description),
		endNote: wrap(p.endNote),
		endReason: wrap(p.endReason),
		wantedEnd: wrap(p.wantedEnd),
		status: positionStatus(p),
		note: wrap(p.note),
	};
}

function yearsBetween(from: string, to: string): number {
	let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
	if (to.slice(5) < from.slice(5)) years--;
	return Math.max(0, years);
}

export function firstContractStart(u: UserData): string | undefined {
	return u.positions.map((p) => p.contractStartDate).sort()[0];
}

export function userDetailsView(store: Store, u: UserData): Record<string, unknown> {
	const groups = groupsOf(store, u);
	const jobTitles = currentTitles(store, u).map((t) => ({
		...t,
		...(store.jobTitles.get(t.id)?.description
			? { description: store.jobTitles.get(t.id)!.description }
			: {}),
	}));
	const supervisor = u.supervisorId ? store.users.get(u.supervisorId) : undefined;
	const current = u.positions.filter((p) => positionStatus(p) === 'CURRENT');
	const first = firstContractStart(u);
	const bank = u.bankAccount
		? { ...u.bankAccount, code: String(u.bankAccount.type ?? 'account') }
		: undefined;
	return {
		id: u.id,
		givenName: wrap(u.givenName),
		familyName: wrap(u.familyName),
		preferredName: wrap(u.preferredName),
		email: { value: u.email, editable: true },
		birthDate: { ...wrap(u.birthDate), showBirthday: true },
		phone: wrap(u.phone),
		homeAddress: wrap(u.homeAddress),
		gender: wrap(u.gender),
		nationality: wrap(u.nationality),
		civilStatus: wrap(u.civilStatus),
		children: wrap(u.children),
		privateEmail: wrap(u.privateEmail),
		dietaryRequirements: wrap(u.dietaryRequirements),
		interests: wrap(u.interests),
		funfacts: wrap(u.funfacts),
		emergencyContacts: wrap(u.emergencyContacts),
		identifications: wrap(u.identifications),
		employmentId: wrap(u.employmentId),
		teams: wrap(groups.filter((g) => g.type === 'team').map(groupView)),
		locations: wrap(groups.filter((g) => g.type === 'location').map(groupView)),
		companies: wrap(groups.filter((g) => g.type === 'company').map(groupView)),
		groups: wrap(groups.map(groupView)),
		supervisor: wrap(supervisor ? simpleUserView(store, supervisor) : undefined),
		subordinatesCount: subordinatesOf(store, u.id).length,
		jobTitles,
		relevantExperienceInMonths: wrap(u.relevantExperienceInMonths),
		seniorityNote: wrap(u.seniorityNote),
		firstContractStartDate: wrap(first),
		bankAccount: wrap(bank),
		...(u.invitedAt ? { invitedAt: u.invitedAt } : {}),
		excludeFromInsights: wrap(u.excludeFromInsights),
		excludeFromSurveys: wrap(u.excludeFromSurveys),
		custom: customView(store.customFields, u.custom),
		status: { active: u.active },
		type: 'user',
		currentPositions: current.map((p) => positionSummaryView(store, p)),
		...(first ? { seniorityInCompany: yearsBetween(first, today()) } : {}),
	};
}

export function supervisorView(store: Store, s: UserData): Record<string, unknown> {
	const user = userView(store, s);
	delete user.type;
	delete user.status;
	return {
		...user,
		subordinates: subordinatesOf(store, s.id).map((u) => simpleUserView(store, u)),
	};
}

export function groupDetailsView(store: Store, g: GroupData): Record<string, unknown> {
	const members = [...store.users.values()]
		.filter((u) => u.groupIds.has(g.id))
		.map((u) => userView(store, u));
	return {
		id: g.id,
		name: g.name,
		members,
		grants: [],
		...(g.description ? { description: g.description } : {}),
		links: g.links,
	};
}

export function jubileesBetween(store: Store, fromDate: string, toDate: string) {
	const items: Record<string, unknown>[] = [];
	for (const u of store.users.values()) {
		const first = firstContractStart(u);
		if (!first || !u.active) continue;
		for (let year = Number(fromDate.slice(0, 4)); year <= Number(toDate.slice(0, 4)); year++) {
			const years = year - Number(first.slice(0, 4));
			// 29 February anniversaries fall on 28 February in common years.
			let date = `${year}${first.slice(4)}`;
			if (first.slice(5) === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
				date = `${year}-02-28`;
			if (years >= 1 && date >= fromDate && date <= toDate) {
				items.push({
					type: 'work_anniversary',
					date,
					originalDate: first,
					years,
					user: simpleUserView(store, u),
					public: true,
				});
			}
		}
	}
	return items;
}
