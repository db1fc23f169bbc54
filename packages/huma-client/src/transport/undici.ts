import { Agent, errors, request as undiciRequest } from 'undici';
import {
	classifyFailure,
	normalizeHeaders,
	TransportError,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../transport';

export interface UndiciTransportOptions {
	/** Keep-alive connections per origin. */
	connections?: number;
	/** Per-request timeout when the request gives none. */
	timeoutMs?: number;
	connectTimeoutMs?: number;
}

/** Keep-alive HTTP transport on undici, for Node-RED and standalone use. */
export class UndiciTransport implements Transport {
	private readonly agent: Agent;
	private readonly timeoutMs: number;
	readonly maxConcurrency: number;

	constructor(options: UndiciTransportOptions = {}) {
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.maxConcurrency = options.connections ?? 16;
		this.agent = new Agent({
			connections: this.maxConcurrency,
			keepAliveTimeout: 10_000,
			connect: { timeout: options.connectTimeoutMs ?? 10_000 },
		});
	}

	async request(req: HttpRequest): Promise<HttpResponse> {
		const timeout = req.timeoutMs ?? this.timeoutMs;
		try {
			const res = await undiciRequest(req.url, {
				method: req.method as 'GET',
				headers: req.headers,
				body: req.body,
				dispatcher: this.agent,
				signal: req.signal,
				headersTimeout: timeout,
				bodyTimeout: timeout,
			});
			const body = await res.body.text();
			return { status: res.statusCode, headers: normalizeHeaders(res.headers), body };
		} catch (error) {
			const aborted =
				error instanceof errors.RequestAbortedError || (error as Error)?.name === 'AbortError';
			const { code, requestSent } = classifyFailure(error);
			throw new TransportError(
				aborted ? 'the request was aborted' : ((error as Error)?.message ?? String(error)),
				{
					code: aborted ? 'ABORTED' : (code ?? (error as { code?: string }).code),
					requestSent,
					cause: error,
				},
			);
		}
	}

	async close(): Promise<void> {
		await this.agent.close();
	}
}
