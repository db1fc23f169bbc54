// Huma's error answers, in the shapes the spec gives them.
import type { ValidationIssue } from '@huma-integrations/huma-client';

/** Thrown by handlers, auth and request checks; the server answers it as `status` with `body`. */
export class ApiFault extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`sandbox answered ${status}`);
	}
}

export const invalidFields = (fields: string[], message = 'Invalid field Format') =>
	new ApiFault(400, { errorCode: 'field:invalid-format', errorMessage: message, fields });

/** Huma's 400 naming every field at fault once, each issue's message in `errorMessage`. */
export const invalidIssues = (issues: ValidationIssue[]) =>
	invalidFields(
		[...new Set(issues.map((i) => i.field || 'body'))],
		`Invalid field Format: ${issues.map((i) => `${i.field || 'body'} ${i.message}`).join('; ')}`,
	);

export const notFound = (type: string, id: string) =>
	new ApiFault(404, {
		errorCode: 'object:not-found',
		errorMessage: 'Object not found',
		interpolations: { type, id },
	});

/** A 500 answer, as Huma's Spring back end words it. */
export function serverError(message: string, path: string) {
	return {
		timestamp: new Date().toISOString(),
		status: 500,
		error: 'Internal Server Error',
		message,
		path,
	};
}
