// The shapes of user.upsert and user.findByEmail: what both engines build their editors and
// outputs against.
import type { components } from '../generated/openapi';

/** How a row finds its Huma user: by e-mail (trimmed, any case), employment ID, or Huma user id. */
export type UpsertMatchKey = 'email' | 'employmentId' | 'id';
/** `addMissing` adds the row's groups; `exactly` also removes the user from every other group. */
export type UpsertGroupsMode = 'addMissing' | 'exactly';
/**
 * How matches are looked up: `search` (one search, or one user.get for an id, per row), `list`
 * (every user listed once, as an index) or `auto` (the cheaper of the two for these rows).
 */
export type UpsertLookup = 'auto' | 'search' | 'list';

export interface UpsertOptions {
	/** Default 'email'. */
	matchBy?: UpsertMatchKey;
	/** Plan only: the same lookups, no write; actions wouldCreate / wouldUpdate / unchanged / failed. */
	dryRun?: boolean;
	/** Passed to user.create for the users created. */
	invite?: boolean;
	inviteSubject?: string;
	inviteMessage?: string;
	/** ISO 639-1, such as "en". */
	inviteLanguage?: string;
	/** Default 'addMissing'. */
	groupsMode?: UpsertGroupsMode;
	/** Rows run one at a time, and the rows after the first failed one are skipped. */
	stopOnFirstError?: boolean;
	signal?: AbortSignal;
	/** Called after each row; an error it throws is ignored (the rows go on). */
	onProgress?: (done: number, total: number) => void;
	/** Default 'auto'; both give the same results. */
	lookup?: UpsertLookup;
	/** Rows (and list pages) worked on at once; default 8. The client's own limit still applies. */
	concurrency?: number;
}

/**
 * A row: Huma field names as keys (those of user.create / user.update bodies, see upsertColumns),
 * plus `groups` (names or ids: a list or comma text), `supervisor` (e-mail or id), custom fields
 * as `custom.<key>` keys or a `custom` object, and `id` (a Huma user id) to match by id. A blank
 * value (empty text, null, undefined) leaves that field as it is in Huma.
 */
export type UpsertRow = Record<string, unknown>;

export type UpsertAction =
	| 'created'
	| 'updated'
	| 'unchanged'
	| 'wouldCreate'
	| 'wouldUpdate'
	| 'failed'
	| 'skipped';

export const UPSERT_ACTIONS: readonly UpsertAction[] = [
	'created',
	'updated',
	'unchanged',
	'wouldCreate',
	'wouldUpdate',
	'failed',
	'skipped',
];

export interface UpsertRowError {
	message: string;
	/** The row's field at fault (`custom.<key>`, `groups`, …), when one is. */
	field?: string;
	/** INVALID, DUPLICATE, AMBIGUOUS, NOT_FOUND, ABORTED, SKIPPED, or Huma's error code / the connection's code. */
	code?: string;
	/** A write failed after it was sent: Huma may have applied it. */
	outcomeUnknown?: boolean;
}

export interface UpsertRowResult {
	action: UpsertAction;
	/** The Huma user id, when the row matched or created one. */
	id?: string;
	/** The row's match key as given (trimmed): its e-mail, employment ID or id. */
	key: string;
	/** Each field written (or that would be): Huma's value before and the row's value. */
	changes: Record<string, { from: unknown; to: unknown }>;
	error?: UpsertRowError;
	/**
	 * Written in part: created but the follow-up update of these fields failed, or updated but a
	 * group call failed (`groups`). Running the rows again completes it.
	 */
	failedFields?: string[];
}

export interface UpsertResult {
	/** One per row, in the rows' order. */
	results: UpsertRowResult[];
	summary: Record<UpsertAction, number> & { total: number };
}

/** A user as user.list answers it. */
export type UserListItem = components['schemas']['User'];
/** A user's details as user.get answers them (wrapped values). */
export type UserDetails = components['schemas']['UserDetails'];
