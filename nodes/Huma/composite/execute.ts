// The run of the operations made of several calls (operations.ts): the core does the work
// (upsertUsers, findUserByEmail); this reads the node's fields into it and its answer into items.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	ResourceMapperValue,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	describeError,
	isBlank,
	findUserByEmail,
	upsertUsers,
	type UpsertMatchKey,
	type UpsertOptions,
	type UpsertRow,
	type UpsertRowResult,
} from '@huma-integrations/huma-client';
import { humaClient } from '../transport';
import { toNodeError } from '../actions/execute';
import type { CompositeOperation } from './operations';
import { forEachPooled } from '../shared/pool';

/** The execution's cancel signal, where this n8n has one. */
const cancelSignal = (ctx: IExecuteFunctions): AbortSignal | undefined =>
	(
		ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }
	).getExecutionCancelSignal?.();

/**
 * The mapper's setting for an item, read whole: n8n then checks no value against the column
 * types (a 'columns.value' read would fail the whole node at one row's enum value that is not an
 * option); the core checks every row's values instead and fails only that row, naming the field.
 */
const mapperOf = (ctx: IExecuteFunctions, i: number) =>
	(ctx.getNodeParameter('columns', i) ?? {}) as unknown as Partial<ResourceMapperValue>;

/** A value as two names of one column are compared: text trimmed, as the core reads it. */
const sameText = (v: unknown) => JSON.stringify(typeof v === 'string' ? v.trim() : v);

/** An item whose fields cannot be read as one row: it fails alone, naming the Huma field. */
class UnreadableItem extends NodeOperationError {
	constructor(
		ctx: IExecuteFunctions,
		itemIndex: number,
		readonly field: string,
		message: string,
	) {
		super(ctx.getNode(), message, { itemIndex });
	}
}

/**
 * One input item's row, in Huma's field names. Mapped below: the mapper's values. Mapped
 * automatically: the item's fields whose name is a column's ID or label (any case). A blank value
 * is no value: it never clears a field in Huma.
 */
function rowOf(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): UpsertRow {
	const mapper = mapperOf(ctx, i);
	let source: IDataObject;
	if (mapper.mappingMode === 'autoMapInputData' && !mapper.schema?.length) {
		// No columns loaded with the workflow: the item's fields are taken as Huma's field names.
		source = item.json;
	} else if (mapper.mappingMode === 'autoMapInputData') {
		const byName = new Map<string, string>();
		for (const field of mapper.schema ?? []) {
			byName.set(field.id.toLowerCase(), field.id);
			byName.set(field.displayName.toLowerCase(), field.id);
		}
		source = {};
		const from: Record<string, string> = {};
		for (const [name, value] of Object.entries(item.json)) {
			// Names trimmed: spreadsheet headers often carry spaces ("Email ").
			const id = byName.get(name.trim().toLowerCase());
			if (!id || isBlank(value)) continue;
			if (Object.hasOwn(source, id) && sameText(source[id]) !== sameText(value))
				throw new UnreadableItem(
					ctx,
					i,
					id,
					`"${from[id]}" and "${name}" both map to ${id}, with different values: give one of them`,
				);
			source[id] = value;
			from[id] = name;
		}
	} else {
		source = (mapper.value ?? {}) as IDataObject;
	}
	// Blank values are left to the core, which skips them (parseRow).
	return source as UpsertRow;
}

function upsertOptions(ctx: IExecuteFunctions): UpsertOptions {
	const matching = mapperOf(ctx, 0).matchingColumns ?? [];
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const text = (v: unknown) => (isBlank(v) ? undefined : String(v));
	return {
		matchBy: (matching[0] ?? 'email') as UpsertMatchKey,
		dryRun: o.dryRun === true,
		invite: o.invite === true,
		inviteSubject: text(o.inviteSubject),
		inviteMessage: text(o.inviteMessage),
		inviteLanguage: text(o.inviteLanguage),
		groupsMode: o.groupsMode === 'exactly' ? 'exactly' : 'addMissing',
		stopOnFirstError: o.stopOnFirstError === true,
		signal: cancelSignal(ctx),
	};
}

/** A row's result as its output item's data. */
function resultJson(result: UpsertRowResult): IDataObject {
	const json: IDataObject = {
		action: result.action,
		key: result.key,
		...(result.id !== undefined ? { id: result.id } : {}),
		changes: result.changes as IDataObject,
	};
	if (result.error) json.error = { ...result.error };
	if (result.failedFields?.length) json.failedFields = result.failedFields;
	return json;
}

/**
 * User → Create or Update: every input item is a row of one batch (the existing users are looked
 * up once for all of them). One output item per input item, its pairedItem kept. A failed row is an
 * item with `error` and the other rows go on; with Stop on First Error the node fails at it instead
 * (unless Continue On Fail, which outputs it and the rows skipped after it).
 */
export async function executeUpsert(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (!items.length) return [[]];
	// An item whose fields cannot be read as one row fails alone (its place kept by a row the
	// core refuses, whose result is then replaced), or fails the node without Continue On Fail.
	const unreadable = new Map<number, UnreadableItem>();
	const rows = items.map((item, i) => {
		try {
			return rowOf(this, item, i);
		} catch (error) {
			if (!(error instanceof UnreadableItem) || !this.continueOnFail())
				throw toNodeError(this, error, i);
			unreadable.set(i, error);
			return null as unknown as UpsertRow;
		}
	});
	const options = upsertOptions(this);
	const client = await humaClient(this);
	let outcome;
	try {
		outcome = await upsertUsers(client, rows, options);
	} catch (error) {
		if (!this.continueOnFail()) throw toNodeError(this, error);
		return [
			items.map((_, i) => ({
				json: { error: describeError(error) as IDataObject },
				pairedItem: { item: i },
			})),
		];
	}
	const failedAt = outcome.results.findIndex((r) => r.action === 'failed');
	if (failedAt >= 0 && options.stopOnFirstError && !this.continueOnFail()) {
		const failed = outcome.results[failedAt];
		throw new NodeOperationError(this.getNode(), failed.error?.message ?? 'The row failed', {
			itemIndex: failedAt,
			description: `Row ${failedAt + 1} (${failed.key}) failed${failed.error?.field ? ` at ${failed.error.field}` : ''}; the rows after it were skipped.`,
		});
	}
	for (const [i, error] of unreadable) {
		outcome.results[i] = {
			action: 'failed',
			key: '',
			changes: {},
			error: { message: error.message, field: error.field, code: 'INVALID' },
		};
	}
	return [
		outcome.results.map((result, i) => ({ json: resultJson(result), pairedItem: { item: i } })),
	];
}

/** User → Find by E-Mail: one item per input item, or none when nothing is found and that is asked for. */
export async function executeFindByEmail(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// One list per item, in the items' order, whichever finishes first.
	const out: INodeExecutionData[][] = Array.from({ length: items.length }, () => []);
	const client = await humaClient(this);
	await forEachPooled(items.length, async (i) => {
		try {
			// An empty or malformed e-mail is refused by the core, naming the field.
			const email = String(this.getNodeParameter('email', i) ?? '');
			const nothingIfNotFound = this.getNodeParameter(
				'returnNothingIfNotFound',
				i,
				false,
			) as boolean;
			const user = await findUserByEmail(client, email, {
				nothingIfNotFound,
				signal: cancelSignal(this),
			});
			// No user is an error from the core (HumaUserNotFoundError) unless nothingIfNotFound.
			if (user) out[i].push({ json: user as unknown as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, i);
			out[i].push({
				json: { error: describeError(error) as IDataObject },
				pairedItem: { item: i },
			});
		}
	});
	return [out.flat()];
}

/** Each composite operation's run, by its operation value. */
export const COMPOSITE_EXECUTORS: Record<
	CompositeOperation['value'],
	(this: IExecuteFunctions) => Promise<INodeExecutionData[][]>
> = { upsert: executeUpsert, findByEmail: executeFindByEmail };
