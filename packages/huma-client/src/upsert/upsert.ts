// user.upsert: rows of people created or updated in Huma, each compared with Huma first so that
// only what differs is written. Built from user.list, user.get, user.create, user.update,
// user.addToGroups, user.removeFromGroups and group.list (see COMPOSITE_OPERATIONS).
import type { HumaClient } from '../client';
import { checkCustomValues, type CustomFieldDefinition } from '../custom-fields';
import { HumaError, HumaValidationError } from '../errors';
import { validateSchema } from '../validate';
import { getOperation, prepareRequest, type PreparedRequest } from '../request';
import { cachedCustomFields, forgetCustomFields } from './custom-cache';
import { rowError, UpsertRowFailure } from './errors';
import {
	listIsCheaper,
	listLookup,
	probeUsers,
	searchLookup,
	type FoundUser,
	type Lookup,
} from './lookup';
import { needsDetails, planCreate, planUpdate, type ResolvedRow } from './plan';
import { GroupIndex, resolveSupervisor } from './references';
import { MATCH_FIELDS } from './fields';
import { emailKey, parseRow, rowKey, UPSERT, type ParsedRow } from './rows';
import {
	UPSERT_ACTIONS,
	type UpsertMatchKey,
	type UpsertOptions,
	type UpsertResult,
	type UpsertRow,
	type UpsertRowResult,
} from './types';

const DEFAULT_CONCURRENCY = 8;
const UPDATE = getOperation('user.update');

interface Pending {
	index: number;
	parsed: ParsedRow;
	match: UpsertMatchKey;
	value: string;
	key: string;
}

interface Run {
	client: HumaClient;
	options: UpsertOptions;
	lookup: Lookup;
	/** The organisation's custom field definitions by key. */
	defs: ReadonlyMap<string, CustomFieldDefinition>;
	groups?: GroupIndex;
	supervisors: Map<string, Promise<string>>;
	signal?: AbortSignal;
}

const emailOf = (row: ParsedRow) =>
	typeof row.fields.email === 'string' ? row.fields.email : undefined;

/**
 * Creates or updates one Huma user per row and answers one result per row, in order. Rows are
 * checked, matched and compared before anything is written for them; a failed row never stops
 * the others unless `stopOnFirstError` is set. Throws only when nothing could be written: the
 * lookups every row needs (the user list, the groups, the custom fields) failed or were aborted.
 */
export async function upsertUsers(
	client: HumaClient,
	rows: readonly UpsertRow[],
	options: UpsertOptions = {},
): Promise<UpsertResult> {
	if (!Array.isArray(rows)) throw new HumaError('user.upsert takes a list of rows');
	const matchBy = options.matchBy ?? 'email';
	if (!(MATCH_FIELDS as readonly string[]).includes(matchBy))
		throw new HumaError(
			`user.upsert cannot match by ${String(matchBy)}; use email, employmentId or id`,
		);
	const signal = options.signal;
	// One reading of the option for rows, list pages and details alike: 0 or NaN would start no
	// worker at all (rows without a result, an employment ID index left empty).
	const poolSize = Number.isFinite(options.concurrency)
		? Math.max(1, Math.floor(options.concurrency!))
		: DEFAULT_CONCURRENCY;
	const concurrency = options.stopOnFirstError ? 1 : poolSize;
	// Array.from, not map/forEach: a hole in the rows is a row (that fails), not one without a result.
	const results: (UpsertRowResult | undefined)[] = Array.from(rows, () => undefined);
	let done = 0;
	const finish = (index: number, result: UpsertRowResult) => {
		results[index] = result;
		done++;
		try {
			options.onProgress?.(done, rows.length);
		} catch {
			// A progress callback that throws must not drop the results of rows already written
			// (nor leave the other rows writing unseen): progress is only ever reported.
		}
	};

	// Every row read and keyed first; two rows with the same key both fail.
	const pending: Pending[] = [];
	const failedEarly = new Map<number, UpsertRowResult>();
	Array.from(rows).forEach((row, index) => {
		try {
			const parsed = parseRow(row);
			const { key, match, value } = rowKey(parsed, matchBy);
			pending.push({ index, parsed, match, value, key });
		} catch (error) {
			const key = keyGuess(row, matchBy);
			failedEarly.set(index, { action: 'failed', key, changes: {}, error: rowError(error) });
		}
	});
	const seen = new Map<string, number>();
	for (const p of pending)
		seen.set(`${p.match}:${p.value}`, (seen.get(`${p.match}:${p.value}`) ?? 0) + 1);
	const keyed = pending.filter((p) => {
		if (seen.get(`${p.match}:${p.value}`)! < 2) return true;
		failedEarly.set(p.index, {
			action: 'failed',
			key: p.key,
			changes: {},
			error: rowError(
				new UpsertRowFailure(
					UPSERT,
					p.match,
					`"${p.key}" is the key of more than one row: each of them fails`,
					'DUPLICATE',
				),
			),
		});
		return false;
	});

	// What every row needs, read once: custom field definitions, groups, the user index.
	const ctx = { client, signal, concurrency: poolSize };
	// Independent reads: made at once, not one after another.
	const [defs, groups, lookup] = await Promise.all([
		keyed.some((p) => Object.keys(p.parsed.custom).length)
			? customDefinitions(client, keyed, signal)
			: new Map<string, CustomFieldDefinition>(),
		keyed.some((p) => p.parsed.groups) ? GroupIndex.load(client, signal) : undefined,
		chooseLookup(ctx, keyed, matchBy, options.lookup ?? 'auto'),
	]);
	const run: Run = { client, options, lookup, defs, groups, supervisors: new Map(), signal };

	const order = [...failedEarly.keys(), ...keyed.map((p) => p.index)].sort((a, b) => a - b);
	const byIndex = new Map(keyed.map((p) => [p.index, p]));
	let stopped = false;
	let next = 0;
	const worker = async () => {
		while (next < order.length) {
			const index = order[next++];
			if (stopped || signal?.aborted) {
				finish(index, {
					action: 'skipped',
					key: byIndex.get(index)?.key ?? failedEarly.get(index)!.key,
					changes: {},
					error: signal?.aborted
						? { message: 'Not run: the upsert was aborted', code: 'ABORTED' }
						: {
								message: 'Not run: an earlier row failed and stop on first error is set',
								code: 'SKIPPED',
							},
				});
				continue;
			}
			const result = failedEarly.get(index) ?? (await upsertRow(run, byIndex.get(index)!));
			if (result.action === 'failed' && options.stopOnFirstError) stopped = true;
			finish(index, result);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, worker));

	const summary = Object.fromEntries(UPSERT_ACTIONS.map((a) => [a, 0])) as UpsertResult['summary'];
	summary.total = rows.length;
	for (const r of results) summary[r!.action]++;
	return { results: results as UpsertRowResult[], summary };
}

async function chooseLookup(
	ctx: { client: HumaClient; signal?: AbortSignal; concurrency: number },
	keyed: readonly Pending[],
	matchBy: UpsertMatchKey,
	choice: NonNullable<UpsertOptions['lookup']>,
): Promise<Lookup> {
	// Employment IDs are only in details: they are read for every user, which needs the list.
	// No row to match (all failed early): nothing to look up.
	if (keyed.length === 0) return searchLookup(ctx);
	const needEmploymentIds = matchBy === 'employmentId';
	if (!needEmploymentIds && (choice === 'search' || (choice === 'auto' && keyed.length <= 1)))
		return searchLookup(ctx);
	const first = await probeUsers(ctx);
	if (!needEmploymentIds && choice === 'auto' && !listIsCheaper(first.total, keyed.length))
		return searchLookup(ctx);
	return listLookup(ctx, first, needEmploymentIds);
}

function keyGuess(row: UpsertRow, matchBy: UpsertMatchKey): string {
	if (typeof row !== 'object' || row === null) return '';
	const value = (row as Record<string, unknown>)[matchBy] ?? (row as Record<string, unknown>).email;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** The row's one Huma user, or none; throws for two, or for an id no user has. */
async function matchRow(run: Run, p: Pending): Promise<FoundUser | undefined> {
	const found = await run.lookup.find(p.match, p.value);
	if (found.length > 1)
		throw new UpsertRowFailure(
			UPSERT,
			p.match,
			`"${p.key}" matches ${found.length} Huma users (${found.map((f) => f.id).join(', ')}): nothing is written for this row`,
			'AMBIGUOUS',
		);
	if (found.length === 1) return found[0];
	if (p.match === 'id')
		throw new UpsertRowFailure(UPSERT, 'id', `"${p.key}": no Huma user has this ID`, 'NOT_FOUND');
	const email = emailOf(p.parsed);
	if (p.match === 'employmentId' && email) {
		// A user created by an earlier run whose follow-up update (carrying the employment ID)
		// failed has this e-mail and no employment ID: it is this row's user.
		const byEmail = await run.lookup.find('email', emailKey(email));
		if (byEmail.length === 1) {
			const details = await run.lookup.details(byEmail[0].id);
			const eid = (details.employmentId as { value?: unknown } | undefined)?.value;
			if (typeof eid === 'string' && eid.trim())
				throw new UpsertRowFailure(
					UPSERT,
					'email',
					`"${email}" belongs to the Huma user with employment ID "${eid}", not "${p.key}": nothing is written for this row`,
					'AMBIGUOUS',
				);
			return { ...byEmail[0], details };
		}
	}
	return undefined;
}

/**
 * A group call failed after the PATCH (or the other group call) went through: the row failed,
 * but says what was written (`changes`) and what was not (`failedFields`, groups).
 */
function partlyUpdated(
	base: { id: string; key: string; changes: UpsertRowResult['changes'] },
	error: unknown,
): UpsertRowResult {
	const { groups: _groups, ...written } = base.changes;
	const out = rowError(error);
	out.message = `Updated ${Object.keys(written).join(', ') || 'some of its groups'}, but changing its groups failed (run the rows again to complete it): ${out.message}`;
	return { action: 'failed', ...base, changes: written, failedFields: ['groups'], error: out };
}

/**
 * The definitions by key; when a row names a key the cached ones lack (a field added since they
 * were read), they are read once more before that row fails.
 */
async function customDefinitions(
	client: HumaClient,
	rows: readonly Pending[],
	signal?: AbortSignal,
): Promise<Map<string, CustomFieldDefinition>> {
	const byKey = (defs: CustomFieldDefinition[]) => new Map(defs.map((d) => [d.key, d]));
	const defs = byKey(await cachedCustomFields(client, signal));
	if (rows.every((p) => Object.keys(p.parsed.custom).every((key) => defs.has(key)))) return defs;
	forgetCustomFields(client);
	return byKey(await cachedCustomFields(client, signal));
}

async function resolveRow(run: Run, p: Pending): Promise<ResolvedRow> {
	const row: ResolvedRow = {
		...p.parsed,
		customValues: checkCustomValues(run.defs, p.parsed.custom, UPSERT),
	};
	if (p.parsed.groups) row.groupRefs = run.groups!.resolve(p.parsed.groups);
	if (p.parsed.supervisor)
		row.supervisorId = await resolveSupervisor(p.parsed.supervisor, run.lookup, run.supervisors);
	return row;
}

async function upsertRow(run: Run, p: Pending): Promise<UpsertRowResult> {
	const { client, options, signal } = run;
	const dry = options.dryRun === true;
	let id: string | undefined;
	try {
		const row = await resolveRow(run, p);
		const found = await matchRow(run, p);
		if (found) {
			id = found.id;
			if (needsDetails(row, found)) found.details = await run.lookup.details(found.id);
			const plan = planUpdate(row, found, run.defs, run.groups, options.groupsMode ?? 'addMissing');
			const patch = Object.keys(plan.patch).length
				? prepareRequest(UPDATE, { id: found.id, body: plan.patch })
				: undefined;
			const writes = patch || plan.addGroups.length || plan.removeGroups.length;
			const base = { id, key: p.key, changes: plan.changes };
			if (!writes) return { action: 'unchanged', ...base };
			if (dry) return { action: 'wouldUpdate', ...base };
			let wrote = false;
			try {
				if (patch) await client.send(patch, { signal });
				wrote = patch !== undefined;
				if (plan.addGroups.length) {
					await client.call('user.addToGroups', { id: found.id, body: plan.addGroups }, { signal });
					wrote = true;
				}
				if (plan.removeGroups.length)
					await client.call(
						'user.removeFromGroups',
						{ id: found.id, body: plan.removeGroups },
						{ signal },
					);
			} catch (error) {
				if (!wrote) throw error;
				return partlyUpdated(base, error);
			}
			return { action: 'updated', ...base };
		}
		const plan = planCreate(row, options);
		const create = prepareRequest(getOperation('user.create'), { body: plan.create });
		const hasFollowUp = Object.keys(plan.followUp).length > 0;
		// Its body is checked before the user is created, so that a bad field never leaves half a
		// user; the request itself is prepared once the new user's id is known.
		if (hasFollowUp) {
			const issues = validateSchema(UPDATE.body!.schema, plan.followUp, 'body', {
				rejectUnknown: true,
			});
			if (issues.length) throw new HumaValidationError(UPDATE.name, issues);
		}
		if (dry) return { action: 'wouldCreate', key: p.key, changes: plan.changes };
		const created = (await client.send(create, { signal })) as { id: string };
		id = created.id;
		const result: UpsertRowResult = { action: 'created', id, key: p.key, changes: plan.changes };
		if (hasFollowUp) {
			try {
				await client.send(prepareRequest(UPDATE, { id, body: plan.followUp }) as PreparedRequest, {
					signal,
				});
			} catch (error) {
				result.failedFields = Object.entries(plan.followUp).flatMap(([name, value]) =>
					name === 'custom' ? Object.keys(value as object).map((k) => `custom.${k}`) : [name],
				);
				result.error = rowError(error);
				result.error.message = `Created, but updating ${result.failedFields.join(', ')} failed (run the rows again to complete it): ${result.error.message}`;
			}
		}
		return result;
	} catch (error) {
		return {
			action: 'failed',
			...(id ? { id } : {}),
			key: p.key,
			changes: {},
			error: rowError(error),
		};
	}
}
