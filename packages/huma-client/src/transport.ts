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
  body: string;
}

export interface Transport {
  request(request: HttpRequest): Promise<HttpResponse>;
  close?(): Promise<void>;
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
