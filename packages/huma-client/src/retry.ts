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

/** Statuses worth another attempt. 429 is safe for any method: the request was not processed. */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
	if (status === 429) return true;
	return idempotent && (status === 502 || status === 503 || status === 504);
}
