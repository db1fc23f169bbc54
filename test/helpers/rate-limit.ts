// The shared-rate-limit check the real-engine tests make (issue: one rate limit per API key):
// the sandbox limited to RATE requests per second for every key, then what the run cost.
import type { RunningSandbox } from '@huma-integrations/huma-sandbox';

export const RATE = 10;

/** Limits the sandbox to RATE requests per 1 s window and starts counting from zero. */
export function limitSandbox(running: RunningSandbox): void {
	running.sandbox.setFaults({ rateLimit: { requests: RATE, windowMs: 1000 } });
	running.sandbox.resetCounters();
}

/**
 * What `calls` requests of `operation` cost: the time against the least the limit allows (the
 * first window's requests go at once, each further window admits RATE more) and the share of
 * all requests Huma answered 429.
 */
export function rateOutcome(running: RunningSandbox, operation: string, calls: number, ms: number) {
	const counters = running.sandbox.counters;
	const minimumMs = (Math.ceil(calls / RATE) - 1) * 1000;
	const refused = counters.byStatus['429'] ?? 0;
	return {
		sent: counters.byOperation[operation] ?? 0,
		requests: counters.requests,
		refused,
		refusedShare: refused / counters.requests,
		timeRatio: ms / minimumMs,
		summary: `${calls} ${operation} in ${(ms / 1000).toFixed(1)} s vs ${minimumMs / 1000} s minimum (${(ms / minimumMs).toFixed(2)}x); ${refused} of ${counters.requests} requests answered 429 (${((100 * refused) / counters.requests).toFixed(1)}%)`,
	};
}
