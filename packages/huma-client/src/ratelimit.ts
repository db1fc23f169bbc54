/**
 * Shared admission control for one client. At most `maxInFlight` requests are sent at once (the
 * transport's connections): the others wait here, before their token is attached, not in the
 * transport's queue where it could expire. A 429 slows the whole client, not only the request
 * that got it:
 * - a cool-down until its Retry-After, during which no request of this client is sent;
 * - a concurrency limit that drops to one and grows back (slow start up to half the
 *   concurrency that was refused, then one more per round trip: AIMD), until it is lifted.
 * - a pace: as many requests per period as succeeded between two 429s, the period being the
 *   time from one cool-down's end to the next; one more per period while every period's
 *   requests pass, so a limit that was raised is found again.
 * Requests refused with 429 go first once the cool-down ends, so none of them starves.
 * Waits use the client's injected sleep: the core has no timers of its own.
 */

/** Once the limit has grown back this far, the 429 limit is lifted again. */
const LIFT_LIMIT = 64;

interface Waiter {
	admit: () => void;
	fail: (reason: unknown) => void;
}

/** Proof of admission; hand it back to `release`. */
export interface Admission {
	/** The limit-decrease episode this request was admitted in. */
	readonly episode: number;
}

export class RateGate {
	private limit: number;
	private threshold = Infinity;
	private inFlight = 0;
	private coolUntil = 0;
	/** Bumped each time the cool-down is extended, so a sleeper knows whether its wait still holds. */
	private coolEpoch = 0;
	private episode = 0;
	private sleeping = false;
	/** Learned from 429s: requests per period (Infinity until the first 429). */
	private quota = Infinity;
	private period = 0;
	private periodStart = 0;
	private sentInPeriod = 0;
	private refusedInPeriod = false;
	private passedSinceRefusal = 0;
	private lastCoolEnd = 0;
	private readonly queue: Waiter[] = [];

	constructor(
		private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
		private readonly now: () => number,
		private readonly maxInFlight = Infinity,
	) {
		this.limit = maxInFlight;
	}

	/** Whether requests are being held back right now (for tests and diagnostics). */
	get throttled(): boolean {
		return this.limit < this.maxInFlight || this.coolUntil > this.now();
	}

	/**
	 * Waits for this client's turn to send. `first` puts a request that was refused with 429
	 * ahead of those never sent.
	 */
	acquire(signal?: AbortSignal, first = false): Promise<Admission> | Admission {
		if (this.queue.length === 0 && this.inFlight < this.limit && this.canSend(this.now())) {
			this.inFlight++;
			this.sentInPeriod++;
			return { episode: this.episode };
		}
		return new Promise<Admission>((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index !== -1) this.queue.splice(index, 1);
				reject(signal!.reason);
			};
			const waiter: Waiter = {
				admit: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve({ episode: this.episode });
				},
				fail: reject,
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			if (first) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			this.pump();
		});
	}

	/** Ends an admission. `limited` when Huma answered 429, with how long it asked to wait. */
	release(
		admission: Admission,
		outcome: { limited: false } | { limited: true; waitMs: number },
	): void {
		this.inFlight--;
		if (outcome.limited) {
			this.coolDown(outcome.waitMs);
			this.refusedInPeriod = true;
			// Many requests of one burst are refused together: react once per episode.
			if (admission.episode === this.episode) {
				this.episode++;
				const now = this.now();
				this.quota = Math.max(1, this.passedSinceRefusal);
				this.period = this.lastCoolEnd
					? Math.max(outcome.waitMs, now + outcome.waitMs - this.lastCoolEnd)
					: outcome.waitMs;
				this.lastCoolEnd = now + outcome.waitMs;
				this.passedSinceRefusal = 0;
				// The next period starts when the cool-down ends.
				this.periodStart = this.lastCoolEnd - this.period;
				const refused = Math.min(this.limit, this.inFlight + 1);
				this.threshold = Math.max(1, Math.floor(refused / 2));
				this.limit = 1;
			}
		} else {
			this.passedSinceRefusal++;
		}
		if (!outcome.limited && this.limit < this.maxInFlight) {
			this.limit += this.limit < this.threshold ? 1 : 1 / this.limit;
			if (this.limit >= Math.min(LIFT_LIMIT, this.maxInFlight)) {
				this.limit = this.maxInFlight;
				this.threshold = Infinity;
			}
		}
		this.pump();
	}

	private coolDown(ms: number): void {
		const until = this.now() + ms;
		if (until > this.coolUntil) {
			this.coolUntil = until;
			this.coolEpoch++;
		}
	}

	/** Outside a cool-down and within the period's pace; starts a new period when one is over. */
	private canSend(now: number): boolean {
		if (this.coolUntil > now) return false;
		if (this.quota === Infinity) return true;
		if (now - this.periodStart >= this.period) {
			if (!this.refusedInPeriod && this.sentInPeriod >= this.quota) this.quota++;
			this.periodStart = now;
			this.sentInPeriod = 0;
			this.refusedInPeriod = false;
		}
		return this.sentInPeriod < this.quota;
	}

	private pump(): void {
		if (this.queue.length === 0) return;
		const now = this.now();
		const cooling = this.coolUntil - now;
		const paced = cooling <= 0 && !this.canSend(now);
		const wait = cooling > 0 ? cooling : paced ? this.periodStart + this.period - now : 0;
		if (cooling > 0 || paced) {
			if (!this.sleeping) {
				this.sleeping = true;
				const epoch = this.coolEpoch;
				// One shared sleeper wakes the queue when the cool-down or the period ends. The sleep
				// is the clock: once it has run, what it waited for is over.
				this.sleep(Math.max(1, wait)).then(
					() => {
						this.sleeping = false;
						if (cooling > 0 && epoch === this.coolEpoch) this.coolUntil = 0;
						if (paced || this.quota !== Infinity)
							this.periodStart = Math.min(this.periodStart, this.now() - this.period);
						this.pump();
					},
					(error: unknown) => {
						this.sleeping = false;
						for (const waiter of this.queue.splice(0)) waiter.fail(error);
					},
				);
			}
			return;
		}
		while (this.queue.length > 0 && this.inFlight < this.limit && this.canSend(this.now())) {
			this.inFlight++;
			this.sentInPeriod++;
			this.queue.shift()!.admit();
		}
		// The period's pace was used up with requests still waiting: wake them in the next one.
		if (this.queue.length > 0 && this.inFlight < this.limit) this.pump();
	}
}
