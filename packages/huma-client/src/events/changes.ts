// Change detection for polling triggers: pure functions from (previous state, what the API
// answers now) to (events, next state). The state keeps a fingerprint per user, not a copy:
// 47 bytes (id, flags, a 16-bit hash per field) packed into one base64 string, about 63
// characters per user once stored as JSON.
import { HumaError } from '../errors';
import type { HumaEventName } from './webhook';

/** Fields of the user list (the spec's `User`) compared one by one; `*` stands for any other field. */
const WATCHED_USER_FIELDS = [
	'givenName',
	'familyName',
	'preferredName',
	'email',
	'phone',
	'avatarUrl',
	'avatarImage',
	'jobTitle',
	'jobTitles',
	'teams',
	'locations',
	'companies',
	'groups',
	'type',
	'*',
] as const;
const KNOWN_FIELDS = new Set<string>([...WATCHED_USER_FIELDS, 'id', 'status']);
const RECORD_BYTES = 16 + 1 + WATCHED_USER_FIELDS.length * 2;
const ACTIVE = 1;
const HAS_STATUS = 2;
/** Users a state holds at most (the state stays bounded whatever the organisation answers). */
const DEFAULT_MAX_WATCHED_USERS = 200_000;

export interface UserWatchState {
	v: 1;
	/** Fixed-size records of users with UUID ids, base64. */
	packed: string;
	/** Users whose id is not a UUID (none in Huma today), by id. */
	other?: Record<string, string>;
}

export interface UserEvent {
	event: HumaEventName;
	source: 'poll';
	userId: string;
	/** The user as the list answers now (absent for `userRemoved`). */
	user?: Record<string, unknown>;
	/** `userChanged`: the fields that changed, and their new values (old values are not kept). */
	changedFields?: string[];
	changes?: Record<string, unknown>;
	/** Emitted for the current state on a first poll asked to emit it, not for a change. */
	initial?: boolean;
}

// FNV-1a over a value's content, walked without building strings. Object keys and arrays of
// records with an id (groups, job titles) are combined order-independently: a reordering is
// no change.
function mixString(h: number, text: string): number {
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h;
}

function hashValue(value: unknown, h: number): number {
	if (value === null || typeof value !== 'object')
		return mixString(Math.imul(h ^ 0x2f, 0x01000193), `${typeof value}:${String(value)}`);
	if (Array.isArray(value)) {
		const unordered = value.every((v) => typeof v === 'object' && v !== null && 'id' in v);
		let sum = 0;
		for (const item of value) {
			if (unordered) sum = (sum + hashValue(item, 0x811c9dc5)) | 0;
			else h = hashValue(item, Math.imul(h ^ 0x5b, 0x01000193));
		}
		return unordered ? Math.imul(h ^ sum ^ 0x5d, 0x01000193) : Math.imul(h ^ 0x5d, 0x01000193);
	}
	let sum = 0;
	const record = value as Record<string, unknown>;
	for (const key in record) {
		if (record[key] !== undefined)
			sum = (sum + hashValue(record[key], mixString(0x811c9dc5, key))) | 0;
	}
	return Math.imul(h ^ sum ^ 0x7b, 0x01000193);
}

/** 16-bit hash of a field's value, folded from 32 bits; 0 means absent. */
function fieldHash(value: unknown): number {
	if (value === undefined) return 0;
	const h = hashValue(value, 0x811c9dc5);
	const folded = ((h >>> 16) ^ h) & 0xffff;
	return folded === 0 ? 1 : folded;
}

function otherFields(user: Record<string, unknown>): Record<string, unknown> {
	const rest: Record<string, unknown> = {};
	for (const key of Object.keys(user)) if (!KNOWN_FIELDS.has(key)) rest[key] = user[key];
	const status = user.status as Record<string, unknown> | undefined;
	if (status && typeof status === 'object') {
		for (const key of Object.keys(status))
			if (key !== 'active') rest[`status.${key}`] = status[key];
	}
	return rest;
}

const FP_BYTES = RECORD_BYTES - 16;

/** Writes a user's fingerprint (flags byte, then a 16-bit hash per watched field) at `offset`. */
function writeFingerprint(user: Record<string, unknown>, out: Uint8Array, offset: number): void {
	const status = user.status as { active?: unknown } | undefined;
	out[offset] =
		status && typeof status.active === 'boolean' ? HAS_STATUS | (status.active ? ACTIVE : 0) : 0;
	for (let i = 0; i < WATCHED_USER_FIELDS.length; i++) {
		const field = WATCHED_USER_FIELDS[i];
		let h: number;
		if (field === '*') {
			const rest = otherFields(user);
			h = Object.keys(rest).length ? fieldHash(rest) : 0;
		} else h = fieldHash(user[field]);
		out[offset + 1 + i * 2] = h >> 8;
		out[offset + 2 + i * 2] = h & 0xff;
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Map key of an id: a UUID as its 32 hex digits (how the packed state holds it), others as they are. */
function idKey(id: string): string {
	return UUID.test(id) ? id.replace(/-/g, '') : `~${id}`;
}

function idFromKey(key: string): string {
	if (key.startsWith('~')) return key.slice(1);
	return `${key.slice(0, 8)}-${key.slice(8, 12)}-${key.slice(12, 16)}-${key.slice(16, 20)}-${key.slice(20)}`;
}

/** Fingerprints of many users in one buffer, found by id key. */
interface Fingerprints {
	bytes: Uint8Array;
	index: Map<string, number>;
}

function unpack(state: UserWatchState): Fingerprints {
	if (state.v !== 1 || typeof state.packed !== 'string')
		throw new HumaError('The saved Huma watch state has an unknown format: reset it');
	const packed = Buffer.from(state.packed, 'base64');
	if (packed.length % RECORD_BYTES !== 0)
		throw new HumaError('The saved Huma watch state is damaged: reset it');
	const other = Object.entries(state.other ?? {});
	const count = packed.length / RECORD_BYTES;
	const bytes = new Uint8Array((count + other.length) * FP_BYTES);
	const index = new Map<string, number>();
	const hex = packed.toString('hex');
	for (let i = 0; i < count; i++) {
		index.set(hex.slice(i * RECORD_BYTES * 2, i * RECORD_BYTES * 2 + 32), i * FP_BYTES);
		bytes.set(packed.subarray(i * RECORD_BYTES + 16, (i + 1) * RECORD_BYTES), i * FP_BYTES);
	}
	other.forEach(([id, fp], j) => {
		index.set(`~${id}`, (count + j) * FP_BYTES);
		bytes.set(Buffer.from(fp, 'base64').subarray(0, FP_BYTES), (count + j) * FP_BYTES);
	});
	return { bytes, index };
}

/** The ids a state holds, in list order. */
export function watchedUserIds(state: UserWatchState): string[] {
	return [...unpack(state).index.keys()].map(idFromKey);
}

function pack(fps: Fingerprints): UserWatchState {
	const uuids = [...fps.index].filter(([key]) => !key.startsWith('~'));
	const packed = Buffer.alloc(uuids.length * RECORD_BYTES);
	uuids.forEach(([key, offset], i) => {
		packed.write(key, i * RECORD_BYTES, 'hex');
		packed.set(fps.bytes.subarray(offset, offset + FP_BYTES), i * RECORD_BYTES + 16);
	});
	const state: UserWatchState = { v: 1, packed: packed.toString('base64') };
	const other = [...fps.index].filter(([key]) => key.startsWith('~'));
	if (other.length) {
		state.other = Object.fromEntries(
			other.map(([key, offset]) => [
				key.slice(1),
				Buffer.from(fps.bytes.subarray(offset, offset + FP_BYTES)).toString('base64'),
			]),
		);
	}
	return state;
}

function fieldsChanged(
	before: Uint8Array,
	after: Uint8Array,
	user: Record<string, unknown>,
): string[] {
	const changed: string[] = [];
	WATCHED_USER_FIELDS.forEach((field, i) => {
		if (before[1 + i * 2] === after[1 + i * 2] && before[2 + i * 2] === after[2 + i * 2]) return;
		if (field === '*') {
			const names = Object.keys(otherFields(user));
			changed.push(...(names.length ? names : ['*']));
		} else changed.push(field);
	});
	return changed;
}

export interface DetectOptions {
	/** On a first poll (no previous state), emit every user as `userAdded` with `initial: true`. */
	emitCurrent?: boolean;
	maxUsers?: number;
}

/**
 * Compares the user list as it is now with the previous state, one user at a time as pages
 * arrive (so the work overlaps the wait for the next pages, and users are not kept). With no
 * previous state it only sets the baseline (no events) unless `emitCurrent`. The caller
 * stores the state `finish()` answers only once the whole list was read: a failed poll keeps
 * the old one.
 */
export class UserChangeDetector {
	readonly events: UserEvent[] = [];
	private readonly before?: Fingerprints;
	private readonly now: Fingerprints = { bytes: new Uint8Array(1024 * FP_BYTES), index: new Map() };
	private readonly maxUsers: number;

	constructor(
		previous: UserWatchState | undefined,
		private readonly options: DetectOptions = {},
	) {
		this.before = previous ? unpack(previous) : undefined;
		this.maxUsers = options.maxUsers ?? DEFAULT_MAX_WATCHED_USERS;
	}

	add(user: Record<string, unknown>): void {
		if (typeof user.id !== 'string') return;
		const key = idKey(user.id);
		const now = this.now;
		if (now.index.has(key)) return;
		if (now.index.size >= this.maxUsers) {
			throw new HumaError(
				`Huma listed more than the ${this.maxUsers} users a watch keeps: narrow the list with filters`,
			);
		}
		const offset = now.index.size * FP_BYTES;
		if (offset + FP_BYTES > now.bytes.length) {
			const grown = new Uint8Array(now.bytes.length * 2);
			grown.set(now.bytes);
			now.bytes = grown;
		}
		now.index.set(key, offset);
		writeFingerprint(user, now.bytes, offset);
		const userId = user.id;
		if (!this.before) {
			if (this.options.emitCurrent)
				this.events.push({ event: 'userAdded', source: 'poll', userId, user, initial: true });
			return;
		}
		const fp = now.bytes.subarray(offset, offset + FP_BYTES);
		const oldOffset = this.before.index.get(key);
		if (oldOffset === undefined) {
			this.events.push({ event: 'userAdded', source: 'poll', userId, user });
			return;
		}
		const old = this.before.bytes.subarray(oldOffset, oldOffset + FP_BYTES);
		const changedFields = fieldsChanged(old, fp, user);
		if (changedFields.length) {
			const changes: Record<string, unknown> = {};
			for (const field of changedFields)
				changes[field] = field.startsWith('status.')
					? (user.status as Record<string, unknown>)[field.slice(7)]
					: user[field];
			this.events.push({
				event: 'userChanged',
				source: 'poll',
				userId,
				user,
				changedFields,
				changes,
			});
		}
		if (old[0] & HAS_STATUS && fp[0] & HAS_STATUS && (old[0] & ACTIVE) !== (fp[0] & ACTIVE)) {
			this.events.push({
				event: fp[0] & ACTIVE ? 'userReactivated' : 'userDeactivated',
				source: 'poll',
				userId,
				user,
			});
		}
	}

	finish(): { events: UserEvent[]; state: UserWatchState; baseline: boolean } {
		if (this.before) {
			for (const key of this.before.index.keys()) {
				if (!this.now.index.has(key))
					this.events.push({ event: 'userRemoved', source: 'poll', userId: idFromKey(key) });
			}
		}
		return { events: this.events, state: pack(this.now), baseline: !this.before };
	}
}

/** The whole comparison at once, for a list already read (see UserChangeDetector). */
export function detectUserChanges(
	previous: UserWatchState | undefined,
	users: readonly Record<string, unknown>[],
	options: DetectOptions = {},
): { events: UserEvent[]; state: UserWatchState; baseline: boolean } {
	const detector = new UserChangeDetector(previous, options);
	for (const user of users) detector.add(user);
	return detector.finish();
}

export interface AnniversaryEvent {
	event: 'workAnniversary';
	source: 'poll';
	userId?: string;
	/** The jubilee as Huma lists it: `type`, `date`, `originalDate`, `years`, `user`, `public`. */
	jubilee: Record<string, unknown>;
	initial?: boolean;
}

function anniversaryKey(jubilee: Record<string, unknown>): string {
	const user = jubilee.user as { id?: unknown } | undefined;
	return `${String(user?.id ?? '')}|${String(jubilee.type ?? '')}|${String(jubilee.date ?? '')}`;
}

/**
 * Anniversaries listed for the window [fromDate, …]: each is emitted once. The state keeps
 * the keys of those already announced whose date is not past, so it stays bounded.
 */
export function detectAnniversaries(
	previous: readonly string[] | undefined,
	jubilees: readonly Record<string, unknown>[],
	options: { fromDate: string; emitCurrent?: boolean },
): { events: AnniversaryEvent[]; state: string[]; baseline: boolean } {
	const seen = new Set(
		(previous ?? []).filter((key) => key.slice(key.lastIndexOf('|') + 1) >= options.fromDate),
	);
	const events: AnniversaryEvent[] = [];
	for (const jubilee of jubilees) {
		const key = anniversaryKey(jubilee);
		if (seen.has(key)) continue;
		seen.add(key);
		if (previous || options.emitCurrent) {
			const userId = (jubilee.user as { id?: unknown } | undefined)?.id;
			events.push({
				event: 'workAnniversary',
				source: 'poll',
				...(typeof userId === 'string' ? { userId } : {}),
				jubilee,
				...(previous ? {} : { initial: true }),
			});
		}
	}
	return { events, state: [...seen], baseline: !previous };
}

/** `YYYY-MM-DD` plus `days` (UTC calendar arithmetic). */
export function addDaysToDate(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
