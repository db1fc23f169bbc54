/**
 * An overall time limit for one call, retries, back-off, rate-limit waits and token requests
 * included. It is enforced through the signal handed to the transport, so a server that
 * stalls or trickles bytes cannot keep a call alive past it. The timer is the client's
 * injected sleep: the core has no timers of its own.
 */
export class DeadlineExceeded extends Error {
	constructor(readonly deadlineMs: number) {
		super(`the deadline of ${formatDeadline(deadlineMs)} passed`);
		this.name = 'DeadlineExceeded';
	}
}

/**
 * The deadline a call from a flow or workflow starts with, in seconds: Node-RED applies it when
 * the config node's Deadline is blank; n8n's Request Options > Deadline starts at it when added.
 * (Unset in n8n means none: n8n's own execution timeout bounds a workflow there, while nothing
 * bounds a Node-RED message.)
 */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** A Deadline setting in seconds as ms: blank gives `whenBlank` (seconds); 0 or less is none. */
export function deadlineMsOf(seconds: unknown, whenBlank?: number): number | undefined {
	const value =
		seconds === undefined || seconds === null || seconds === '' ? whenBlank : Number(seconds);
	return value !== undefined && Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

export function formatDeadline(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Why a deadline's timer stops: the call is over (never surfaces; the timer's sleep ignores it). */
const CALL_OVER = new Error('the call is over');

export class Deadline {
	/** Aborts when the caller aborts or the deadline passes, whichever comes first. */
	readonly signal: AbortSignal;
	private readonly at: number;
	private readonly timer = new AbortController();
	private readonly expiry = new AbortController();
	/** Takes the call's listener off the caller's signal. */
	private release?: () => void;

	constructor(
		readonly ms: number,
		private readonly now: () => number,
		sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
		callerSignal?: AbortSignal,
	) {
		this.at = now() + ms;
		this.expireAfter(ms, sleep);
		this.signal = callerSignal ? this.either(callerSignal) : this.expiry.signal;
	}

	/**
	 * A signal that aborts when the caller's does or the deadline passes, whichever comes first.
	 * Not AbortSignal.any: on Node 20 that registers every call's signal on the caller's (a
	 * list's, for each of its thousands of pages) until garbage collection finds it; this
	 * listener goes when the call does.
	 */
	private either(caller: AbortSignal): AbortSignal {
		const both = new AbortController();
		if (caller.aborted) {
			both.abort(caller.reason);
			return both.signal;
		}
		const onCaller = () => both.abort(caller.reason);
		caller.addEventListener('abort', onCaller, { once: true });
		this.expiry.signal.addEventListener('abort', () => both.abort(this.expiry.signal.reason), {
			once: true,
		});
		this.release = () => caller.removeEventListener('abort', onCaller);
		return both.signal;
	}

	/**
	 * Aborts once the clock says the deadline passed. Node's timers count whole milliseconds of
	 * another clock than `Date.now()`, so a timer can fire when `Date.now()` says up to 1 ms less
	 * passed: it is asked for 1 ms more. Whatever is still left then (the wall clock was slowed or
	 * set back) is waited for again, or a call that only the deadline can end would never end.
	 * A sleep that returns without the clock moving (a test's instant sleep) does not end the
	 * call: the clock decides.
	 */
	private expireAfter(
		ms: number,
		sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
	): void {
		const started = this.now();
		sleep(ms + 1, this.timer.signal).then(
			() => {
				if (this.timer.signal.aborted) return;
				const left = this.remaining();
				if (left <= 0) this.expiry.abort(new DeadlineExceeded(this.ms));
				else if (this.now() > started) this.expireAfter(left, sleep);
			},
			() => undefined,
		);
	}

	/** Milliseconds left; zero or less once passed. */
	remaining(): number {
		return this.at - this.now();
	}

	get passed(): boolean {
		return this.expiry.signal.aborted || this.remaining() <= 0;
	}

	/** Stops the timer once the call is over. */
	dispose(): void {
		// A reason of our own: without one, abort() builds a DOMException (and its stack) per call.
		this.timer.abort(CALL_OVER);
		this.release?.();
	}
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return promise;
	if (signal.aborted) return Promise.reject(signal.reason);
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}
