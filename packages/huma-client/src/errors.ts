import type { ValidationIssue } from './validate';

/** The forms a secret takes when a server or proxy echoes it: raw, URL- or form-encoded, JSON-escaped, base64. */
function secretForms(secret: string): string[] {
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
	]);
	try {
		forms.add(btoa(secret));
	} catch {
		// Not Latin-1: no plain base64 form.
	}
	return [...forms];
}

/** Sets a property even where a plain assignment would throw (getter-only, read-only); false when it cannot. */
function setSafely(target: object, key: PropertyKey, value: unknown): boolean {
	try {
		if (Reflect.set(target, key, value) && Reflect.get(target, key) === value) return true;
		return Reflect.defineProperty(target, key, {
			value,
			writable: true,
			configurable: true,
			enumerable: Object.prototype.propertyIsEnumerable.call(target, key),
		});
	} catch {
		return false;
	}
}

/** An error, also from another realm (a DOMException, an error made in a vm context). */
function isErrorLike(value: object): value is Error {
	if (value instanceof Error) return true;
	const e = value as Partial<Error>;
	return typeof e.message === 'string' && typeof e.name === 'string' && typeof e.stack === 'string';
}

function isPlainData(value: object): boolean {
	const proto = Object.getPrototypeOf(value);
	// A plain object's prototype is Object.prototype of some realm: itself without a prototype.
	const plain =
		proto === null ||
		(Object.getPrototypeOf(proto) === null && proto.constructor?.name === 'Object');
	return Array.isArray(value) || plain || isErrorLike(value);
}

/** Keeps secrets (client secret, tokens) out of every string an error can carry. */
export class Redactor {
	private readonly secrets = new Set<string>();
	private readonly sources: (() => Iterable<string | undefined>)[] = [];

	add(secret: string | undefined): void {
		// Very short values would blank out ordinary words; real secrets and tokens are long.
		if (secret && secret.length >= 6)
			for (const form of secretForms(secret)) this.secrets.add(form);
	}

	/** Secrets read at redaction time, for hosts whose token changes under the client (n8n). */
	addSource(source: () => Iterable<string | undefined>): void {
		this.sources.push(source);
	}

	redact(text: string): string {
		const secrets = new Set(this.secrets);
		for (const source of this.sources) {
			for (const secret of source())
				if (secret && secret.length >= 6) for (const form of secretForms(secret)) secrets.add(form);
		}
		let out = text;
		// Longest first, so a secret inside another's encoded form is not half replaced.
		for (const secret of [...secrets].sort((a, b) => b.length - a.length))
			out = out.split(secret).join('[redacted]');
		return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, '$1[redacted]');
	}

	/**
	 * Redacts, in place, every string an error carries: message, stack, own properties at any
	 * depth (Huma's message, fields, interpolations, body excerpts) and the whole cause chain.
	 * Never throws: what cannot be rewritten (a frozen error) is replaced by a redacted copy.
	 */
	scrub<T>(error: T): T {
		const seen = new Set<object>();
		const visit = (value: unknown, depth: number): unknown => {
			if (typeof value === 'string') return this.redact(value);
			if (
				typeof value !== 'object' ||
				value === null ||
				seen.has(value) ||
				depth > 10 ||
				!isPlainData(value)
			)
				return value;
			seen.add(value);
			const keys = new Set<PropertyKey>(Reflect.ownKeys(value));
			const isError = isErrorLike(value);
			if (isError) ['message', 'stack', 'cause'].forEach((k) => keys.add(k));
			let copy: Error | undefined;
			for (const key of keys) {
				let current: unknown;
				try {
					current = (value as Record<PropertyKey, unknown>)[key];
				} catch {
					continue;
				}
				if (current === undefined) continue;
				const clean = visit(current, depth + 1);
				if (clean === current || setSafely(value, key, clean)) continue;
				if (isError && typeof key === 'string') {
					copy ??= Object.assign(new Error(this.redact(String(value.message))), {
						name: value.name,
					});
					setSafely(copy, key, clean);
				}
			}
			return copy ?? value;
		};
		return visit(error, 0) as T;
	}
}

export interface HumaErrorContext {
	operation: string;
	method: string;
	path: string;
}

/**
 * A write (anything but GET; token requests aside) that failed after the request left: Huma may
 * have applied it. Repeating it blindly can create a record twice.
 */
function isWrite(context: Partial<HumaErrorContext> | undefined): boolean {
	return !!context?.method && context.method !== 'GET' && !context.operation?.startsWith('auth.');
}

const OUTCOME_UNKNOWN_ADVICE =
	'The change may have been applied in Huma: check there before retrying.';

/** Base of every error the client throws. */
export class HumaError extends Error {
	readonly operation?: string;
	readonly method?: string;
	readonly path?: string;
	/** True when a write failed after it was sent, so Huma may have applied it. */
	outcomeUnknown?: boolean;

	constructor(message: string, context?: Partial<HumaErrorContext>, options?: { cause?: unknown }) {
		super(message, options);
		// Set explicitly in each class: bundlers rename classes, and the name is part of the JSON form.
		this.name = 'HumaError';
		this.operation = context?.operation;
		this.method = context?.method;
		this.path = context?.path;
	}

	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			message: this.message,
			operation: this.operation,
			method: this.method,
			path: this.path,
			...this.outcomeJson(),
		};
	}

	protected outcomeJson(): Record<string, unknown> {
		return this.outcomeUnknown ? { outcomeUnknown: true } : {};
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
		return {
			name: this.name,
			message: this.message,
			operation: this.operation,
			issues: this.issues,
		};
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
		// 500, 502 and 504 come after the request reached Huma or a proxy in front of it.
		const outcomeUnknown =
			isWrite(init.context) && (init.status === 500 || init.status === 502 || init.status === 504);
		super(
			buildApiMessage(init.status, init.context, parsed) +
				(outcomeUnknown ? ` ${OUTCOME_UNKNOWN_ADVICE}` : ''),
			init.context,
		);
		if (outcomeUnknown) this.outcomeUnknown = true;
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
			...this.outcomeJson(),
		};
	}
}

/** The request never got an answer: refused, reset, timed out or aborted. */
export class HumaConnectionError extends HumaError {
	readonly code?: string;
	/** False when the connection failed before any byte of the request left. */
	readonly requestSent: boolean;

	constructor(
		message: string,
		init: { code?: string; requestSent: boolean; context?: HumaErrorContext; cause?: unknown },
	) {
		const outcomeUnknown = init.requestSent && isWrite(init.context);
		super(outcomeUnknown ? `${message} ${OUTCOME_UNKNOWN_ADVICE}` : message, init.context, {
			cause: init.cause,
		});
		this.name = 'HumaConnectionError';
		this.code = init.code;
		this.requestSent = init.requestSent;
		if (outcomeUnknown) this.outcomeUnknown = true;
	}

	override toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			message: this.message,
			code: this.code,
			operation: this.operation,
			method: this.method,
			path: this.path,
			...this.outcomeJson(),
		};
	}
}

/**
 * The transport failed in a way that says nothing of whether the request left (an engine that
 * drops the failure's code, such as n8n 1.x on a time-out): a write may have been applied.
 */
export function requestFailedError(
	message: string,
	context: HumaErrorContext,
	cause: unknown,
): HumaError {
	const outcomeUnknown = isWrite(context);
	const error = new HumaError(
		outcomeUnknown ? `${message} ${OUTCOME_UNKNOWN_ADVICE}` : message,
		context,
		{ cause },
	);
	if (outcomeUnknown) error.outcomeUnknown = true;
	return error;
}

/**
 * The caller's signal ended the call: ABORTED for `abort()`, TIMEOUT for `AbortSignal.timeout()`.
 * `requestSent` says whether an attempt had left, which decides whether a write's outcome is unknown.
 */
export function abortedError(
	signal: AbortSignal,
	context: HumaErrorContext,
	requestSent: boolean,
	cause?: unknown,
): HumaConnectionError {
	const reason = signal.reason as { name?: unknown } | undefined;
	const timeout = reason?.name === 'TimeoutError';
	return new HumaConnectionError(
		`${context.operation} (${context.method} ${context.path}) ${timeout ? "timed out: the caller's time limit passed" : 'was aborted by the caller'}.`,
		{ code: timeout ? 'TIMEOUT' : 'ABORTED', requestSent, context, cause: cause ?? signal.reason },
	);
}

/**
 * A readable excerpt of a non-JSON answer: an HTML error page (a proxy's 502) loses its tags,
 * scripts and styles, whitespace is collapsed and the length capped.
 */
export function readableExcerpt(text: string, max = 200): string {
	let out = text;
	if (/<[a-z!/][^>]*>/i.test(out)) {
		out = out
			.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/&nbsp;/gi, ' ')
			.replace(/&lt;/gi, '<')
			.replace(/&gt;/gi, '>')
			.replace(/&quot;/gi, '"')
			.replace(/&#39;/gi, "'")
			.replace(/&amp;/gi, '&');
	}
	out = out.replace(/\s+/g, ' ').trim();
	return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

interface ParsedErrorBody {
	errorCode?: string;
	message?: string;
	fields: string[];
	interpolations?: Record<string, string>;
}

function parseErrorBody(body: unknown): ParsedErrorBody {
	if (typeof body !== 'object' || body === null) {
		const excerpt = typeof body === 'string' ? readableExcerpt(body) : '';
		return { fields: [], message: excerpt || undefined };
	}
	const b = body as Record<string, unknown>;
	const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
	return {
		// 400/404 answer errorCode/errorMessage, 401 answers OAuth's error/error_description, 500 Spring's error/message.
		errorCode: str(b.errorCode) ?? str(b.error),
		message: str(b.errorMessage) ?? str(b.error_description) ?? str(b.message),
		fields: Array.isArray(b.fields)
			? b.fields.filter((f): f is string => typeof f === 'string')
			: [],
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
		return "Check the API key's client ID and secret, and that the key is active in Huma under System settings > Open API.";
	}
	if (status === 403) return 'The API key is not allowed to do this.';
	if (status === 404) {
		const what = parsed.interpolations
			? Object.entries(parsed.interpolations)
					.map(([k, v]) => `${k} ${v}`)
					.join(', ')
			: '';
		return what
			? `Nothing found for ${what}: check the id.`
			: 'Check the id: it does not exist in this organisation.';
	}
	if (status === 429)
		return 'Huma is rate limiting this API key: wait and try again, or send fewer requests at once.';
	if (status >= 500) return 'Huma had a server problem: try again later.';
	return '';
}

function buildApiMessage(
	status: number,
	context: HumaErrorContext,
	parsed: ParsedErrorBody,
): string {
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
				context: {
					operation: String(e.operation ?? ''),
					method: String(e.method ?? ''),
					path: String(e.path ?? ''),
				},
				body: {
					errorCode: e.errorCode,
					errorMessage: e.humaMessage,
					fields: e.fields,
					interpolations: e.interpolations,
				},
			});
		}
		current = e.cause;
	}
	return undefined;
}
