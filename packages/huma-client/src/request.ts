import type { OperationSpec } from './catalogue-types';
import { operations, OPERATION_NAMES } from './generated/catalogue';
import { HumaError, HumaValidationError } from './errors';
import { coerceParameter, validateSchema, type ValidationIssue } from './validate';
import { encodePathSegment } from './url';
import { pathValueProblem, userIdAliases, userIdProblem } from './path-values';

export type OperationName = (typeof OPERATION_NAMES)[number];

const byName = new Map<string, OperationSpec>(operations.map((op) => [op.name, op]));

export function getOperation(name: string): OperationSpec {
	const op = byName.get(name);
	if (!op) {
		const resource = name.split('.')[0];
		const near = operations.filter((o) => o.resource === resource).map((o) => o.name);
		throw new HumaError(
			`Unknown Huma operation "${name}": expected one of ${(near.length ? near : OPERATION_NAMES).join(', ')}`,
		);
	}
	return op;
}

export function listOperations(resource?: string): readonly OperationSpec[] {
	return resource ? operations.filter((o) => o.resource === resource) : operations;
}

export interface PreparedRequest {
	operation: OperationSpec;
	method: string;
	/** Path with parameters filled in and encoded. */
	path: string;
	/** Query string including the leading "?", or "". */
	query: string;
	body?: string;
	/** True for methods that can be repeated without changing the outcome. */
	idempotent: boolean;
}

export type RequestParams = Record<string, unknown> & { body?: unknown };

const IDEMPOTENT = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);

// The names an operation takes, built once per operation rather than on every call.
const knownCache = new WeakMap<OperationSpec, ReadonlySet<string>>();
function knownParams(op: OperationSpec): ReadonlySet<string> {
	let known = knownCache.get(op);
	if (!known) {
		const names = new Set(op.parameters.map((p) => p.name));
		if (op.body) names.add('body');
		knownCache.set(op, (known = names));
	}
	return known;
}

/**
 * Checks params against the operation's spec and builds the request.
 * Throws HumaValidationError listing every problem; nothing is sent then.
 */
export function prepareRequest(op: OperationSpec, params: RequestParams = {}): PreparedRequest {
	const issues: ValidationIssue[] = [];
	const known = knownParams(op);
	for (const key of Object.keys(params)) {
		if (!known.has(key) && params[key] !== undefined) {
			issues.push({
				field: key,
				message: known.size
					? `is not a parameter of ${op.name}; expected one of ${[...known].join(', ')}`
					: `is not a parameter of ${op.name}, which takes none`,
			});
		}
	}

	let path = op.path;
	let query: URLSearchParams | undefined;
	for (const param of op.parameters) {
		let value = coerceParameter(param.schema, params[param.name]);
		if (value === '' && param.in === 'query') value = undefined;
		if (value === undefined || value === null || value === '') {
			if (param.required) issues.push({ field: param.name, message: 'is required' });
			continue;
		}
		if (Array.isArray(value) && value.length === 0 && !param.required) continue;
		const found = validateSchema(param.schema, value, param.name);
		if (param.in === 'path' && !found.length) {
			const problem = pathValueProblem(String(value));
			if (problem) found.push({ field: param.name, message: problem });
		}
		const aliases = found.length ? undefined : userIdAliases(param);
		if (aliases) {
			const values = Array.isArray(value) ? value : [value];
			values.forEach((v, i) => {
				const problem = userIdProblem(aliases, v);
				if (problem)
					found.push({
						field: Array.isArray(value) ? `${param.name}[${i}]` : param.name,
						message: problem,
					});
			});
		}
		issues.push(...found);
		if (found.length) continue;
		if (param.in === 'path') {
			path = path.replace(`{${param.name}}`, encodePathSegment(String(value)));
		} else if (Array.isArray(value)) {
			query ??= new URLSearchParams();
			// Spring reads repeated keys as a list: ?team=a&team=b
			for (const item of value) query.append(param.name, String(item));
		} else {
			query ??= new URLSearchParams();
			query.append(param.name, String(value));
		}
	}

	let body: string | undefined;
	if (op.body) {
		if (params.body === undefined || params.body === null) {
			if (op.body.required) issues.push({ field: 'body', message: 'is required' });
		} else {
			issues.push(...validateSchema(op.body.schema, params.body, 'body', { rejectUnknown: true }));
			body = JSON.stringify(params.body);
		}
	}

	if (issues.length) throw new HumaValidationError(op.name, issues);
	const qs = query?.toString();
	return {
		operation: op,
		method: op.method,
		path,
		query: qs ? `?${qs}` : '',
		body,
		idempotent: IDEMPOTENT.has(op.method),
	};
}
