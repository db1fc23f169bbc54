// Lists answer either a plain array or a `{ total, items }` envelope (the paged lists, and
// jubilees, which has the envelope without paging). Integrations hand both on as the same thing.
import type { OperationSpec } from './catalogue-types';
import { resolveRef } from './validate';

/** True when the operation answers a `{ total, items }` envelope. */
export function answersEnvelope(op: OperationSpec): boolean {
	if (!op.response) return false;
	const schema = resolveRef(op.response.schema);
	return (
		schema.type === 'object' &&
		resolveRef(schema.properties?.items ?? {}).type === 'array' &&
		Boolean(schema.properties?.total)
	);
}

/** True when the operation answers a list: an array or a `{ total, items }` envelope. */
export function answersList(op: OperationSpec): boolean {
	if (!op.response) return false;
	return resolveRef(op.response.schema).type === 'array' || answersEnvelope(op);
}

/** A list operation's answer as its array of items (an envelope's `items`); other answers unchanged. */
export function listItems(op: OperationSpec, result: unknown): unknown {
	if (
		answersEnvelope(op) &&
		typeof result === 'object' &&
		result !== null &&
		Array.isArray((result as { items?: unknown }).items)
	) {
		return (result as { items: unknown[] }).items;
	}
	return result;
}

/** `limit` and `offset` of a paged list: the client pages by itself, so editors leave them out. */
export function isPagingParameter(op: Pick<OperationSpec, 'paged'>, name: string): boolean {
	return Boolean(op.paged) && (name === 'limit' || name === 'offset');
}
