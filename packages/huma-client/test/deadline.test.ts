// The deadline's own timer against the clock it is checked by. Node's timers count whole
// milliseconds of the monotonic clock, so a 1000 ms timer can fire when Date.now() says 999 ms
// passed (about one timer in five on the machine this was seen on): the deadline must still end
// the call, which nothing else ends when the server trickles forever.
import { HumaClient, HumaConnectionError, type HttpRequest } from '../src';
import { Deadline } from '../src/deadline';
import { sleep } from '../src/node';

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the deadline timer', () => {
	it('ends a call whose timer fires before the clock reaches the deadline', async () => {
		let clock = 1_000_000;
		const sleeps: Array<{ ms: number; wake: () => void }> = [];
		let sent!: () => void;
		const requested = new Promise<void>((resolve) => (sent = resolve));
		const client = new HumaClient({
			baseUrl: 'http://127.0.0.1:9',
			// A server that never finishes its answer: only the deadline ends the call.
			transport: {
				request: ({ signal }: HttpRequest) => {
					sent();
					return new Promise((_, reject) =>
						signal?.addEventListener('abort', () => reject(signal.reason)),
					);
				},
			},
			now: () => clock,
			sleep: (ms) => new Promise<void>((resolve) => sleeps.push({ ms, wake: resolve })),
			deadlineMs: 1000,
		});
		const outcome = client.users.get({ id: 'me' }).then(
			() => 'answered',
			(error: unknown) => error,
		);
		await requested;
		// 1 ms more than the deadline: the timer may fire up to 1 ms short of it by Date.now().
		expect(sleeps.map((s) => s.ms)).toEqual([1001]);

		// Woken short of the deadline all the same (the wall clock was slowed or set back).
		clock += 990;
		sleeps.shift()!.wake();
		await settle();
		// The rest of the deadline is waited for, not given up.
		expect(sleeps.map((s) => s.ms)).toEqual([11]);

		clock += 11;
		sleeps.shift()!.wake();
		const error = await outcome;
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({
			code: 'TIMEOUT',
			message: expect.stringContaining('within the deadline of 1 s'),
		});
	});

	it('aborts every deadline on real timers, however their milliseconds fall', async () => {
		const deadlines: Deadline[] = [];
		for (let i = 0; i < 50; i++) {
			// Started at every tenth of a millisecond, where the two clocks' ticks fall apart.
			await sleep(1);
			const from = performance.now();
			while (performance.now() - from < (i % 10) / 10);
			deadlines.push(new Deadline(3, Date.now, sleep));
		}
		await Promise.all(
			deadlines.map(
				(deadline) =>
					new Promise<void>((resolve) => {
						if (deadline.signal.aborted) resolve();
						else deadline.signal.addEventListener('abort', () => resolve(), { once: true });
					}),
			),
		);
		expect(deadlines.every((deadline) => deadline.passed)).toBe(true);
	});

	it('stops waiting once the call is over', async () => {
		const sleeps: Array<{ ms: number; wake: () => void }> = [];
		let clock = 0;
		const deadline = new Deadline(
			1000,
			() => clock,
			(ms) => new Promise<void>((resolve) => sleeps.push({ ms, wake: resolve })),
		);
		deadline.dispose();
		// A sleep that does not take the signal (n8n's) still wakes: the ended call stays ended.
		clock += 1000;
		sleeps.shift()!.wake();
		await settle();
		expect(sleeps).toHaveLength(0);
		expect(deadline.signal.aborted).toBe(false);
	});
});
