import type { OperationSpec } from './catalogue-types';
import type { OperationTypes } from './generated/operation-types';
import type { PAGED_OPERATION_NAMES } from './generated/catalogue';
import {
	abortedError,
	findHumaError,
	readableExcerpt,
	requestFailedError,
	HumaApiError,
	HumaConnectionError,
	HumaError,
	Redactor,
	type HumaErrorContext,
} from './errors';
import {
	getOperation,
	listOperations,
	prepareRequest,
	type OperationName,
	type PreparedRequest,
	type RequestParams,
} from './request';
import {
	backoffDelay,
	DEFAULT_RETRY,
	isRetryableStatus,
	parseRetryAfter,
	type RetryOptions,
} from './retry';
import {
	buildTokenRequest,
	parseTokenResponse,
	REVOKE_PATH,
	TOKEN_PATH,
	TokenManager,
	type AccessToken,
	type ClientCredentials,
} from './token';
import { classifyFailure, type HttpResponse, type Transport } from './transport';
import { Deadline, DeadlineExceeded, formatDeadline, untilAborted } from './deadline';
import { RateGate, type Admission } from './ratelimit';
import { resolveBaseUrl } from './url';
import { RESOURCE_TABLE } from './resources';
import { checkAnswer } from './response';

type Obj<T> = [NonNullable<T>] extends [never] ? unknown : NonNullable<T>;
type BodyOf<O> = O extends { requestBody: { content: infer C } }
	? { body: C[keyof C] }
	: O extends { requestBody?: { content: infer C } }
		? { body?: C[keyof C] }
		: unknown;
type ParamsOfOp<O> = O extends { parameters: { path?: infer P; query?: infer Q } }
	? Obj<P> & Obj<Q> & BodyOf<O>
	: BodyOf<O>;

/** Parameters of an operation: path and query parameters by name, the request body as `body`. */
export type OperationParams<N extends OperationName> = ParamsOfOp<OperationTypes[N]>;
/** The JSON Huma answers on success (undefined for operations that answer no body). */
export type OperationResult<N extends OperationName> = OperationTypes[N] extends {
	responses: { 200: { content: { 'application/json': infer R } } };
}
	? R
	: undefined;
type ItemOf<N extends OperationName> =
	OperationResult<N> extends { items?: (infer I)[] } ? I : never;

export type PagedOperationName = (typeof PAGED_OPERATION_NAMES)[number];

export interface CallOptions {
	signal?: AbortSignal;
	/** Overall time limit of this call in ms, retries and waits included; overrides the client's. */
	deadlineMs?: number;
}

export interface PaginateOptions extends CallOptions {
	/**
	 * Extra calls a list may spend on pages whose call failed transiently after its own retries.
	 * Each page that arrives earns one back, up to this number, so a list that keeps making
	 * progress survives a page meeting a run of faults; a list whose pages keep failing still fails.
	 */
	pageRetryBudget?: number;
	/** Items per page; defaults to the largest the operation allows (50, or 25 for groups). */
	pageSize?: number;
	/** Pages fetched at once once the total is known. */
	concurrency?: number;
	/** Stop after this many items. */
	maxItems?: number;
	/** Called as each page arrives, in order. */
	onPage?: (page: { offset: number; count: number; total: number }) => void;
}

export interface HumaClientOptions {
	/** `production` (default), `demo`, or a base URL. */
	baseUrl?: string;
	/** API key. Leave out when the transport authenticates requests itself (n8n). */
	credentials?: ClientCredentials;
	transport: Transport;
	/** Waits between retries. Injected so the core needs no timers of its own. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	now?: () => number;
	random?: () => number;
	retry?: Partial<RetryOptions>;
	/** Per-request idle timeout given to the transport. */
	timeoutMs?: number;
	/**
	 * Overall time limit of each call in ms, retries, back-off and rate-limit waits included; none
	 * when left out. A call that passes it fails with a HumaConnectionError coded `TIMEOUT`.
	 */
	deadlineMs?: number;
	/** Default page concurrency of paginate(). */
	pageConcurrency?: number;
	/** Secrets the client does not hold itself (a host's token), read whenever an error is redacted. */
	secrets?: () => Iterable<string | undefined>;
}

type ResourceKey = keyof typeof RESOURCE_TABLE;
type ResourceMethods<R extends ResourceKey> = {
	[N in OperationName as N extends `${R}.${infer A}` ? A : never]: (
		params?: OperationParams<N>,
		options?: CallOptions,
	) => Promise<OperationResult<N>>;
};
export type ResourceApis = {
	[R in ResourceKey as (typeof RESOURCE_TABLE)[R]['clientProperty']]: ResourceMethods<R>;
};

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PAGE_RETRY_BUDGET = 4;
/** Calls of one page at most: a page that fails this often in a row fails the list. */
const MAX_PAGE_CALLS = 4;
/** Pages fetched ahead of the one being read, as a multiple of the concurrency. */
const PAGE_LOOKAHEAD = 4;
/** Retries of a request whose token expired or was replaced while it waited to be sent. */
const MAX_STALE_TOKEN_RETRIES = 5;

export class HumaClient implements ResourceApis {
	// Per-resource methods (client.users.list, …), attached from the catalogue in the constructor.
	declare readonly auth: ResourceApis['auth'];
	declare readonly users: ResourceApis['users'];
	declare readonly groups: ResourceApis['groups'];
	declare readonly jobTitles: ResourceApis['jobTitles'];
	declare readonly positions: ResourceApis['positions'];
	declare readonly holidays: ResourceApis['holidays'];
	declare readonly userChildren: ResourceApis['userChildren'];
	declare readonly userEmergencyContacts: ResourceApis['userEmergencyContacts'];
	declare readonly userIdentifications: ResourceApis['userIdentifications'];
	readonly baseUrl: string;
	private readonly transport: Transport;
	private readonly sleep: HumaClientOptions['sleep'];
	private readonly now: () => number;
	private readonly random: () => number;
	private readonly retry: RetryOptions;
	private readonly timeoutMs?: number;
	private readonly deadlineMs?: number;
	private readonly pageConcurrency: number;
	private readonly gate: RateGate;
	private readonly tokens?: TokenManager;
	private readonly credentials?: ClientCredentials;
	private readonly redactor = new Redactor();

	constructor(options: HumaClientOptions) {
		this.baseUrl = resolveBaseUrl(options.baseUrl);
		this.transport = options.transport;
		this.sleep = options.sleep;
		this.now = options.now ?? Date.now;
		this.random = options.random ?? Math.random;
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
		this.timeoutMs = options.timeoutMs;
		this.deadlineMs = options.deadlineMs;
		this.gate = new RateGate(this.sleep, this.now, options.transport.maxConcurrency);
		this.pageConcurrency = options.pageConcurrency ?? 4;
		if (options.secrets) this.redactor.addSource(options.secrets);
		if (options.credentials) {
			const { clientId, clientSecret } = options.credentials;
			if (!clientId || !clientSecret) {
				throw new HumaError(
					`Huma credentials need ${!clientId ? 'a client ID' : 'a client secret'}`,
				);
			}
			this.credentials = options.credentials;
			this.redactor.add(clientSecret);
			this.tokens = new TokenManager(() => this.fetchToken(), this.now);
		}
		for (const [resource, { clientProperty: property }] of Object.entries(RESOURCE_TABLE)) {
			const methods: Record<string, unknown> = {};
			for (const name of listNames(resource)) {
				const action = name.slice(resource.length + 1);
				methods[action] = (params?: RequestParams, callOptions?: CallOptions) =>
					this.call(name as OperationName, params as never, callOptions);
			}
			(this as unknown as Record<string, unknown>)[property] = methods;
		}
	}

	/** Calls any operation of the catalogue by its name, e.g. `call('user.get', { id })`. */
	async call<N extends OperationName>(
		name: N,
		params?: OperationParams<N>,
		options: CallOptions = {},
	): Promise<OperationResult<N>> {
		return (await this.send(
			prepareRequest(getOperation(name), (params ?? {}) as RequestParams),
			options,
		)) as OperationResult<N>;
	}

	/**
	 * Sends a request built and checked beforehand by `prepareRequest`, for callers that check a
	 * whole batch of input before sending any of it.
	 */
	async send(prepared: PreparedRequest, options: CallOptions = {}): Promise<unknown> {
		// Revoking needs the token being revoked, which only revoke() holds.
		if (prepared.operation.path === REVOKE_PATH && this.tokens) return this.revoke(options);
		const body = this.parseBody(await this.execute(prepared, options), prepared);
		return checkAnswer(prepared.operation, prepared, body);
	}

	/** Every item of a paged list, in order, exactly once; later pages are prefetched concurrently. */
	async *paginate<N extends PagedOperationName>(
		name: N,
		params?: Omit<OperationParams<N>, 'limit' | 'offset'> & { offset?: number },
		options: PaginateOptions = {},
	): AsyncGenerator<ItemOf<N>, void, undefined> {
		const op = getOperation(name);
		if (!op.paged) throw new HumaError(`${name} is not a paged list; use call('${name}') instead`);
		const maxLimit = op.paged.maxLimit ?? DEFAULT_PAGE_SIZE;
		const pageSize = options.pageSize ?? Math.min(DEFAULT_PAGE_SIZE, maxLimit);
		const concurrency = Math.max(1, options.concurrency ?? this.pageConcurrency);
		const maxItems = options.maxItems ?? Infinity;
		const base = { ...(params as RequestParams) };
		const start = Number(base.offset ?? 0);
		delete base.offset;

		type Page = { total?: number; items: ItemOf<N>[] };
		let budget = options.pageRetryBudget ?? DEFAULT_PAGE_RETRY_BUDGET;
		const budgetCap = budget;
		const fetchPage = async (offset: number): Promise<Page> => {
			for (let calls = 1; ; calls++) {
				try {
					const page = (await this.call(
						name,
						{ ...base, offset, limit: pageSize } as never,
						options,
					)) as Page;
					budget = Math.min(budgetCap, budget + 1);
					return page;
				} catch (error) {
					if (
						calls >= MAX_PAGE_CALLS ||
						budget < 1 ||
						options.signal?.aborted ||
						!isTransient(error)
					)
						throw error;
					budget--;
				}
			}
		};

		// The pages in order: the first, then the rest page by page when Huma gives no total, or
		// prefetched `concurrency` at a time when it does.
		async function* pages(): AsyncGenerator<Page, void, undefined> {
			const first = await fetchPage(start);
			const total = first.total ?? Infinity;
			options.onPage?.({ offset: start, count: first.items.length, total: first.total ?? -1 });
			yield first;
			if (first.items.length < pageSize) return;
			if (first.total === undefined) {
				// Without a total we can only walk page by page.
				for (let offset = start + pageSize; ; offset += pageSize) {
					const page = await fetchPage(offset);
					options.onPage?.({ offset, count: page.items.length, total: -1 });
					yield page;
					if (page.items.length < pageSize) return;
				}
			}

			const end = Math.min(total, start + maxItems);
			const offsets: number[] = [];
			for (let offset = start + pageSize; offset < end; offset += pageSize) offsets.push(offset);
			const inFlight = new Map<number, Promise<Page>>();
			let next = 0;
			let active = 0;
			let read = 0;
			let stopped = false;
			// Keeps `concurrency` pages in flight whichever of them finishes first, not only when the
			// page being read arrives, fetching at most a few windows ahead of the reader.
			const fill = () => {
				while (
					!stopped &&
					active < concurrency &&
					next < offsets.length &&
					next - read < concurrency * PAGE_LOOKAHEAD
				) {
					active++;
					const pending = fetchPage(offsets[next++]);
					pending.then(
						() => {
							active--;
							fill();
						},
						() => {
							active--;
						},
					);
					// Failures surface when their page is reached; until then keep them from going unhandled.
					pending.catch(() => undefined);
					inFlight.set(next - 1, pending);
				}
			};
			try {
				fill();
				for (let i = 0; i < offsets.length; i++) {
					const page = await inFlight.get(i)!;
					inFlight.delete(i);
					read = i + 1;
					fill();
					options.onPage?.({ offset: offsets[i], count: page.items.length, total });
					yield page;
					// The list shrank while we read it: nothing lies beyond a short page.
					if (page.items.length < pageSize) return;
				}
			} finally {
				stopped = true;
			}
		}

		// Leaving this loop (maxItems reached, the caller stopping, an error) ends pages() too,
		// which stops its prefetching.
		let yielded = 0;
		for await (const page of pages()) {
			for (const item of page.items) {
				if (yielded >= maxItems) return;
				yielded++;
				yield item;
			}
		}
	}

	/** Collects paginate() into an array. */
	async listAll<N extends PagedOperationName>(
		name: N,
		params?: Omit<OperationParams<N>, 'limit' | 'offset'> & { offset?: number },
		options?: PaginateOptions,
	): Promise<ItemOf<N>[]> {
		const all: ItemOf<N>[] = [];
		for await (const item of this.paginate(name, params, options)) all.push(item);
		return all;
	}

	/** A valid access token, fetched or from the cache. */
	async getAccessToken(): Promise<string> {
		if (!this.tokens)
			throw new HumaError('This client has no credentials: its transport authenticates requests');
		return this.tokens.get();
	}

	/** Revokes the cached token at Huma and forgets it. */
	async revoke(options: CallOptions = {}): Promise<void> {
		const token = this.tokens?.peek();
		if (!token) return;
		this.tokens!.clear();
		const prepared = prepareRequest(getOperation('auth.revoke'));
		await this.execute(prepared, options, token.accessToken);
	}

	async close(): Promise<void> {
		await this.transport.close?.();
	}

	private async fetchToken(): Promise<AccessToken> {
		const request = buildTokenRequest(this.baseUrl, this.credentials!);
		const context = { operation: 'auth.token', method: 'POST', path: TOKEN_PATH };
		// Asking for a token twice is harmless, so its 502/503/504 are retried like a GET's.
		const deadline = this.deadlineMs
			? new Deadline(this.deadlineMs, this.now, this.sleep)
			: undefined;
		try {
			// Not gated: calls hold their places in the gate while they wait for this token.
			const { response, attempts } = await this.sendWithRetries(
				context,
				request.headers,
				request.body,
				true,
				{ signal: deadline?.signal },
				'',
				deadline,
				undefined,
				false,
			);
			try {
				const token = parseTokenResponse(
					{ ...response, body: this.redactor.redact(response.body) },
					this.now(),
				);
				this.redactor.add(token.accessToken);
				return token;
			} catch (error) {
				throw this.redactor.scrub(withAttempts(error, attempts));
			}
		} finally {
			deadline?.dispose();
		}
	}

	private async execute(
		prepared: PreparedRequest,
		options: CallOptions,
		explicitToken?: string,
	): Promise<HttpResponse> {
		const deadlineMs = options.deadlineMs ?? this.deadlineMs;
		if (!deadlineMs) return this.executeWithin(prepared, options, undefined, explicitToken);
		const deadline = new Deadline(deadlineMs, this.now, this.sleep, options.signal);
		try {
			return await this.executeWithin(
				prepared,
				{ ...options, signal: deadline.signal },
				deadline,
				explicitToken,
			);
		} finally {
			deadline.dispose();
		}
	}

	private async executeWithin(
		prepared: PreparedRequest,
		options: CallOptions,
		deadline: Deadline | undefined,
		explicitToken?: string,
	): Promise<HttpResponse> {
		const op = prepared.operation;
		const context: HumaErrorContext = {
			operation: op.name,
			method: prepared.method,
			path: prepared.path,
		};
		const headers: Record<string, string> = { accept: 'application/json' };
		if (prepared.body !== undefined) headers['content-type'] = 'application/json';
		const authenticate = op.authenticated && this.tokens !== undefined;
		let refreshed = false;
		let staleRetries = 0;
		// The token is taken when the request's turn to be sent has come, so that it is fresh.
		const authorize = explicitToken
			? async () => explicitToken
			: authenticate
				? () => untilAborted(this.tokens!.get(), options.signal)
				: undefined;
		for (;;) {
			const { response, attempts, token } = await this.sendWithRetries(
				context,
				headers,
				prepared.body,
				prepared.idempotent,
				options,
				prepared.query,
				deadline,
				authorize,
			);
			if (response.status === 401 && authenticate && token) {
				// The request waited (for a connection, a cool-down) until its token expired or was
				// replaced: that says nothing about the key, so retry with the current token.
				if (
					!explicitToken &&
					this.tokens!.isStale(token) &&
					staleRetries < MAX_STALE_TOKEN_RETRIES
				) {
					staleRetries++;
					this.tokens!.invalidate(token);
					continue;
				}
				if (!refreshed) {
					// The current token was refused: revoked early. Fetch a new one once, then give up.
					refreshed = true;
					this.tokens!.invalidate(token);
					continue;
				}
			}
			if (response.status >= 400) {
				throw this.redactor.scrub(
					withAttempts(
						new HumaApiError({
							status: response.status,
							context,
							// Redacted before the error trims it, so a cut can never leave half a secret.
							body: this.redactor.scrub(response.json ?? tryParse(response.body)),
							retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()),
						}),
						attempts,
					),
				);
			}
			return response;
		}
	}

	/**
	 * One request with the retry rules applied; answers the final response, error statuses
	 * included, and how many attempts it took. Every attempt waits for the client's rate gate.
	 */
	private async sendWithRetries(
		context: HumaErrorContext,
		headers: Record<string, string>,
		body: string | undefined,
		idempotent: boolean,
		options: CallOptions,
		query = '',
		deadline?: Deadline,
		authorize?: () => Promise<string>,
		gated = true,
	): Promise<{ response: HttpResponse; attempts: number; token?: string }> {
		const url = this.baseUrl + context.path + query;
		let refusals = 0;
		for (let attempt = 1; ; attempt++) {
			// Attempts refused with 429 have their own budget.
			const retriesLeft = attempt - refusals < this.retry.maxAttempts;
			let admission: Admission | undefined;
			const release = (
				outcome: { limited: false } | { limited: true; waitMs: number } = { limited: false },
			) => {
				if (admission) this.gate.release(admission, outcome);
			};
			let token: string | undefined;
			try {
				if (gated) admission = await this.gate.acquire(options.signal, refusals > 0);
				if (authorize) token = await authorize();
			} catch (error) {
				release();
				throw this.stopped(error, context, deadline, attempt - 1, false, undefined, options.signal);
			}
			let response: HttpResponse;
			try {
				response = await this.transport.request({
					method: context.method,
					url,
					headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
					body,
					timeoutMs: this.timeoutMs,
					signal: options.signal,
				});
			} catch (error) {
				release();
				const huma = findHumaError(error);
				const { code, requestSent: sent, network } = classifyFailure(error);
				// The deadline first: it aborts the request's signal too, and is not the caller's abort.
				if (deadline?.passed)
					throw this.stopped(new DeadlineExceeded(deadline.ms), context, deadline, attempt, sent);
				// A Huma error over a connection that never carried the request (n8n's token request
				// to an unreachable host) is retried like that failure; any other is final.
				if (huma && !(network && !sent)) throw this.redactor.scrub(huma);
				if (options.signal?.aborted)
					throw this.redactor.scrub(
						abortedError(options.signal, context, sent || attempt > 1, error),
					);
				if (!network) {
					throw this.redactor.scrub(
						requestFailedError(
							`Request to Huma failed for ${context.operation}: ${error instanceof Error ? error.message : String(error)}`,
							context,
							error,
						),
					);
				}
				const aborted = options.signal?.aborted ?? false;
				if (!aborted && retriesLeft && (idempotent || !sent)) {
					await this.pause(
						backoffDelay(attempt, this.retry, this.random),
						context,
						options.signal,
						deadline,
						attempt,
						sent,
					);
					continue;
				}
				throw this.redactor.scrub(
					new HumaConnectionError(
						`Could not reach Huma at ${this.baseUrl} for ${context.operation} (${context.method} ${context.path})` +
							`${code ? ` [${code}]` : ''}: ${error instanceof Error ? error.message : String(error)}` +
							(attempt > 1 ? ` (after ${attempt} attempts)` : ''),
						{ code, requestSent: sent, context, cause: error },
					),
				);
			}
			const limited = response.status === 429;
			if (
				(limited ? refusals + 1 < this.retry.maxRateLimitedAttempts : retriesLeft) &&
				isRetryableStatus(response.status, idempotent)
			) {
				const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
				if (retryAfter === undefined || retryAfter <= this.retry.maxRetryAfterMs) {
					const wait = retryAfter ?? backoffDelay(attempt, this.retry, this.random);
					if (deadline && wait >= deadline.remaining()) {
						release();
						throw this.stopped(
							new DeadlineExceeded(deadline.ms),
							context,
							deadline,
							attempt,
							true,
							response.status,
						);
					}
					if (limited && admission) {
						// The whole client cools down; the gate holds this request, and every other, until then.
						release({ limited: true, waitMs: wait });
						refusals++;
						continue;
					}
					release();
					if (limited) refusals++;
					await this.pause(wait, context, options.signal, deadline, attempt, true);
					continue;
				}
			}
			release();
			return { response, attempts: attempt, token };
		}
	}

	/** Back-off between attempts; ends the call at once if the wait would pass its deadline. */
	private async pause(
		ms: number,
		context: HumaErrorContext,
		signal: AbortSignal | undefined,
		deadline: Deadline | undefined,
		attempts: number,
		requestSent: boolean,
	): Promise<void> {
		if (deadline && ms >= deadline.remaining()) {
			throw this.stopped(
				new DeadlineExceeded(deadline.ms),
				context,
				deadline,
				attempts,
				requestSent,
			);
		}
		try {
			await this.sleep(ms, signal);
		} catch (error) {
			throw this.stopped(error, context, deadline, attempts, requestSent, undefined, signal);
		}
	}

	/** The error for a call ended while waiting or sending: by its deadline, or by the caller. */
	private stopped(
		reason: unknown,
		context: HumaErrorContext,
		deadline: Deadline | undefined,
		attempts: number,
		requestSent: boolean,
		lastStatus?: number,
		signal?: AbortSignal,
	): HumaError {
		const huma = findHumaError(reason);
		if (huma) return this.redactor.scrub(huma);
		const where = `${context.operation} (${context.method} ${context.path})`;
		const tries = attempts > 0 ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
		if (reason instanceof DeadlineExceeded || deadline?.passed) {
			const ms = deadline?.ms ?? (reason as DeadlineExceeded).deadlineMs;
			const last = lastStatus ? `; Huma last answered ${lastStatus}` : '';
			return new HumaConnectionError(
				`Huma at ${this.baseUrl} did not complete ${where} within the deadline of ${formatDeadline(ms)}${tries}${last}`,
				{ code: 'TIMEOUT', requestSent, context },
			);
		}
		if (signal?.aborted)
			return this.redactor.scrub(abortedError(signal, context, requestSent, reason));
		return new HumaConnectionError(`The call to Huma for ${where} was aborted${tries}`, {
			code: 'ABORTED',
			requestSent,
			context,
		});
	}

	private parseBody(response: HttpResponse, prepared: PreparedRequest): unknown {
		if (response.json !== undefined) return response.json;
		if (!response.body) return undefined;
		try {
			return JSON.parse(response.body);
		} catch {
			throw this.redactor.scrub(
				new HumaError(
					`Huma answered ${prepared.operation.name} with a body that is not valid JSON (${response.body.length} bytes): "${readableExcerpt(response.body, 120)}"`,
					{ operation: prepared.operation.name, method: prepared.method, path: prepared.path },
				),
			);
		}
	}
}

function listNames(resource: string): string[] {
	return listOperations(resource).map((o: OperationSpec) => o.name);
}

function tryParse(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Says in an error's message how many attempts were made, when there was more than one. */
function withAttempts<T>(error: T, attempts: number): T {
	if (attempts > 1 && error instanceof Error && !/after \d+ attempts/.test(error.message)) {
		error.message = `${error.message} (after ${attempts} attempts)`;
	}
	return error;
}

/** A failure worth calling the same read again for: the server was unreachable, limiting or overloaded. */
function isTransient(error: unknown): boolean {
	if (error instanceof HumaConnectionError)
		return error.code !== 'TIMEOUT' && error.code !== 'ABORTED';
	if (error instanceof HumaApiError)
		return (
			error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504
		);
	return false;
}
