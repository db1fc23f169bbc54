// huma-user's operations made of several calls (issue #20): Create or update (a batch of rows,
// from msg.payload or a msg.parts sequence such as the CSV node's) and Find by e-mail. The core
// does the work (upsertUsers, findUserByEmail); this reads messages into it and its answer out.
import {
	findUserByEmail,
	HumaError,
	isBlank,
	isRecord,
	UPSERT_ACTIONS,
	upsertUsers,
	type HumaClient,
	type UpsertMatchKey,
	type UpsertOptions,
	type UpsertResult,
	type UpsertRow,
} from '@huma-integrations/huma-client/node';

export const COMPOSITE_ACTIONS = ['upsert', 'findByEmail'] as const;
export type CompositeAction = (typeof COMPOSITE_ACTIONS)[number];
export const isCompositeAction = (action: string): action is CompositeAction =>
	(COMPOSITE_ACTIONS as readonly string[]).includes(action);

/** The node's `upsert` setting: the mapping table and the batch's options. A public config key. */
export interface UpsertConfig {
	/** Input property → Huma field (`email`, `custom.<key>`, `groups`, …); empty: the rows already use Huma's names. */
	mapping?: { from: string; to: string }[];
	matchBy?: UpsertMatchKey | '';
	dryRun?: boolean;
	invite?: boolean;
	inviteSubject?: string;
	inviteMessage?: string;
	inviteLanguage?: string;
	groupsMode?: 'addMissing' | 'exactly';
	stopOnFirstError?: boolean;
}

interface Message {
	_msgid?: string;
	payload?: unknown;
	parts?: { id?: unknown; index?: unknown; count?: unknown; [key: string]: unknown };
	[key: string]: unknown;
}

type Send = (msg: Message | Message[]) => void;
type Status = (status: { fill?: string; shape?: string; text?: string }) => void;

/**
 * One input row as a Huma row: through the mapping table when there is one; blanks never clear a
 * field. A row that is not an object is passed on as it is: the core fails that row alone.
 */
export function mapRow(input: unknown, pairs: readonly { from: string; to: string }[]): UpsertRow {
	if (!isRecord(input)) return input as UpsertRow;
	// Unmapped, the core skips blanks itself; mapped, two pairs may fill one field, and a blank
	// one must not overwrite the other's value.
	if (!pairs.length) return input as UpsertRow;
	const row: Record<string, unknown> = {};
	for (const { from, to } of pairs) if (!isBlank(input[from])) row[to] = input[from];
	return row as UpsertRow;
}

/** The batch's options: the node's settings win, msg.matchBy and msg.dryRun fill what they leave blank. */
export function upsertOptionsOf(config: UpsertConfig, msg: Message): UpsertOptions {
	const text = (v: unknown) => (isBlank(v) ? undefined : String(v));
	return {
		matchBy: (config.matchBy || (msg.matchBy as UpsertMatchKey) || 'email') as UpsertMatchKey,
		dryRun: config.dryRun === true || msg.dryRun === true,
		invite: config.invite === true,
		inviteSubject: text(config.inviteSubject),
		inviteMessage: text(config.inviteMessage),
		inviteLanguage: text(config.inviteLanguage),
		groupsMode: config.groupsMode === 'exactly' ? 'exactly' : 'addMissing',
		stopOnFirstError: config.stopOnFirstError === true,
	};
}

/** "10 created, 30 updated, 2 failed": the counts that are not 0, for the node's status. */
export function summaryText(summary: UpsertResult['summary']): string {
	const parts = UPSERT_ACTIONS.filter((action) => summary[action]).map(
		(action) => `${summary[action]} ${action}`,
	);
	return parts.length ? parts.join(', ') : 'no rows';
}

interface Sequence {
	rows: { row: unknown; msg: Message }[];
	/** Parts placed so far: `rows` may have holes until the sequence completes. */
	received: number;
	count?: number;
}

/** At most ~100 status updates for `all` steps (each one is a message to every open editor). */
const statusDue = (done: number, all: number | undefined) =>
	done === 1 || done === all || done % (all ? Math.max(1, Math.floor(all / 100)) : 100) === 0;

/**
 * The composite operations of one huma-user node. A msg.parts sequence is collected until its
 * count is known and reached, then runs as one batch (one lookup of the existing users).
 */
export function userComposites(deps: {
	client: () => HumaClient;
	status: Status;
	newId: () => string;
	config: { upsert?: UpsertConfig };
	evaluateParam: (name: string, msg: Message) => Promise<unknown>;
}) {
	const sequences = new Map<string, Sequence>();
	const running = new Set<AbortController>();

	async function runBatch(rows: { row: unknown; msg: Message }[], last: Message, send: Send) {
		const config = deps.config.upsert ?? {};
		const pairs = (config.mapping ?? []).filter((m) => m.from && m.to);
		const mapped = rows.map(({ row }) => mapRow(row, pairs));
		const abort = new AbortController();
		running.add(abort);
		const total = mapped.length;
		deps.status({ fill: 'blue', shape: 'dot', text: `0/${total}` });
		let outcome: UpsertResult;
		try {
			outcome = await upsertUsers(deps.client(), mapped, {
				...upsertOptionsOf(config, last),
				signal: abort.signal,
				onProgress: (done, all) => {
					if (statusDue(done, all))
						deps.status({ fill: 'blue', shape: 'dot', text: `${done}/${all}` });
				},
			});
		} finally {
			running.delete(abort);
		}
		const partsId = deps.newId();
		outcome.results.forEach((result, index) => {
			// Only the summary completes the batch (msg.complete, as a Join node reads it).
			const { parts: _parts, complete: _complete, ...rest } = rows[index].msg;
			send({
				...rest,
				_msgid: deps.newId(),
				payload: result,
				parts: { id: partsId, index, count: total, type: 'array', len: 1 },
			});
		});
		const { parts: _parts, ...rest } = last;
		send({ ...rest, payload: outcome.summary, complete: true });
		const failed = outcome.summary.failed;
		deps.status({
			fill: failed ? 'yellow' : 'green',
			shape: failed ? 'ring' : 'dot',
			text: summaryText(outcome.summary),
		});
		if (failed && config.stopOnFirstError) {
			const first = outcome.results.find((r) => r.action === 'failed');
			throw new HumaError(
				`Row ${outcome.results.indexOf(first!) + 1} (${first!.key}) failed: ${first!.error?.message ?? 'failed'}; the rows after it were skipped`,
			);
		}
	}

	async function upsert(msg: Message, send: Send): Promise<void> {
		const parts = msg.parts;
		if (isRecord(parts) && !isBlank(parts.id) && !Array.isArray(msg.payload)) {
			const id = String(parts.id);
			const sequence = sequences.get(id) ?? { rows: [], received: 0 };
			const index = parts.index;
			const count = typeof parts.count === 'number' ? parts.count : sequence.count;
			// A part that cannot be placed is refused on its own: stored, it would leave a hole
			// (a batch that never completes) or overwrite another row.
			const bad =
				typeof index !== 'number' || !Number.isInteger(index) || index < 0
					? 'must be a whole number from 0'
					: count !== undefined && index >= count
						? `must be below msg.parts.count (${count})`
						: sequence.rows[index]
							? 'repeats a part already received'
							: undefined;
			if (bad)
				throw new HumaError(
					`Create or update: msg.parts.index ${bad}, got ${JSON.stringify(index) ?? 'none'} (sequence ${id}); this part is left out`,
				);
			sequences.set(id, sequence);
			sequence.rows[index as number] = { row: msg.payload, msg };
			if (typeof parts.count === 'number') sequence.count = parts.count;
			const received = ++sequence.received;
			if (statusDue(received, sequence.count))
				deps.status({
					fill: 'grey',
					shape: 'ring',
					text: `${received}${sequence.count === undefined ? '' : `/${sequence.count}`} rows in`,
				});
			if (sequence.count === undefined || received < sequence.count) return;
			sequences.delete(id);
			// A part received before the count was known may lie beyond it.
			if (sequence.rows.length > sequence.count)
				throw new HumaError(
					`Create or update: msg.parts.count is ${sequence.count} but a part of sequence ${id} has index ${sequence.rows.length - 1}; the sequence is not run`,
				);
			return runBatch(sequence.rows, msg, send);
		}
		if (!Array.isArray(msg.payload) && !isRecord(msg.payload))
			throw new HumaError(
				'Create or update needs msg.payload as a row (an object of field → value) or an array of rows',
			);
		const rows = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
		return runBatch(
			rows.map((row) => ({ row, msg })),
			msg,
			send,
		);
	}

	async function findByEmail(msg: Message, send: Send): Promise<void> {
		let email = await deps.evaluateParam('email', msg);
		if (isBlank(email)) email = msg.email ?? (typeof msg.payload === 'string' ? msg.payload : '');
		const address = String(email ?? '').trim();
		if (!address)
			throw new HumaError(
				'Find by e-mail needs the e-mail: set E-mail, or send it in msg.email or msg.payload',
			);
		let nothing = await deps.evaluateParam('nothingIfNotFound', msg);
		if (isBlank(nothing)) nothing = msg.nothingIfNotFound;
		const nothingIfNotFound = nothing === true || nothing === 'true';
		const abort = new AbortController();
		running.add(abort);
		let user;
		try {
			// No user is an error from the core (HumaUserNotFoundError) unless nothingIfNotFound.
			user = await findUserByEmail(deps.client(), address, {
				nothingIfNotFound,
				signal: abort.signal,
			});
		} finally {
			running.delete(abort);
		}
		if (user) {
			msg.payload = user;
			deps.status({ fill: 'green', shape: 'dot', text: 'found' });
			send(msg);
		} else {
			deps.status({ fill: 'grey', shape: 'ring', text: 'not found' });
		}
	}

	return {
		run(action: CompositeAction, msg: Message, send: Send): Promise<void> {
			return action === 'upsert' ? upsert(msg, send) : findByEmail(msg, send);
		},
		close() {
			for (const abort of running) abort.abort();
			sequences.clear();
		},
	};
}
