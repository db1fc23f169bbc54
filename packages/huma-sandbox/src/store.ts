// The in-memory organisation behind the sandbox, and the seeded generator that fills it.
import { DEMO_CUSTOM_FIELDS, seedCustomValues, type CustomFieldDefinition } from './custom-fields';

export type GroupType = 'team' | 'location' | 'company';

export interface AddressData {
	line1: string;
	line2?: string;
	line3?: string;
	postalCode: string;
	city: string;
	country: string;
}

export interface GroupData {
	id: string;
	name: string;
	type: GroupType;
	description?: string;
	links: { name: string; url: string }[];
	address?: AddressData;
	organizationNumber?: string;
}

export interface JobTitleData {
	id: string;
	name: string;
	description?: string;
}

export interface PositionData {
	id: string;
	titleId: string;
	contractStartDate: string;
	contractEndDate?: string;
	firstDayOfWork?: string;
	lastDayOfWork?: string;
	contractCountry?: string;
	contractType: string;
	percentage: number;
	probationEndDate?: string;
	description?: string;
	note?: string;
	terminationNoticeDate?: string;
	endReason?: string;
	endNote?: string;
	wantedEnd?: boolean;
}

export interface UserData {
	id: string;
	givenName: string;
	familyName: string;
	preferredName?: string;
	email: string;
	phone?: string;
	supervisorId?: string;
	groupIds: Set<string>;
	active: boolean;
	invitedAt?: string;
	birthDate?: string;
	nationality?: string;
	gender?: string;
	civilStatus?: 'Married' | 'Relationship' | 'Single';
	homeAddress?: AddressData;
	employmentId?: string;
	privateEmail?: string;
	dietaryRequirements?: string;
	funfacts?: string;
	interests: string[];
	bankAccount?: Record<string, unknown>;
	relevantExperienceInMonths?: number;
	seniorityNote?: string;
	excludeFromInsights: boolean;
	excludeFromSurveys: boolean;
	/** Custom field values by key; a field the user has no value for is absent or undefined. */
	custom: Record<string, unknown>;
	children: { id: string; name: string; birthDate?: string }[];
	emergencyContacts: { id: string; name: string; phone?: string; relation?: string }[];
	identifications: { id: string; type: 'national' | 'passport'; value: string; country?: string }[];
	positions: PositionData[];
	workScheduleId: string;
}

export interface WorkScheduleData {
	id: string;
	name: string;
	countryCode: string;
	weekWorkDays: string[];
	default: boolean;
}

export interface Store {
	organizationId: string;
	users: Map<string, UserData>;
	groups: Map<string, GroupData>;
	jobTitles: Map<string, JobTitleData>;
	workSchedules: Map<string, WorkScheduleData>;
	/** The organisation's custom fields, in the order user details list them. */
	customFields: CustomFieldDefinition[];
	/** The user an API key acts as: the `me` alias. */
	serviceUserId: string;
	/** Users sorted by family then given name, kept for fast unfiltered paging. */
	sortedUserIds?: string[];
}

/** Small, fast, seedable PRNG (mulberry32): same seed, same organisation. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
// Reused between calls; the dashes stay where they are.
const UUID_CODES: number[] = [...'00000000-0000-0000-0000-000000000000'].map((c) =>
	c.charCodeAt(0),
);

/** A UUID v4 drawn from the given PRNG: 32 draws, one per hex digit (the version and variant digits fixed). */
export function uuidFrom(random: () => number): string {
	const codes = UUID_CODES;
	for (let i = 0, at = 0; i < 32; i++, at++) {
		const digit = Math.floor(random() * 16);
		if (i === 8 || i === 12 || i === 16 || i === 20) at++;
		codes[at] = HEX_CODES[i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit];
	}
	// One flat string, not a rope of 36 pieces: the sandbox keeps hundreds of thousands of ids.
	return String.fromCharCode.apply(null, codes);
}

const GIVEN = [
	'Ada',
	'Bjørn',
	'Camille',
	'Dag',
	'Eva',
	'Farah',
	'Gustav',
	'Hanne',
	'Ingrid',
	'Jonas',
	'Kari',
	'Lars',
	'Maja',
	'Nils',
	'Olivia',
	'Per',
	'Rania',
	'Sofie',
	'Tobias',
	'Ulla',
	'Viktor',
	'Wenche',
	'Yusuf',
	'Zara',
	'Emil',
	'Nora',
	'Amir',
	'Lea',
	'Henrik',
	'Sara',
];
const FAMILY = [
	'Andersen',
	'Berg',
	'Dahl',
	'Eriksen',
	'Fossum',
	'Hansen',
	'Haugen',
	'Iversen',
	'Johansen',
	'Karlsen',
	'Larsen',
	'Moe',
	'Nilsen',
	'Olsen',
	'Pedersen',
	'Quist',
	'Rud',
	'Solberg',
	'Strand',
	'Tveit',
	'Vik',
	'Wold',
	'Aas',
	'Lund',
	'Bakke',
];
const TITLES = [
	'Chief Executive Officer',
	'Head of People',
	'HR Partner',
	'Payroll Specialist',
	'Software Engineer',
	'Senior Software Engineer',
	'Engineering Manager',
	'Product Manager',
	'Designer',
	'Sales Manager',
	'Account Executive',
	'Customer Success Manager',
	'Support Specialist',
	'Finance Controller',
	'Office Manager',
];
const TEAMS = [
	'Leadership',
	'People',
	'Engineering',
	'Product',
	'Sales',
	'Customer Success',
	'Finance',
	'Operations',
];
const LOCATIONS: { name: string; address: AddressData }[] = [
	{
		name: 'Oslo',
		address: { line1: 'Karl Johans gate 1', postalCode: '0154', city: 'Oslo', country: 'NO' },
	},
	{
		name: 'Bergen',
		address: { line1: 'Bryggen 5', postalCode: '5003', city: 'Bergen', country: 'NO' },
	},
	{
		name: 'Stockholm',
		address: { line1: 'Drottninggatan 20', postalCode: '111 51', city: 'Stockholm', country: 'SE' },
	},
	{
		name: 'Remote',
		address: { line1: 'Anywhere 1', postalCode: '0000', city: 'Oslo', country: 'NO' },
	},
];
const COMPANIES = [
	{ name: 'Nordlys AS', organizationNumber: '912345678', country: 'NO' },
	{ name: 'Nordlys Sverige AB', organizationNumber: '5591234567', country: 'SE' },
];
const CONTRACT_TYPES = [
	'Permanent',
	'Permanent',
	'Permanent',
	'Temporary',
	'Consultant',
	'Trainee',
];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

function isoDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The ISO date of a UTC calendar day, without building a Date (month from 0; the day must exist). */
function isoDay(year: number, month: number, day: number): string {
	return `${year}-${pad2(month + 1)}-${pad2(day)}`;
}

const CIVIL_STATUSES = ['Married', 'Relationship', 'Single'] as const;

export function today(): string {
	return isoDate(new Date());
}

export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return isoDate(d);
}

export interface SeedOptions {
	users?: number;
	seed?: number;
}

/** Builds the demo organisation: same options, same data (dates are relative to today). */
export function generateOrganization(options: SeedOptions = {}): Store {
	const count = Math.max(1, options.users ?? 40);
	const random = seededRandom(options.seed ?? 1);
	const id = () => uuidFrom(random);
	const store: Store = {
		organizationId: id(),
		users: new Map(),
		groups: new Map(),
		jobTitles: new Map(),
		workSchedules: new Map(),
		customFields: DEMO_CUSTOM_FIELDS.map((d) => ({ ...d })),
		serviceUserId: '',
	};
	// A stream of its own, so the custom values leave every other seeded value as it was.
	const customRandom = seededRandom((options.seed ?? 1) ^ 0x63757374);
	const fullTime: WorkScheduleData = {
		id: id(),
		name: 'Full time (Monday to Friday)',
		countryCode: 'NO',
		weekWorkDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
		default: true,
	};
	const fourDay: WorkScheduleData = {
		id: id(),
		name: 'Four-day week',
		countryCode: 'NO',
		weekWorkDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY'],
		default: false,
	};
	for (const ws of [fullTime, fourDay]) store.workSchedules.set(ws.id, ws);

	const titles = TITLES.map((name) => ({ id: id(), name, description: `${name} at Nordlys` }));
	for (const t of titles) store.jobTitles.set(t.id, t);
	const teams = TEAMS.map(
		(name): GroupData => ({
			id: id(),
			name,
			type: 'team',
			description: `The ${name} team`,
			links: [],
		}),
	);
	const locations = LOCATIONS.map(
		(l): GroupData => ({ id: id(), name: l.name, type: 'location', links: [], address: l.address }),
	);
	const companies = COMPANIES.map(
		(c): GroupData => ({
			id: id(),
			name: c.name,
			type: 'company',
			organizationNumber: c.organizationNumber,
			links: [{ name: 'Website', url: 'https://example.com' }],
			address: {
				line1: 'Hovedveien 1',
				postalCode: '0150',
				city: c.country === 'NO' ? 'Oslo' : 'Stockholm',
				country: c.country,
			},
		}),
	);
	for (const g of [...teams, ...locations, ...companies]) store.groups.set(g.id, g);

	const now = new Date();
	const thisYear = now.getUTCFullYear();
	const todayIso = today();
	// Lower-cased ASCII "given.family." per name pair: normalising is the slow part of an address.
	const emailStems = new Map<string, string>();
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const givenName = pick(random, GIVEN);
		const familyName = pick(random, FAMILY);
		const userId = id();
		// A tree: the first user is the CEO, then each user reports to someone earlier.
		const supervisorId =
			i === 0 ? undefined : ids[Math.floor(random() * Math.min(i, Math.max(1, Math.ceil(i / 4))))];
		const team = i === 0 ? teams[0] : pick(random, teams);
		const location = pick(random, locations);
		const company = location.address?.country === 'SE' ? companies[1] : companies[0];
		const startYearsAgo = Math.floor(random() * 12);
		const start = isoDay(
			thisYear - startYearsAgo,
			Math.floor(random() * 12),
			1 + Math.floor(random() * 28),
		);
		const contractType = i === 0 ? 'Permanent' : pick(random, CONTRACT_TYPES);
		const title = i === 0 ? titles[0] : titles[1 + Math.floor(random() * (titles.length - 1))];
		const birth = isoDay(
			1960 + Math.floor(random() * 40),
			Math.floor(random() * 12),
			1 + Math.floor(random() * 28),
		);
		const pair = `${givenName}.${familyName}.`;
		let stem = emailStems.get(pair);
		if (stem === undefined) {
			stem = pair
				.toLowerCase()
				.normalize('NFD')
				.replace(/[^a-z0-9.]/g, '');
			emailStems.set(pair, stem);
		}
		const emailLocal = stem + (i + 1);
		const user: UserData = {
			id: userId,
			givenName,
			familyName,
			email: `${emailLocal}@nordlys.example`,
			phone: `+47 9${String(1000000 + Math.floor(random() * 8999999)).slice(0, 7)}`,
			supervisorId,
			groupIds: new Set([team.id, location.id, company.id]),
			active: random() > 0.05 || i === 0,
			birthDate: birth,
			nationality: location.address?.country ?? 'NO',
			gender: random() > 0.5 ? 'Female' : 'Male',
			civilStatus: pick(random, CIVIL_STATUSES),
			homeAddress: {
				line1: `Storgata ${1 + Math.floor(random() * 200)}`,
				postalCode: '0182',
				city: location.address?.city ?? 'Oslo',
				country: location.address?.country ?? 'NO',
			},
			employmentId: String(1000 + i),
			interests: random() > 0.5 ? ['Hiking', 'Coffee'] : ['Chess'],
			excludeFromInsights: false,
			excludeFromSurveys: false,
			custom: seedCustomValues(customRandom, thisYear, emailLocal, i === 0),
			children: [],
			emergencyContacts: [
				{
					id: id(),
					name: `${pick(random, GIVEN)} ${familyName}`,
					phone: '+47 91234567',
					relation: 'Partner',
				},
			],
			identifications:
				random() > 0.5
					? [{ id: id(), type: 'passport', value: `P${Math.floor(random() * 1e7)}`, country: 'NO' }]
					: [],
			positions: [
				{
					id: id(),
					titleId: title.id,
					contractStartDate: start,
					firstDayOfWork: start,
					contractCountry: location.address?.country ?? 'NO',
					contractType,
					percentage: random() > 0.85 ? 80 : 100,
					...(contractType === 'Temporary'
						? { contractEndDate: addDays(todayIso, 180 + Math.floor(random() * 365)) }
						: {}),
				},
			],
			workScheduleId: random() > 0.9 ? fourDay.id : fullTime.id,
		};
		if (random() > 0.6)
			user.children.push({
				id: id(),
				name: `${pick(random, GIVEN)} ${familyName}`,
				birthDate: `${2010 + Math.floor(random() * 12)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
			});
		store.users.set(userId, user);
		ids.push(userId);
	}
	store.serviceUserId = ids[0];
	return store;
}
