import { HumaApiError, HumaConnectionError } from './errors';
import type { HttpResponse } from './transport';

export interface RetryOptions {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Delay before the first retry; doubles each time. */
	baseDelayMs: number;
	/** Ceiling of one backoff delay. */
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the error is raised instead. */
	maxRetryAfterMs: number;
	/**
	 * Attempts in all for a request Huma keeps refusing with 429. Counted apart from
	 * `maxAttempts`: a 429 means the request was not processed, and the client waits its turn.
	 */
	maxRateLimitedAttempts: number;
}

export const DEFAULT_RETRY: RetryOptions = {
	maxAttempts: 4,
	baseDelayMs: 250,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
	maxRateLimitedAttempts: 10,
};

/** Capped exponential backoff with jitter: half the step fixed, half random. */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
	const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
	return Math.round(step / 2 + random() * (step / 2));
}

/** Reads Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const at = Date.parse(trimmed);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}

/**
 * Statuses worth another attempt: the only place that lists them. 429 is safe for any method:
 * the request was not processed.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
	if (status === 429) return true;
	return idempotent && (status === 502 || status === 503 || status === 504);
}

/**
 * Whether a call that failed after its own retries is worth making again (a list's page): Huma
 * was unreachable, limiting or overloaded, by the same statuses a request is retried for.
 */
export function isTransient(error: unknown): boolean {
	if (error instanceof HumaConnectionError)
		return error.code !== 'TIMEOUT' && error.code !== 'ABORTED';
	return error instanceof HumaApiError && isRetryableStatus(error.status, true);
}

/** Where one request stands: attempts made so far, and how many of them Huma refused with 429. */
export interface AttemptCount {
	attempt: number;
	refusals: number;
}

/** The retry rules of one client: whether and how long to wait before the next attempt. */
export class RetryPolicy {
	constructor(
		readonly options: RetryOptions,
		private readonly random: () => number,
		private readonly now: () => number,
	) {}

	/**
	 * The wait before another attempt after a network failure, or undefined when the failure is
	 * final. A request that may have reached Huma is repeated only when repeating is harmless.
	 */
	afterFailure(count: AttemptCount, idempotent: boolean, requestSent: boolean): number | undefined {
		if (count.attempt - count.refusals >= this.options.maxAttempts) return undefined;
		if (!idempotent && requestSent) return undefined;
		return backoffDelay(count.attempt, this.options, this.random);
	}

	/**
	 * The wait before another attempt after Huma's answer, or undefined when the answer is final.
	 * Attempts refused with 429 have their own budget; a Retry-After too long to wait ends it.
	 */
	afterAnswer(
		response: HttpResponse,
		count: AttemptCount,
		idempotent: boolean,
	): number | undefined {
		if (!isRetryableStatus(response.status, idempotent)) return undefined;
		const left =
			response.status === 429
				? count.refusals + 1 < this.options.maxRateLimitedAttempts
				: count.attempt - count.refusals < this.options.maxAttempts;
		if (!left) return undefined;
		const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
		if (retryAfter !== undefined && retryAfter > this.options.maxRetryAfterMs) return undefined;
		return retryAfter ?? backoffDelay(count.attempt, this.options, this.random);
	}
}
