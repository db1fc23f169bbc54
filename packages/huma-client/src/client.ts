import type { OperationSpec } from './catalogue-types';
import type {
	CallOptions,
	HumaClientOptions,
	ItemOf,
	OperationParams,
	OperationResult,
	PagedOperationName,
	PaginateOptions,
	ResourceApis,
} from './client-types';
import { readableExcerpt, HumaError, Redactor } from './errors';
import {
	getOperation,
	listOperations,
	prepareRequest,
	type OperationName,
	type PreparedRequest,
	type RequestParams,
} from './request';
import { AttemptLoop } from './attempts';
import { paginate } from './pager';
import { DEFAULT_RETRY, RetryPolicy } from './retry';
import { TokenAttacher } from './token-attach';
import { REVOKE_PATH } from './token';
import type { HttpResponse, Transport } from './transport';
import { Deadline } from './deadline';
import type { SharedRateGate } from './ratelimit';
import { rateGateFor, rateLimitKey } from './rate-sharing';
import { resolveBaseUrl } from './url';
import { RESOURCE_TABLE } from './resources';
import { checkAnswer } from './response';

/**
 * The Huma client. A call goes `send` (checks the answer) → `sendWithDeadline` (the overall
 * time limit) → `sendWithToken` (token-attach.ts: the token, a refused token replaced) →
 * `sendWithRetries` (attempts.ts: the rate gate, the transport, retries by retry.ts's policy).
 * Lists are read by pager.ts.
 */
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
	private readonly deadlineMs?: number;
	private readonly pageConcurrency: number;
	private readonly gate: SharedRateGate;
	private readonly attacher: TokenAttacher;
	private readonly redactor = new Redactor();

	constructor(options: HumaClientOptions) {
		this.baseUrl = resolveBaseUrl(options.baseUrl);
		this.transport = options.transport;
		this.sleep = options.sleep;
		this.now = options.now ?? Date.now;
		this.deadlineMs = options.deadlineMs;
		// One gate per API key in the process (tests that want their own pass `key: false`).
		const clientId = options.credentials?.clientId;
		this.gate = rateGateFor(
			options.rateLimit,
			clientId ? rateLimitKey(clientId, this.baseUrl) : undefined,
			this.sleep,
			this.now,
			options.transport.maxConcurrency,
		);
		this.pageConcurrency = options.pageConcurrency ?? 4;
		if (options.secrets) this.redactor.addSource(options.secrets);
		if (options.credentials) {
			const { clientId, clientSecret } = options.credentials;
			if (!clientId || !clientSecret) {
				throw new HumaError(
					`Huma credentials need ${!clientId ? 'a client ID' : 'a client secret'}`,
				);
			}
			this.redactor.add(clientSecret);
		}
		const retry = { ...DEFAULT_RETRY, ...options.retry };
		const attempts = new AttemptLoop({
			baseUrl: this.baseUrl,
			transport: this.transport,
			gate: this.gate,
			retry: new RetryPolicy(retry, options.random ?? Math.random, this.now),
			sleep: this.sleep,
			timeoutMs: options.timeoutMs,
			redactor: this.redactor,
		});
		this.attacher = new TokenAttacher({
			attempts,
			redactor: this.redactor,
			baseUrl: this.baseUrl,
			credentials: options.credentials,
			deadlineMs: this.deadlineMs,
			now: this.now,
			sleep: this.sleep,
		});
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
	call<N extends OperationName>(
		name: N,
		params?: OperationParams<N>,
		options: CallOptions = {},
	): Promise<OperationResult<N>> {
		// Not async, to save the common path a promise; bad input still rejects, never throws.
		let prepared: PreparedRequest;
		try {
			prepared = prepareRequest(getOperation(name), (params ?? {}) as RequestParams);
		} catch (error) {
			return Promise.reject(error);
		}
		return this.send(prepared, options) as Promise<OperationResult<N>>;
	}

	/**
	 * Sends a request built and checked beforehand by `prepareRequest`, for callers that check a
	 * whole batch of input before sending any of it.
	 */
	async send(prepared: PreparedRequest, options: CallOptions = {}): Promise<unknown> {
		// Revoking needs the token being revoked, which only revoke() holds.
		if (prepared.operation.path === REVOKE_PATH && this.attacher.tokens)
			return this.revoke(options);
		const body = this.parseBody(await this.sendWithDeadline(prepared, options), prepared);
		return checkAnswer(prepared.operation, prepared, body);
	}

	/** Every item of a paged list, in order, exactly once; later pages are prefetched concurrently. */
	paginate<N extends PagedOperationName>(
		name: N,
		params?: Omit<OperationParams<N>, 'limit' | 'offset'> & { offset?: number },
		options: PaginateOptions = {},
	): AsyncGenerator<ItemOf<N>, void, undefined> {
		return paginate<ItemOf<N>>(
			(pageParams, callOptions) => this.call(name, pageParams as never, callOptions),
			name,
			params as RequestParams | undefined,
			{ ...options, concurrency: options.concurrency ?? this.pageConcurrency },
		);
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
		if (!this.attacher.tokens)
			throw new HumaError('This client has no credentials: its transport authenticates requests');
		return this.attacher.tokens.get();
	}

	/** Revokes the cached token at Huma and forgets it. */
	async revoke(options: CallOptions = {}): Promise<void> {
		const tokens = this.attacher.tokens;
		const token = tokens?.peek();
		if (!token) return;
		tokens!.clear();
		const prepared = prepareRequest(getOperation('auth.revoke'));
		await this.sendWithDeadline(prepared, options, token.accessToken);
	}

	async close(): Promise<void> {
		await this.transport.close?.();
	}

	/** Runs the call within its deadline (the call's, else the client's), when there is one. */
	private sendWithDeadline(
		prepared: PreparedRequest,
		options: CallOptions,
		explicitToken?: string,
	): Promise<HttpResponse> {
		const deadlineMs = options.deadlineMs ?? this.deadlineMs;
		if (!deadlineMs)
			return this.attacher.sendWithToken(prepared, { signal: options.signal }, explicitToken);
		return this.sendWithin(deadlineMs, prepared, options, explicitToken);
	}

	/** sendWithDeadline for a call that has one: its timer is stopped however the call ends. */
	private async sendWithin(
		deadlineMs: number,
		prepared: PreparedRequest,
		options: CallOptions,
		explicitToken?: string,
	): Promise<HttpResponse> {
		const deadline = new Deadline(deadlineMs, this.now, this.sleep, options.signal);
		try {
			return await this.attacher.sendWithToken(
				prepared,
				{ signal: deadline.signal, deadline },
				explicitToken,
			);
		} finally {
			deadline.dispose();
		}
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
