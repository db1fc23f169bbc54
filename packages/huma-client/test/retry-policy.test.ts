import { HumaApiError, HumaConnectionError } from '../src';
import { DEFAULT_RETRY, isRetryableStatus, isTransient, RetryPolicy } from '../src/retry';

const context = { operation: 'user.get', method: 'GET', path: '/users/me' };
const answer = (status: number, retryAfter?: string) => ({
	status,
	headers: { 'retry-after': retryAfter },
	body: '',
});

describe('retry policy', () => {
	it('gives a list page the same statuses a request is retried for', () => {
		for (let status = 400; status < 600; status++) {
			const error = new HumaApiError({ status, context, body: undefined });
			expect(isTransient(error)).toBe(isRetryableStatus(status, true));
		}
	});

	it('counts unreachable as transient, a deadline or an abort as final', () => {
		const failure = (code: string) => new HumaConnectionError('x', { code, requestSent: false });
		expect(isTransient(failure('ECONNREFUSED'))).toBe(true);
		expect(isTransient(failure('TIMEOUT'))).toBe(false);
		expect(isTransient(failure('ABORTED'))).toBe(false);
		expect(isTransient(new Error('a bug'))).toBe(false);
	});

	it('waits the back-off or Retry-After, within each budget', () => {
		const policy = new RetryPolicy(
			DEFAULT_RETRY,
			() => 0.5,
			() => 0,
		);
		expect(policy.afterAnswer(answer(503), { attempt: 1, refusals: 0 }, true)).toBe(188);
		expect(policy.afterAnswer(answer(503), { attempt: 1, refusals: 0 }, false)).toBeUndefined();
		expect(policy.afterAnswer(answer(503), { attempt: 4, refusals: 0 }, true)).toBeUndefined();
		expect(policy.afterAnswer(answer(200), { attempt: 1, refusals: 0 }, true)).toBeUndefined();
		// 429s have their own budget, and a POST may be retried after one: it was not processed.
		expect(policy.afterAnswer(answer(429, '2'), { attempt: 9, refusals: 8 }, false)).toBe(2000);
		expect(policy.afterAnswer(answer(429), { attempt: 10, refusals: 9 }, false)).toBeUndefined();
		expect(
			policy.afterAnswer(answer(429, '61'), { attempt: 1, refusals: 0 }, true),
		).toBeUndefined();
	});

	it('repeats a failed request that may have arrived only when repeating is harmless', () => {
		const policy = new RetryPolicy(
			DEFAULT_RETRY,
			() => 0.5,
			() => 0,
		);
		expect(policy.afterFailure({ attempt: 1, refusals: 0 }, false, false)).toBe(188);
		expect(policy.afterFailure({ attempt: 1, refusals: 0 }, false, true)).toBeUndefined();
		expect(policy.afterFailure({ attempt: 2, refusals: 0 }, true, true)).toBe(375);
		expect(policy.afterFailure({ attempt: 4, refusals: 0 }, true, false)).toBeUndefined();
	});
});
