// The errors of user.upsert's rows and of user.findByEmail, and how a row's result carries one.
import { HumaApiError, HumaConnectionError, HumaError, HumaValidationError } from '../errors';
import type { UpsertRowError } from './types';

export type RowFailureCode = 'INVALID' | 'DUPLICATE' | 'AMBIGUOUS' | 'NOT_FOUND';

/** A row refused before any write for it: bad input, a duplicate or ambiguous key, an unknown reference. */
export class UpsertRowFailure extends HumaValidationError {
	readonly code: RowFailureCode;

	constructor(operation: string, field: string, message: string, code: RowFailureCode) {
		super(operation, [{ field, message }]);
		this.name = 'HumaValidationError';
		this.code = code;
	}
}

/** No Huma user has the e-mail (user.findByEmail). */
export class HumaUserNotFoundError extends HumaError {
	readonly code: 'NOT_FOUND' | 'AMBIGUOUS';
	readonly email: string;

	constructor(email: string, many = 0) {
		super(
			many
				? `${many} Huma users have the e-mail "${email}"; expected one`
				: `No Huma user has the e-mail "${email}"`,
			{ operation: 'user.findByEmail', method: 'GET', path: '/users' },
		);
		this.name = 'HumaUserNotFoundError';
		this.email = email;
		this.code = many ? 'AMBIGUOUS' : 'NOT_FOUND';
	}

	override toJSON(): Record<string, unknown> {
		return { ...super.toJSON(), code: this.code, email: this.email };
	}
}

/** What a row's result says of an error: always a message, never a bare TypeError. */
export function rowError(error: unknown): UpsertRowError {
	if (error instanceof UpsertRowFailure)
		return { message: error.message, field: error.issues[0]?.field, code: error.code };
	if (error instanceof HumaValidationError)
		return { message: error.message, field: error.fields[0], code: 'INVALID' };
	const out: UpsertRowError = {
		message: error instanceof Error ? error.message : String(error),
	};
	if (error instanceof HumaApiError) {
		out.code = error.errorCode ?? `HTTP_${error.status}`;
		if (error.fields.length) out.field = error.fields[0];
	}
	if (error instanceof HumaConnectionError && error.code) out.code = error.code;
	if (error instanceof HumaError && error.outcomeUnknown) out.outcomeUnknown = true;
	return out;
}
