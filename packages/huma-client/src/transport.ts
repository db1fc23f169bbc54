/** What the client needs from an HTTP stack. Implemented with undici for Node and with n8n's helpers in n8n. */
export interface HttpRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	timeoutMs?: number;
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string | undefined>;
	/** The body as text; empty when the transport hands over `json` instead. */
	body: string;
	/** The body already parsed as JSON, for transports that parse it anyway (n8n's HTTP helper). */
	json?: unknown;
}

export interface Transport {
	request(request: HttpRequest): Promise<HttpResponse>;
	/** Requests it sends at once (its connections); more would wait in its own queue. */
	readonly maxConcurrency?: number;
	close?(): Promise<void>;
}

/** Response headers as the client reads them: names in lower case, repeated values joined. */
export function normalizeHeaders(
	raw: Record<string, unknown> | undefined,
): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	if (!raw) return out;
	// Read on every response: keys, not entries, so no pair is allocated per header.
	for (const key of Object.keys(raw)) {
		const value = raw[key];
		out[key.toLowerCase()] =
			typeof value === 'string'
				? value
				: Array.isArray(value)
					? value.join(', ')
					: value === undefined
						? undefined
						: String(value);
	}
	return out;
}

/** Thrown by transports when no response arrived. */
export class TransportError extends Error {
	readonly code?: string;
	/** False only when we know the request never left (refused, DNS, connect timeout). */
	readonly requestSent: boolean;

	constructor(message: string, init: { code?: string; requestSent: boolean; cause?: unknown }) {
		super(message, { cause: init.cause });
		this.name = 'TransportError';
		this.code = init.code;
		this.requestSent = init.requestSent;
	}
}

// Failures in which the request cannot have reached the server.
const NOT_SENT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error code found along an error's cause chain (ECONNREFUSED, ECONNRESET, …). */
export function failureCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; current && depth < 6; depth++) {
		const code = (current as { code?: unknown }).code;
		if (
			typeof code === 'string' &&
			/^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code) &&
			code !== 'UND_ERR_SOCKET'
		)
			return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** A TransportError for a failure known only by its code, e.g. from an engine that kept nothing else. */
export function failureFromCode(code: string, message: string, cause?: unknown): TransportError {
	return new TransportError(message, { code, requestSent: !NOT_SENT.has(code), cause });
}

/**
 * What a transport failure means for retrying: a TransportError says so itself; for other
 * errors (n8n's, for one) the code on the cause chain tells whether the request left.
 */
export function classifyFailure(error: unknown): {
	code?: string;
	requestSent: boolean;
	network: boolean;
} {
	if (error instanceof TransportError)
		return { code: error.code, requestSent: error.requestSent, network: true };
	const code = failureCode(error);
	// Without a network error code it is a fault of ours, not of the connection: never retried.
	return { code, requestSent: !(code && NOT_SENT.has(code)), network: code !== undefined };
}
