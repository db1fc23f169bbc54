import { Agent, errors, request as undiciRequest } from 'undici';
import { TransportError, type HttpRequest, type HttpResponse, type Transport } from '../transport';

export interface UndiciTransportOptions {
  /** Keep-alive connections per origin. */
  connections?: number;
  /** Per-request timeout when the request gives none. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
}

// Failures where the request cannot have reached the server.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string }).code;
}

/** Keep-alive HTTP transport on undici, for Node-RED and standalone use. */
export class UndiciTransport implements Transport {
  private readonly agent: Agent;
  private readonly timeoutMs: number;

  constructor(options: UndiciTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.agent = new Agent({
      connections: options.connections ?? 16,
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
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(res.headers)) {
        headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, body };
    } catch (error) {
      const code = errorCode(error);
      const aborted = error instanceof errors.RequestAbortedError || (error as Error)?.name === 'AbortError';
      throw new TransportError(aborted ? 'the request was aborted' : (error as Error)?.message ?? String(error), {
        code: aborted ? 'ABORTED' : code,
        requestSent: !(code && NOT_SENT.has(code)),
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
