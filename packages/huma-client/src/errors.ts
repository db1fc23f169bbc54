import type { ValidationIssue } from './validate';

/** Keeps secrets (client secret, tokens) out of every string an error can carry. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would blank out ordinary words; real secrets and tokens are long.
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, '$1[redacted]');
  }

  /** Rewrites message, stack and the whole cause chain of an error in place. */
  scrub<T>(error: T): T {
    let current: unknown = error;
    const visited = new Set<unknown>();
    while (current instanceof Error && !visited.has(current)) {
      visited.add(current);
      current.message = this.redact(current.message);
      if (current.stack) current.stack = this.redact(current.stack);
      current = (current as { cause?: unknown }).cause;
    }
    return error;
  }
}

export interface HumaErrorContext {
  operation: string;
  method: string;
  path: string;
}

/** Base of every error the client throws. */
export class HumaError extends Error {
  readonly operation?: string;
  readonly method?: string;
  readonly path?: string;

  constructor(message: string, context?: Partial<HumaErrorContext>, options?: { cause?: unknown }) {
    super(message, options);
    // Set explicitly in each class: bundlers rename classes, and the name is part of the JSON form.
    this.name = 'HumaError';
    this.operation = context?.operation;
    this.method = context?.method;
    this.path = context?.path;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operation: this.operation, method: this.method, path: this.path };
  }
}

/**
 * What a failed item or message carries as its error: everything a Huma error knows (status,
 * Huma's code, invalid fields, …) as plain JSON, or the name and message of any other error.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof HumaError) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Input failed the spec's schema; nothing was sent. */
export class HumaValidationError extends HumaError {
  readonly issues: ValidationIssue[];

  constructor(operation: string, issues: ValidationIssue[]) {
    const list = issues.map((i) => `${i.field} ${i.message}`).join('; ');
    super(`Invalid input for ${operation}: ${list}. Nothing was sent to Huma.`, { operation });
    this.name = 'HumaValidationError';
    this.issues = issues;
  }

  get fields(): string[] {
    return [...new Set(this.issues.map((i) => i.field))];
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operation: this.operation, issues: this.issues };
  }
}

/** Huma answered with an error status. */
export class HumaApiError extends HumaError {
  readonly status: number;
  readonly errorCode?: string;
  readonly humaMessage?: string;
  readonly fields: string[];
  readonly interpolations?: Record<string, string>;
  readonly retryAfterMs?: number;

  constructor(init: {
    status: number;
    context: HumaErrorContext;
    body: unknown;
    retryAfterMs?: number;
  }) {
    const parsed = parseErrorBody(init.body);
    super(buildApiMessage(init.status, init.context, parsed), init.context);
    this.name = 'HumaApiError';
    this.status = init.status;
    this.errorCode = parsed.errorCode;
    this.humaMessage = parsed.message;
    this.fields = parsed.fields;
    this.interpolations = parsed.interpolations;
    this.retryAfterMs = init.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errorCode: this.errorCode,
      humaMessage: this.humaMessage,
      fields: this.fields,
      interpolations: this.interpolations,
      operation: this.operation,
      method: this.method,
      path: this.path,
    };
  }
}

/** The request never got an answer: refused, reset, timed out or aborted. */
export class HumaConnectionError extends HumaError {
  readonly code?: string;
  /** False when the connection failed before any byte of the request left. */
  readonly requestSent: boolean;

  constructor(message: string, init: { code?: string; requestSent: boolean; context?: HumaErrorContext; cause?: unknown }) {
    super(message, init.context, { cause: init.cause });
    this.name = 'HumaConnectionError';
    this.code = init.code;
    this.requestSent = init.requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, operation: this.operation, method: this.method, path: this.path };
  }
}

interface ParsedErrorBody {
  errorCode?: string;
  message?: string;
  fields: string[];
  interpolations?: Record<string, string>;
}

function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body !== 'object' || body === null) {
    return { fields: [], message: typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : undefined };
  }
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    // 400/404 answer errorCode/errorMessage, 401 answers OAuth's error/error_description, 500 Spring's error/message.
    errorCode: str(b.errorCode) ?? str(b.error),
    message: str(b.errorMessage) ?? str(b.error_description) ?? str(b.message),
    fields: Array.isArray(b.fields) ? b.fields.filter((f): f is string => typeof f === 'string') : [],
    interpolations:
      typeof b.interpolations === 'object' && b.interpolations !== null
        ? (b.interpolations as Record<string, string>)
        : undefined,
  };
}

function advice(status: number, parsed: ParsedErrorBody): string {
  if (status === 400) {
    return parsed.fields.length
      ? `Check these fields: ${parsed.fields.join(', ')}.`
      : 'Check the values sent.';
  }
  if (status === 401) {
    return 'Check the API key\'s client ID and secret, and that the key is active in Huma under System settings > Open API.';
  }
  if (status === 403) return 'The API key is not allowed to do this.';
  if (status === 404) {
    const what = parsed.interpolations ? Object.entries(parsed.interpolations).map(([k, v]) => `${k} ${v}`).join(', ') : '';
    return what ? `Nothing found for ${what}: check the id.` : 'Check the id: it does not exist in this organisation.';
  }
  if (status === 429) return 'Huma is rate limiting this API key: wait and try again, or send fewer requests at once.';
  if (status >= 500) return 'Huma had a server problem: try again later.';
  return '';
}

function buildApiMessage(status: number, context: HumaErrorContext, parsed: ParsedErrorBody): string {
  const code = parsed.errorCode ? ` ${parsed.errorCode}` : '';
  const message = parsed.message ? `: ${parsed.message}` : '';
  const hint = advice(status, parsed);
  return `Huma answered ${status}${code} to ${context.operation} (${context.method} ${context.path})${message}.${hint ? ` ${hint}` : ''}`;
}

/**
 * The Huma error inside a host's wrapper (n8n wraps what a credential's token request threw).
 * Matched by name, since the credential and the node may each bundle their own copy of this
 * module; a foreign HumaApiError is rebuilt from its JSON form.
 */
export function findHumaError(error: unknown): HumaError | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof HumaError) return current;
    const e = current as Error & Record<string, unknown>;
    if (e.name === 'HumaApiError' && typeof e.status === 'number') {
      return new HumaApiError({
        status: e.status,
        context: { operation: String(e.operation ?? ''), method: String(e.method ?? ''), path: String(e.path ?? '') },
        body: { errorCode: e.errorCode, errorMessage: e.humaMessage, fields: e.fields, interpolations: e.interpolations },
      });
    }
    current = e.cause;
  }
  return undefined;
}
