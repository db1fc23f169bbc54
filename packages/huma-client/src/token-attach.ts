import { withAttempts, type AttemptLoop, type OutgoingRequest } from './attempts';
import { HumaApiError, type HumaErrorContext, type Redactor } from './errors';
import { Deadline, untilAborted } from './deadline';
import type { PreparedRequest } from './request';
import { parseRetryAfter } from './retry';
import {
	buildTokenRequest,
	parseTokenResponse,
	TOKEN_PATH,
	TokenManager,
	type AccessToken,
	type ClientCredentials,
} from './token';
import type { HttpResponse } from './transport';

/** Retries of a request whose token expired or was replaced while it waited to be sent. */
const MAX_STALE_TOKEN_RETRIES = 5;

export interface TokenAttacherOptions {
	attempts: AttemptLoop;
	redactor: Redactor;
	baseUrl: string;
	/** The API key; without it the transport authenticates requests itself (n8n). */
	credentials?: ClientCredentials;
	/** The client's deadline, which token requests keep too. */
	deadlineMs?: number;
	now: () => number;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What bounds one call: the caller's signal (the deadline's, when there is one) and the deadline. */
export interface CallLimits {
	signal?: AbortSignal;
	deadline?: Deadline;
}

/**
 * Attaches the access token to each request: fetched once and shared (`TokenManager`), taken
 * when the request's turn to be sent has come, replaced when Huma refuses it.
 */
export class TokenAttacher {
	/** Undefined when the client holds no API key. */
	readonly tokens?: TokenManager;

	constructor(private readonly options: TokenAttacherOptions) {
		if (options.credentials) this.tokens = new TokenManager(() => this.fetchToken(), options.now);
	}

	/**
	 * Sends a prepared request with retries and, when the operation needs one, the token (or
	 * `explicitToken`); answers the response, or throws a redacted HumaApiError for an error status.
	 */
	async sendWithToken(
		prepared: PreparedRequest,
		limits: CallLimits,
		explicitToken?: string,
	): Promise<HttpResponse> {
		const { signal } = limits;
		const context: HumaErrorContext = {
			operation: prepared.operation.name,
			method: prepared.method,
			path: prepared.path,
		};
		const headers: Record<string, string> = { accept: 'application/json' };
		if (prepared.body !== undefined) headers['content-type'] = 'application/json';
		const tokens = prepared.operation.authenticated ? this.tokens : undefined;
		// Taken when the request's turn to be sent has come, so that it is fresh.
		const authorize = explicitToken
			? () => explicitToken
			: tokens
				? () => {
						const fresh = signal?.aborted ? undefined : tokens.fresh();
						return fresh ?? untilAborted(tokens.get(), signal);
					}
				: undefined;
		const request: OutgoingRequest = {
			context,
			query: prepared.query,
			headers,
			body: prepared.body,
			idempotent: prepared.idempotent,
			signal,
			deadline: limits.deadline,
			authorize,
			gated: true,
		};
		let refreshed = false;
		let staleRetries = 0;
		for (;;) {
			const { response, attempts, token } = await this.options.attempts.sendWithRetries(request);
			if (response.status === 401 && tokens && token) {
				// The request waited (for a connection, a cool-down) until its token expired or was
				// replaced: that says nothing about the key, so retry with the current token.
				if (!explicitToken && tokens.isStale(token) && staleRetries < MAX_STALE_TOKEN_RETRIES) {
					staleRetries++;
					tokens.invalidate(token);
					continue;
				}
				if (!refreshed) {
					// The current token was refused: revoked early. Fetch a new one once, then give up.
					refreshed = true;
					tokens.invalidate(token);
					continue;
				}
			}
			if (response.status >= 400) throw this.apiError(response, context, attempts);
			return response;
		}
	}

	private apiError(response: HttpResponse, context: HumaErrorContext, attempts: number) {
		const { redactor, now } = this.options;
		const error = new HumaApiError({
			status: response.status,
			context,
			// Redacted before the error trims it, so a cut can never leave half a secret.
			body: redactor.scrub(response.json ?? tryParse(response.body)),
			retryAfterMs: parseRetryAfter(response.headers['retry-after'], now()),
		});
		return redactor.scrub(withAttempts(error, attempts));
	}

	private async fetchToken(): Promise<AccessToken> {
		const { attempts, baseUrl, credentials, deadlineMs, now, redactor, sleep } = this.options;
		const request = buildTokenRequest(baseUrl, credentials!);
		const deadline = deadlineMs ? new Deadline(deadlineMs, now, sleep) : undefined;
		try {
			// Asking for a token twice is harmless, so its 502/503/504 are retried like a GET's.
			// Not gated: calls hold their places in the gate while they wait for this token.
			const sent = await attempts.sendWithRetries({
				context: { operation: 'auth.token', method: 'POST', path: TOKEN_PATH },
				query: '',
				headers: request.headers,
				body: request.body,
				idempotent: true,
				signal: deadline?.signal,
				deadline,
				gated: false,
			});
			try {
				const { response } = sent;
				const token = parseTokenResponse(
					{ ...response, body: redactor.redact(response.body) },
					now(),
				);
				redactor.add(token.accessToken);
				return token;
			} catch (error) {
				throw redactor.scrub(withAttempts(error, sent.attempts));
			}
		} finally {
			deadline?.dispose();
		}
	}
}

function tryParse(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
