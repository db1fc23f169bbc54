import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

type ParameterReader = Pick<IExecuteFunctions, 'getNodeParameter'>;

/** Whether a parameter's stored value holds an expression anywhere (n8n's mark: a leading "="). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null)
		return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * `getNodeParameter` for the items of one execution that reads a parameter holding no
 * expression only once: without an expression its value is the same for every item, so the
 * first item's (read, resolved and checked by n8n as usual) is every item's. A parameter with an
 * expression anywhere in it is read, and evaluated, for each item. Only plain values (strings,
 * numbers, booleans) are kept: n8n hands out a fresh object per read, which callers may change.
 * A read that throws is not kept, so each item meets its own error.
 */
export function readOncePerExecution(ctx: ParameterReader): ParameterReader {
	const fixed = new Map<string, unknown>();
	const read = (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IGetNodeParameterOptions,
	): unknown => {
		const keepable =
			(fallback === undefined || typeof fallback !== 'object') && !options?.rawExpressions;
		const key = `${name}\u0000${options?.extractValue ? 1 : 0}\u0000${typeof fallback}:${String(fallback)}`;
		if (keepable && fixed.has(key)) return fixed.get(key);
		const value: unknown = ctx.getNodeParameter(name, itemIndex, fallback, options);
		if (
			keepable &&
			(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
			!holdsExpression(ctx.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true }))
		)
			fixed.set(key, value);
		return value;
	};
	return { getNodeParameter: read as ParameterReader['getNodeParameter'] };
}
