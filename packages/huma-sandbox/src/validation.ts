// Requests are always checked against the operation's parameters and body schema (a mismatch is
// Huma's 400); in strict mode answers are checked against the spec's response schemas too.
import {
	coerceParameter,
	validateSchema,
	type OperationSpec,
	type SchemaObject,
	type ValidationIssue,
} from '@huma-integrations/huma-client';
import { invalidIssues } from './errors';

/** An answer that broke the spec, recorded in strict mode. */
export interface Violation {
	operation: string;
	status: number;
	issues: ValidationIssue[];
}

export interface OperationInput {
	params: Record<string, unknown>;
	body: unknown;
}

const ERROR_SCHEMAS: Record<number, string> = {
	400: 'InvalidFieldFormatResponse',
	401: 'InvalidTokenResponse',
	404: 'NotFoundErrorResponse',
};

/** The operation's parameters (coerced to their schema types) and parsed body; throws Huma's 400 naming every bad field. */
export function readOperationInput(
	op: OperationSpec,
	pathParams: Record<string, string>,
	search: URLSearchParams,
	raw: string,
): OperationInput {
	const params: Record<string, unknown> = {};
	const issues: ValidationIssue[] = [];
	for (const param of op.parameters) {
		let value: unknown;
		if (param.in === 'path') value = pathParams[param.name];
		else if (param.schema.type === 'array') {
			const all = search.getAll(param.name).flatMap((v) => v.split(','));
			value = all.length ? all : undefined;
		} else value = search.get(param.name) ?? undefined;
		if (value === undefined || value === '') {
			if (param.required) issues.push({ field: param.name, message: 'is required' });
			continue;
		}
		value = coerceParameter(param.schema, value);
		issues.push(...validateSchema(param.schema, value, param.name));
		params[param.name] = value;
	}
	let body: unknown;
	if (op.body) {
		if (!raw) {
			if (op.body.required) issues.push({ field: 'body', message: 'is required' });
		} else {
			try {
				body = JSON.parse(raw);
				issues.push(...validateSchema(op.body.schema, body, ''));
			} catch {
				issues.push({ field: 'body', message: 'is not valid JSON' });
			}
		}
	}
	if (issues.length) throw invalidIssues(issues);
	return { params, body };
}

/** Where an answer differs from the spec: the 200 schema, or the error schema of 400/401/404. */
export function checkResponse(
	op: OperationSpec,
	result: { status: number; body?: unknown },
): ValidationIssue[] {
	let schema: SchemaObject | undefined;
	if (result.status === 200) {
		if (!op.response) {
			return result.body === undefined
				? []
				: [{ field: 'body', message: 'must be empty: the spec declares no body' }];
		}
		schema = op.response.schema;
	} else if (ERROR_SCHEMAS[result.status]) {
		schema = { $ref: `#/components/schemas/${ERROR_SCHEMAS[result.status]}` };
	}
	return schema ? validateSchema(schema, result.body, '') : [];
}
