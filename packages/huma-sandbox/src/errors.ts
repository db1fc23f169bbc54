// Huma's error answers, in the shapes the spec gives them.

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
