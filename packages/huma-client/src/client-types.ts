import type { OperationTypes } from './generated/operation-types';
import type { PAGED_OPERATION_NAMES } from './generated/catalogue';
import type { OperationName } from './request';
import type { RESOURCE_TABLE } from './resources';
import type { RateLimitOptions } from './rate-sharing';
import type { RetryOptions } from './retry';
import type { ClientCredentials } from './token';
import type { Transport } from './transport';

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
export type ItemOf<N extends OperationName> =
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
	/** Which clients share a rate limit (by default those with the same API key) and a set pace. */
	rateLimit?: RateLimitOptions;
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
