import {
	abortedError,
	findHumaError,
	requestFailedError,
	HumaConnectionError,
	type HumaError,
	type HumaErrorContext,
	type Redactor,
} from './errors';
import { DeadlineExceeded, formatDeadline, type Deadline } from './deadline';
import type { Admission, SharedRateGate } from './ratelimit';
import type { AttemptCount, RetryPolicy } from './retry';
import { classifyFailure, type HttpResponse, type Transport } from './transport';

/** One request as the attempt loop sends it, as often as the retry policy allows. */
export interface OutgoingRequest {
	/** The operation, method and path, for errors. */
	context: HumaErrorContext;
	/** Query string with its leading "?", or "". */
	query: string;
	headers: Record<string, string>;
	body?: string;
	/** Whether sending it twice is harmless, so that a failure after it left may be retried. */
	idempotent: boolean;
	signal?: AbortSignal;
	deadline?: Deadline;
	/** The token to attach, asked for at each attempt once its turn to be sent has come. */
	authorize?: () => string | Promise<string>;
	/** False only for the token request: calls hold their places in the gate while they wait for it. */
	gated: boolean;
}

/** The final answer, error statuses included, with the attempts it took and the token it carried. */
export interface Delivered {
	response: HttpResponse;
	attempts: number;
	token?: string;
}

export interface AttemptLoopOptions {
	baseUrl: string;
	transport: Transport;
	gate: SharedRateGate;
	retry: RetryPolicy;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** Per-request idle timeout given to the transport. */
	timeoutMs?: number;
	redactor: Redactor;
}

/**
 * Sends one request: every attempt waits for the rate gate, then takes its token, then goes to
 * the transport; the retry policy decides whether a failure or an answer is worth another attempt.
 */
export class AttemptLoop {
	constructor(private readonly options: AttemptLoopOptions) {}

	async sendWithRetries(request: OutgoingRequest): Promise<Delivered> {
		const { context, signal, deadline } = request;
		const url = this.options.baseUrl + context.path + request.query;
		const count: AttemptCount = { attempt: 0, refusals: 0 };
		for (;;) {
			const attempt = ++count.attempt;
			let admission: Admission | undefined;
			let token: string | undefined;
			try {
				// Both are usually at hand: awaited only when they are not, to keep the common path short.
				if (request.gated) {
					const admitted = this.options.gate.acquire(signal, count.refusals > 0);
					admission = admitted instanceof Promise ? await admitted : admitted;
				}
				if (request.authorize) {
					const authorized = request.authorize();
					token = typeof authorized === 'string' ? authorized : await authorized;
				}
			} catch (error) {
				this.release(admission);
				throw this.stopped(error, request, attempt - 1, false);
			}
			let response: HttpResponse;
			try {
				response = await this.options.transport.request({
					method: context.method,
					url,
					headers: token
						? { ...request.headers, authorization: `Bearer ${token}` }
						: request.headers,
					body: request.body,
					timeoutMs: this.options.timeoutMs,
					signal,
				});
			} catch (error) {
				this.release(admission);
				const { wait, requestSent } = this.retryAfterFailure(error, request, count);
				await this.pause(wait, request, attempt, requestSent);
				continue;
			}
			const wait = this.options.retry.afterAnswer(response, count, request.idempotent);
			if (wait === undefined) {
				this.release(admission);
				return { response, attempts: attempt, token };
			}
			if (deadline && wait >= deadline.remaining()) {
				this.release(admission);
				const passed = new DeadlineExceeded(deadline.ms);
				throw this.stopped(passed, request, attempt, true, response.status);
			}
			const limited = response.status === 429;
			if (limited && admission) {
				// The whole client cools down; the gate holds this request, and every other, until then.
				this.options.gate.release(admission, { limited: true, waitMs: wait });
				count.refusals++;
				continue;
			}
			this.release(admission);
			if (limited) count.refusals++;
			await this.pause(wait, request, attempt, true);
		}
	}

	private release(admission: Admission | undefined): void {
		if (admission) this.options.gate.release(admission, { limited: false });
	}

	/** The wait before retrying a request no response came back for; throws when it is final. */
	private retryAfterFailure(
		error: unknown,
		request: OutgoingRequest,
		count: AttemptCount,
	): { wait: number; requestSent: boolean } {
		const { context, signal, deadline } = request;
		const { attempt } = count;
		const redactor = this.options.redactor;
		const huma = findHumaError(error);
		const { code, requestSent: sent, network } = classifyFailure(error);
		// The deadline first: it aborts the request's signal too, and is not the caller's abort.
		if (deadline?.passed)
			throw this.stopped(new DeadlineExceeded(deadline.ms), request, attempt, sent);
		// A Huma error over a connection that never carried the request (n8n's token request
		// to an unreachable host) is retried like that failure; any other is final.
		if (huma && !(network && !sent)) throw redactor.scrub(huma);
		if (signal?.aborted)
			throw redactor.scrub(abortedError(signal, context, sent || attempt > 1, error));
		const message = error instanceof Error ? error.message : String(error);
		if (!network) {
			throw redactor.scrub(
				requestFailedError(
					`Request to Huma failed for ${context.operation}: ${message}`,
					context,
					error,
				),
			);
		}
		const wait = this.options.retry.afterFailure(count, request.idempotent, sent);
		if (wait !== undefined) return { wait, requestSent: sent };
		throw redactor.scrub(
			new HumaConnectionError(
				`Could not reach Huma at ${this.options.baseUrl} for ${context.operation} (${context.method} ${context.path})` +
					`${code ? ` [${code}]` : ''}: ${message}` +
					(attempt > 1 ? ` (after ${attempt} attempts)` : ''),
				{ code, requestSent: sent, context, cause: error },
			),
		);
	}

	/** Back-off between attempts; ends the call at once if the wait would pass its deadline. */
	private async pause(
		ms: number,
		request: OutgoingRequest,
		attempts: number,
		requestSent: boolean,
	): Promise<void> {
		const { deadline } = request;
		if (deadline && ms >= deadline.remaining())
			throw this.stopped(new DeadlineExceeded(deadline.ms), request, attempts, requestSent);
		try {
			await this.options.sleep(ms, request.signal);
		} catch (error) {
			throw this.stopped(error, request, attempts, requestSent);
		}
	}

	/** The error for a call ended while waiting or sending: by its deadline, or by the caller. */
	private stopped(
		reason: unknown,
		request: OutgoingRequest,
		attempts: number,
		requestSent: boolean,
		lastStatus?: number,
	): HumaError {
		const { context, deadline, signal } = request;
		const huma = findHumaError(reason);
		if (huma) return this.options.redactor.scrub(huma);
		const where = `${context.operation} (${context.method} ${context.path})`;
		const tries = attempts > 0 ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
		if (reason instanceof DeadlineExceeded || deadline?.passed) {
			const ms = deadline?.ms ?? (reason as DeadlineExceeded).deadlineMs;
			const last = lastStatus ? `; Huma last answered ${lastStatus}` : '';
			return new HumaConnectionError(
				`Huma at ${this.options.baseUrl} did not complete ${where} within the deadline of ${formatDeadline(ms)}${tries}${last}`,
				{ code: 'TIMEOUT', requestSent, context },
			);
		}
		if (signal?.aborted)
			return this.options.redactor.scrub(abortedError(signal, context, requestSent, reason));
		return new HumaConnectionError(`The call to Huma for ${where} was aborted${tries}`, {
			code: 'ABORTED',
			requestSent,
			context,
		});
	}
}

/** Says in an error's message how many attempts were made, when there was more than one. */
export function withAttempts<T>(error: T, attempts: number): T {
	if (attempts > 1 && error instanceof Error && !/after \d+ attempts/.test(error.message)) {
		error.message = `${error.message} (after ${attempts} attempts)`;
	}
	return error;
}
