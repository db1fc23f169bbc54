/**
 * Admission control for one API key. At most `maxInFlight` requests are sent at once (the
 * transport's connections): the others wait here, before their token is attached, not in the
 * transport's queue where it could expire. A key starts with a window of INITIAL_WINDOW requests
 * in flight that grows by half a request per answer (1.5x per round trip), so a first burst meets
 * an unknown limit with a few requests, not with all of them: what is in flight when the first
 * 429 comes back is refused too, and a window growing by one per answer had twice the limit out
 * by then (bench/load.js: 17 of 27 refused at 10/s). A 429 slows every request of the key:
 * - a cool-down until its Retry-After, during which none is sent;
 * - until a pace is known, a concurrency limit that drops to one and grows back (slow start up
 *   to half the concurrency that was refused, then one more per round trip: AIMD);
 * - a pace, learned once MIN_EVIDENCE requests passed before a 429, or a second 429 follows
 *   within CONFIRM_PERIODS (a lone 429 may be a passing event): the requests that passed within
 *   one period (the Retry-After) before the 429 are the quota, and no more than the quota is
 *   sent within any period (a sliding log, with a margin for the clocks). The pace is kept: one
 *   more per period is tried only after PROBE_PERIODS clean periods, twice as long after each
 *   try that met a 429, so a raised limit is found again without probing it over and over.
 * A pace can also be set (`requestsPerSecond`), e.g. a share of the key's limit per process; a
 * learned pace never goes above it. It is fixed for the gate's life: clients with another setting
 * get a gate of their own (rate-sharing.ts keys gates by it).
 * Requests refused with 429 go first once the cool-down ends, so none of them starves.
 * Waits use the client's injected sleep: the core has no timers of its own.
 */

/** Once the limit has grown back this far, the 429 limit is lifted again. */
const LIFT_LIMIT = 64;
/** Requests in flight before anything is known of the limit. */
const INITIAL_WINDOW = 8;
/** Growth of that window per answer until the first 429. */
const INITIAL_GROWTH = 0.5;
/** Clean periods at the learned pace before one more request per period is tried. */
const PROBE_PERIODS = 8;
const MAX_PROBE_PERIODS = 256;
/** Added to the period between requests `quota` apart: for the way there and the two clocks. */
const MARGIN = 0.03;
const MAX_MARGIN = 0.16;
const MIN_MARGIN_MS = 20;
/** A second 429 within this many periods of the first teaches a pace. */
const CONFIRM_PERIODS = 10;
/** Requests passed within a period that make a first 429 worth learning from. */
const MIN_EVIDENCE = 4;
/** Passed requests remembered to learn a pace from (their admission times; up to twice as many). */
const PASSED_LOG = 4096;

interface Waiter {
	admit: () => void;
	fail: (reason: unknown) => void;
}

/** Proof of admission; hand it back to `release`. */
export interface Admission {
	/** The limit-decrease episode this request was admitted in. */
	readonly episode: number;
	/** When it was admitted. */
	readonly at: number;
}

export interface RateGateOptions {
	/** A pace never to exceed, in requests per second; learned from 429s when left out. */
	requestsPerSecond?: number;
}

type Outcome = { limited: false } | { limited: true; waitMs: number };

/** What clients sharing a key call on the gate (rate-sharing.ts keeps one per key). */
export interface SharedRateGate {
	acquire(signal?: AbortSignal, first?: boolean): Promise<Admission> | Admission;
	release(admission: Admission, outcome: Outcome): void;
	/** A client joins with its transport's connections (its pace setting is the gate's own). */
	join(maxInFlight: number | undefined): void;
	readonly throttled: boolean;
}

export class RateGate implements SharedRateGate {
	private maxInFlight: number;
	private limit: number;
	private threshold = Infinity;
	private inFlight = 0;
	private coolUntil = 0;
	/** Bumped each time the cool-down is extended, so a sleeper knows whether its wait still holds. */
	private coolEpoch = 0;
	private episode = 0;
	private sleeping = false;
	/** Requests per period: Infinity until a 429 teaches one or `requestsPerSecond` sets one. */
	private quota = Infinity;
	private period = 0;
	/** The set pace, requests per ms; Infinity when none. */
	private ceiling = Infinity;
	/** Admission times of the last `quota` requests sent. */
	private sends: number[] = [];
	/** Admission times of requests that passed, to learn a quota from. */
	private passed: number[] = [];
	private paceSince = 0;
	private lastRefusal = -Infinity;
	private probeEvery = PROBE_PERIODS;
	private probed = false;
	/** A pace that held before a 429 lowered it: grown back to one period at a time. */
	private regrowTo = 0;
	/** Share of the period added to it when spacing requests. */
	private margin = MARGIN;
	private readonly queue: Waiter[] = [];

	constructor(
		private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
		private readonly now: () => number,
		maxInFlight = Infinity,
		options: RateGateOptions = {},
	) {
		this.maxInFlight = maxInFlight;
		this.limit = Math.min(INITIAL_WINDOW, maxInFlight);
		const rps = options.requestsPerSecond;
		if (rps && rps > 0) {
			this.ceiling = rps / 1000;
			this.quota = Math.max(1, Math.floor(rps));
			this.period = this.quota / this.ceiling;
			this.paceSince = now();
		}
	}

	join(maxInFlight: number | undefined): void {
		// Clients sharing the gate may each have their own connections: it admits as many as the largest.
		if (maxInFlight !== undefined && maxInFlight > this.maxInFlight) this.maxInFlight = maxInFlight;
	}

	/** Whether requests are being held back right now (for tests and diagnostics). */
	get throttled(): boolean {
		return this.limit < this.maxInFlight || this.coolUntil > this.now();
	}

	/**
	 * Waits for this key's turn to send. `first` puts a request that was refused with 429
	 * ahead of those never sent.
	 */
	acquire(signal?: AbortSignal, first = false): Promise<Admission> | Admission {
		if (this.queue.length === 0 && this.inFlight < this.limit && this.canSend(this.now())) {
			return this.admit();
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
					resolve(this.admit());
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
	release(admission: Admission, outcome: Outcome): void {
		this.inFlight--;
		if (outcome.limited) {
			this.coolDown(outcome.waitMs);
			// Many requests of one burst are refused together: react once per episode.
			if (admission.episode === this.episode) {
				this.episode++;
				// A 429 after a few passed shows a limit; a lone 429 is learned from once a second follows.
				const now = this.now();
				const soon = CONFIRM_PERIODS * Math.max(outcome.waitMs, this.period);
				const evidence = this.passedWithin(Math.max(outcome.waitMs, this.period), now);
				const paced = this.quota !== Infinity;
				if (paced || evidence >= MIN_EVIDENCE || now - this.lastRefusal <= soon)
					this.learn(outcome.waitMs);
				this.lastRefusal = now;
				// Without a pace yet, fewer requests at once; with one, the pace holds them back.
				if (!paced) {
					const refused = Math.min(this.limit, this.inFlight + 1);
					this.threshold = Math.max(1, Math.floor(refused / 2));
					this.limit = 1;
				}
			}
		} else {
			this.passed.push(admission.at);
			// Trimmed at twice the size, not on each answer: a splice per request on the hot path moved
			// the whole log every time; this moves it once per PASSED_LOG answers.
			if (this.passed.length > 2 * PASSED_LOG)
				this.passed.splice(0, this.passed.length - PASSED_LOG);
		}
		if (!outcome.limited && this.limit < this.maxInFlight) {
			if (this.lastRefusal === -Infinity) this.limit += INITIAL_GROWTH;
			else this.limit += this.limit < this.threshold ? 1 : 1 / this.limit;
			if (this.limit >= Math.min(LIFT_LIMIT, this.maxInFlight)) {
				this.limit = this.maxInFlight;
				this.threshold = Infinity;
			}
		}
		this.pump();
	}

	/**
	 * The pace from a 429. The first: what passed within one period before it. After a try at a
	 * faster pace: the pace before it. After the whole pace passed: the clocks drift, so a wider
	 * margin (up to MAX_MARGIN). Otherwise the pace was too fast (it was learned from requests of
	 * two windows, or the key is used elsewhere too): what passed, a quarter slower at most.
	 */
	private learn(waitMs: number): void {
		const now = this.now();
		this.period = Math.max(this.period, waitMs, 1);
		const passed = this.passedWithin(this.period, now);
		let quota: number;
		// A first pace from few requests (they waited for a token, say) is no measure of the limit.
		if (this.quota === Infinity) quota = Math.max(passed, MIN_EVIDENCE);
		else if (this.probed) {
			quota = this.quota - 1;
			this.probeEvery = Math.min(MAX_PROBE_PERIODS, this.probeEvery * 2);
		} else if (passed >= this.quota && this.margin < MAX_MARGIN) {
			// The whole pace passed, and yet a 429: the clocks. The same pace, spaced wider.
			quota = this.quota;
			this.margin = Math.min(MAX_MARGIN, this.margin * 2);
		} else {
			// Back up to just below this pace, one more per clean period, before trying beyond it
			// (a 429 on the way back lowers that mark too).
			this.regrowTo = this.quota - 1;
			quota = Math.min(this.quota - 1, Math.max(passed, Math.floor((this.quota * 3) / 4)));
		}
		this.quota = Math.max(1, Math.min(quota, Math.floor(this.ceiling * this.period)));
		this.probed = false;
		this.paceSince = now + waitMs;
		this.sends = [];
		this.passed = [];
	}

	private passedWithin(period: number, now: number): number {
		let passed = 0;
		for (let i = this.passed.length - 1; i >= 0 && this.passed[i] > now - period; i--) passed++;
		return passed;
	}

	private admit(): Admission {
		const at = this.now();
		this.inFlight++;
		if (this.quota !== Infinity) {
			this.sends.push(at);
			if (this.sends.length > this.quota) this.sends.splice(0, this.sends.length - this.quota);
		}
		return { episode: this.episode, at };
	}

	private coolDown(ms: number): void {
		const until = this.now() + ms;
		if (until > this.coolUntil) {
			this.coolUntil = until;
			this.coolEpoch++;
		}
	}

	/** Spacing of requests `quota` apart, with a margin for the two clocks and the way there. */
	private get spacing(): number {
		return this.period * (1 + this.margin) + MIN_MARGIN_MS;
	}

	/** Outside a cool-down and within the pace; tries a faster pace after enough clean periods. */
	private canSend(now: number): boolean {
		if (this.coolUntil > now) return false;
		if (this.quota === Infinity || this.sends.length < this.quota) return true;
		if (this.quota < this.regrowTo && now - this.paceSince >= this.period) {
			this.quota++;
			this.paceSince = now;
			return true;
		}
		if (
			now - this.paceSince >= this.probeEvery * this.period &&
			(this.quota + 1) / this.period <= this.ceiling
		) {
			this.quota++;
			this.probed = true;
			this.paceSince = now;
			return true;
		}
		return this.sends[0] + this.spacing <= now;
	}

	private pump(): void {
		if (this.queue.length === 0) return;
		const now = this.now();
		const cooling = this.coolUntil - now;
		const paced = cooling <= 0 && this.inFlight < this.limit && !this.canSend(now);
		const wait = cooling > 0 ? cooling : paced ? this.sends[0] + this.spacing - now : 0;
		if (cooling > 0 || paced) {
			if (!this.sleeping) {
				this.sleeping = true;
				const epoch = this.coolEpoch;
				const oldest = this.sends[0];
				// One shared sleeper wakes the queue when the cool-down or the pace's wait ends. The
				// sleep is the clock: once it has run, what it waited for is over.
				this.sleep(Math.max(1, wait)).then(
					() => {
						this.sleeping = false;
						if (cooling > 0 && epoch === this.coolEpoch) this.coolUntil = 0;
						if (paced && this.sends[0] === oldest) this.sends.shift();
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
			this.queue.shift()!.admit();
		}
		// The pace was used up with requests still waiting: wake them when it allows.
		if (this.queue.length > 0 && this.inFlight < this.limit) this.pump();
	}
}
