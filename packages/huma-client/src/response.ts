import type { OperationSpec } from './catalogue-types';
import { HumaError } from './errors';
import { resolveRef } from './validate';

export type AnswerShape = 'none' | 'object' | 'array' | 'list';

/** The top-level shape the spec promises for an operation's success answer, from the catalogue. */
export function answerShape(op: OperationSpec): AnswerShape {
	// Checked on every answer: read from the catalogue once per operation.
	let shape = shapeCache.get(op);
	if (!shape) shapeCache.set(op, (shape = readAnswerShape(op)));
	return shape;
}

const shapeCache = new WeakMap<OperationSpec, AnswerShape>();

function readAnswerShape(op: OperationSpec): AnswerShape {
	if (!op.response) return 'none';
	const schema = resolveRef(op.response.schema);
	if (schema.type === 'array') return 'array';
	const items = schema.properties?.items;
	// A list envelope: { total, items: [...] }.
	if (items && resolveRef(items).type === 'array') return 'list';
	return 'object';
}

function described(body: unknown): string {
	if (body === undefined) return 'an empty body';
	if (body === null) return 'null';
	if (Array.isArray(body)) return `a list of ${body.length}`;
	if (typeof body === 'object') {
		const keys = Object.keys(body);
		return keys.length
			? `an object with ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`
			: 'an empty object';
	}
	return typeof body === 'string' ? 'text' : String(typeof body);
}

/**
 * Checks that a success answer has the shape the spec promises, so a proxy's or a broken
 * server's answer fails here with a clear error instead of as a TypeError further on.
 */
export function checkAnswer(
	op: OperationSpec,
	context: { method: string; path: string },
	body: unknown,
): unknown {
	const shape = answerShape(op);
	if (shape === 'none') return body;
	const b = body as Record<string, unknown> | null | undefined;
	const isObject = typeof b === 'object' && b !== null && !Array.isArray(b);
	const fits =
		shape === 'array'
			? Array.isArray(body)
			: shape === 'object'
				? isObject
				: isObject && Array.isArray(b!.items);
	if (fits) return body;
	const expected =
		shape === 'array'
			? 'a list'
			: shape === 'object'
				? 'an object'
				: 'a list page, an object with an "items" list';
	const found =
		shape === 'list' && isObject
			? `${described(body)}${'items' in b! ? ` (items is ${described(b!.items)})` : ''}`
			: described(body);
	throw new HumaError(
		`Huma answered ${op.name} (${context.method} ${context.path}) with ${found} where the API promises ${expected}. ` +
			'Check the base URL: something other than Huma may be answering.',
		{ operation: op.name, method: context.method, path: context.path },
	);
}
