import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	bodyValue,
	describeError,
	HumaApiError,
	HumaError,
	HumaValidationError,
	answerIsSimplifiable,
	decisionsFor,
	idListValue,
	listItems,
	prepareRequest,
	simplify,
	type HumaClient,
	type PreparedRequest,
	type OperationSpec,
	type PagedOperationName,
} from '@huma-integrations/huma-client';
import {
	bodyLayout,
	hasOwnField,
	locatorFor,
	operationFor,
	optionalParameters,
	optionalParametersName,
} from '../shared/fieldLayout';
import { humaClient } from '../transport';
import { deadlineOf } from '../shared/requestOptions';
import { isComposite, type CompositeOperation } from '../composite/operations';
import { COMPOSITE_EXECUTORS } from '../composite/execute';
import { forEachPooled } from '../shared/pool';
import { readOncePerExecution } from '../shared/parameters';

const isEmpty = (v: unknown) =>
	v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Reads the node's fields for one item into the core's parameters, by the shared field layout;
 * each body value as the core's field rules read it, as Node-RED's runtime does.
 */
export function gatherParams(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter'>,
	op: OperationSpec,
	i: number,
): Record<string, unknown> {
	const params: Record<string, unknown> = {};
	for (const p of op.parameters) {
		if (!hasOwnField(op, p)) continue;
		const value = ctx.getNodeParameter(
			p.name,
			i,
			undefined,
			locatorFor(op, p) ? { extractValue: true } : undefined,
		);
		if (!isEmpty(value)) params[p.name] = value;
	}
	const optional = optionalParameters(op);
	if (optional.length) {
		const values = ctx.getNodeParameter(optionalParametersName(op), i, {}) as IDataObject;
		for (const p of optional) if (!isEmpty(values[p.name])) params[p.name] = values[p.name];
	}
	const body = bodyLayout(op);
	if (body.kind === 'idList') {
		params.body = idListValue(op, ctx.getNodeParameter(body.field, i));
	} else if (body.kind === 'object') {
		const out: Record<string, unknown> = {};
		for (const f of body.required) out[f.name] = bodyValue(op, f, ctx.getNodeParameter(f.name, i));
		const extra = ctx.getNodeParameter(body.collection, i, {}) as IDataObject;
		for (const f of body.optional)
			if (!isEmpty(extra[f.name])) out[f.name] = bodyValue(op, f, extra[f.name]);
		params.body = out;
	}
	return params;
}

/** Every list becomes one item per entry (a `{ total, items }` envelope too); plain values (public holidays) are wrapped. */
function asItems(op: OperationSpec, result: unknown): IDataObject[] {
	if (result === undefined || result === null) return [{ success: true }];
	result = listItems(op, result);
	if (Array.isArray(result)) {
		const key = decisionsFor(op).valueKey ?? 'value';
		return result.map((r) =>
			typeof r === 'object' && r !== null ? (r as IDataObject) : { [key]: r },
		);
	}
	return [result as IDataObject];
}

/** One item's request, read from its fields and checked against the spec, not yet sent. */
interface CheckedItem {
	op: OperationSpec;
	params: Record<string, unknown>;
	/** Everything but paged lists, whose pages the client builds itself. */
	prepared?: PreparedRequest;
	/** Paged lists: how many items to collect (undefined for all). */
	maxItems?: number;
	simplify: boolean;
	/** Overall time limit of each call, from the Request Options. */
	deadlineMs?: number;
}

/** `parameters` reads the node's fields (readOncePerExecution); `ctx` names the node in errors. */
function checkItem(
	ctx: IExecuteFunctions,
	parameters: Pick<IExecuteFunctions, 'getNodeParameter'>,
	i: number,
): CheckedItem {
	const resource = parameters.getNodeParameter('resource', i) as string;
	const operation = parameters.getNodeParameter('operation', i) as string;
	const op = operationFor(resource, operation);
	if (!op)
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" is not known for resource "${resource}"`,
			{ itemIndex: i },
		);
	const params = gatherParams(parameters, op, i);
	// Both throw HumaValidationError naming every bad field.
	if (op.paged) {
		// A page size stands in for the paging the client adds.
		prepareRequest(op, { ...params, limit: 1 });
		const returnAll = parameters.getNodeParameter('returnAll', i) as boolean;
		return {
			op,
			params,
			maxItems: returnAll ? undefined : (parameters.getNodeParameter('limit', i) as number),
			simplify: false,
			deadlineMs: deadlineOf(parameters, i),
		};
	}
	return {
		op,
		params,
		prepared: prepareRequest(op, params),
		simplify:
			answerIsSimplifiable(op) && (parameters.getNodeParameter('simplify', i, true) as boolean),
		deadlineMs: deadlineOf(parameters, i),
	};
}

async function sendItem(client: HumaClient, item: CheckedItem): Promise<IDataObject[]> {
	const { op, params, prepared } = item;
	if (!prepared) {
		const items = await client.listAll(op.name as PagedOperationName, params as never, {
			maxItems: item.maxItems,
			deadlineMs: item.deadlineMs,
		});
		return items as unknown as IDataObject[];
	}
	let result = await client.send(prepared, { deadlineMs: item.deadlineMs });
	if (item.simplify) result = simplify(result);
	return asItems(op, result);
}

/** A core error as the n8n error that shows it best (the polling trigger uses it too). */
export function toNodeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex?: number,
): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof HumaApiError) {
		return new NodeApiError(ctx.getNode(), error.toJSON() as JsonObject, {
			message: error.message,
			description: error.fields.length
				? `Invalid fields: ${error.fields.join(', ')}`
				: error.humaMessage,
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (error instanceof HumaValidationError) {
		return new NodeOperationError(ctx.getNode(), error.message, {
			itemIndex,
			description: error.issues.map((issue) => `${issue.field} ${issue.message}`).join('\n'),
		});
	}
	if (error instanceof HumaError)
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export async function executeHuma(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// The operation is not an expression (noDataExpression): the first item's is every item's.
	if (items.length) {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (isComposite(resource, operation))
			return COMPOSITE_EXECUTORS[operation as CompositeOperation['value']].call(this);
	}
	const results: INodeExecutionData[][] = new Array(items.length);
	const failed = (i: number, error: unknown) => {
		if (!this.continueOnFail()) throw toNodeError(this, error, i);
		results[i] = [
			{ json: { error: describeError(error) as IDataObject }, pairedItem: { item: i } },
		];
	};

	// Every item's input is read and checked before the first request: bad input in the last item
	// stops the node before the first item has changed anything in Huma.
	// Fields without an expression are read once, not once per item.
	const parameters = readOncePerExecution(this);
	const checked: (CheckedItem | undefined)[] = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			checked[i] = checkItem(this, parameters, i);
		} catch (error) {
			failed(i, error);
		}
	}

	const client = await humaClient(this);
	await forEachPooled(items.length, async (i) => {
		const item = checked[i];
		if (!item) return;
		try {
			results[i] = this.helpers.constructExecutionMetaData(
				this.helpers.returnJsonArray(await sendItem(client, item)),
				{ itemData: { item: i } },
			);
		} catch (error) {
			failed(i, error);
		}
	});
	return [results.flat()];
}
