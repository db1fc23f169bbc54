// One poll of Huma for the polling triggers of both engines: reads what the selected events
// need, compares it with the saved state and answers the events and the next state. Nothing is
// saved here: the engine stores `state` only when the poll succeeded, so a failed poll keeps
// the previous state and emits nothing.
import type { HumaClient } from '../client';
import { HumaError } from '../errors';
import { splitList } from '../validate';
import {
	addDaysToDate,
	detectAnniversaries,
	UserChangeDetector,
	type AnniversaryEvent,
	type UserEvent,
	type UserWatchState,
} from './changes';

export const WATCH_EVENTS = [
	'userAdded',
	'userChanged',
	'userDeactivated',
	'userReactivated',
	'userRemoved',
	'workAnniversary',
] as const;
export type WatchEventName = (typeof WATCH_EVENTS)[number];

/** How each polled event reads in an editor, and what it means where the name is not enough. */
export const WATCH_EVENT_WORDS: Record<WatchEventName, { label: string; description?: string }> = {
	userAdded: { label: 'User Added' },
	userChanged: {
		label: 'User Changed',
		description: 'Which fields of the user list changed, with their new values',
	},
	userDeactivated: { label: 'User Deactivated' },
	userReactivated: { label: 'User Reactivated' },
	userRemoved: { label: 'User Gone From the List' },
	workAnniversary: {
		label: 'Upcoming Work Anniversary',
		description: 'Once per anniversary, some days ahead',
	},
};

/** The events a new polling trigger starts with. */
export const DEFAULT_WATCH_EVENTS: readonly WatchEventName[] = [
	'userAdded',
	'userChanged',
	'userDeactivated',
];

export interface WatchState {
	users?: UserWatchState;
	anniversaries?: string[];
	/** ISO time of the last successful poll. */
	lastPoll?: string;
}

export interface WatchOptions {
	events: readonly WatchEventName[];
	/** Announce anniversaries this many days ahead (0: on the day). */
	anniversaryDaysAhead?: number;
	/** On the first poll, emit the current state instead of only setting the baseline. */
	emitCurrent?: boolean;
	/** Today's date as `YYYY-MM-DD` (the caller's clock). */
	today: string;
	now?: string;
	signal?: AbortSignal;
	maxUsers?: number;
}

export type WatchEvent = UserEvent | AnniversaryEvent;

/** Checks event names from configuration or a message before anything is sent. */
export function parseWatchEvents(value: unknown, field = 'events'): WatchEventName[] {
	const list = typeof value === 'string' ? splitList(value) : value;
	if (!Array.isArray(list) || list.length === 0) {
		throw new HumaError(`${field} must name at least one event: ${WATCH_EVENTS.join(', ')}`);
	}
	for (const name of list) {
		if (!(WATCH_EVENTS as readonly string[]).includes(name)) {
			throw new HumaError(
				`${field}: "${String(name)}" is not an event; expected one of ${WATCH_EVENTS.join(', ')}`,
			);
		}
	}
	return list as WatchEventName[];
}

export async function pollHuma(
	client: HumaClient,
	previous: WatchState | undefined,
	options: WatchOptions,
): Promise<{ events: WatchEvent[]; state: WatchState; baseline: boolean }> {
	const wanted = new Set<string>(options.events);
	const userEvents = options.events.some((e) => e !== 'workAnniversary');
	const daysAhead = options.anniversaryDaysAhead ?? 0;
	if (!Number.isInteger(daysAhead) || daysAhead < 0 || daysAhead > 365) {
		throw new HumaError(
			`anniversaryDaysAhead must be a whole number of days from 0 to 365, got ${String(options.anniversaryDaysAhead)}`,
		);
	}
	const detector = userEvents ? new UserChangeDetector(previous?.users, options) : undefined;
	const readUsers = async () => {
		// Each user is compared as its page arrives, while the next pages are on their way.
		for await (const user of client.paginate('user.list', {}, { signal: options.signal }))
			detector!.add(user as unknown as Record<string, unknown>);
	};
	const [, jubilees] = await Promise.all([
		detector ? readUsers() : undefined,
		wanted.has('workAnniversary')
			? client.call(
					'user.listJubilees',
					{ fromDate: options.today, toDate: addDaysToDate(options.today, daysAhead) } as never,
					{
						signal: options.signal,
					},
				)
			: undefined,
	]);
	const state: WatchState = { lastPoll: options.now ?? new Date().toISOString() };
	const events: WatchEvent[] = [];
	let baseline = false;
	if (detector) {
		const result = detector.finish();
		state.users = result.state;
		baseline ||= result.baseline;
		events.push(...result.events.filter((e) => wanted.has(e.event)));
	}
	if (jubilees) {
		const items = ((jubilees as { items?: unknown[] }).items ?? []) as Record<string, unknown>[];
		const result = detectAnniversaries(previous?.anniversaries, items, {
			fromDate: options.today,
			emitCurrent: options.emitCurrent,
		});
		state.anniversaries = result.state;
		baseline ||= result.baseline;
		events.push(...result.events);
	}
	return { events, state, baseline };
}
