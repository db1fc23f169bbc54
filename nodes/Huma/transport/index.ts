// The core client on n8n's HTTP helpers: requests go through httpRequestWithAuthentication,
// so the credential's token handling (preAuthentication, refresh on 401) applies to each call.
import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import {
	baseUrlOf,
	failureCode,
	failureFromCode,
	HumaClient,
	normalizeHeaders,
	rateLimitKey,
	unreachableCodeIn,
	untilAborted,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '@huma-integrations/huma-client';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

interface ErrorWithResponse {
	code?: string;
	message?: string;
	cause?: unknown;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function text(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * The HTTP answer inside an error n8n threw. n8n 2.x keeps the original error as `cause`;
 * n8n 1.x drops it and keeps only the status (`httpCode`) and a JSON body (`context.data`),
 * so there the answer is rebuilt from those, without headers.
 */
function responseOf(error: unknown): HttpResponse | undefined {
	let current = error as ErrorWithResponse | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		const response = current.response;
		if (response?.status)
			return {
				status: response.status,
				headers: normalizeHeaders(response.headers),
				body: text(response.data),
			};
		current = current.cause as ErrorWithResponse | undefined;
	}
	const wrapped = error as { httpCode?: unknown; context?: { data?: unknown } };
	if (typeof wrapped.httpCode === 'string' && /^[1-5]\d\d$/.test(wrapped.httpCode)) {
		return { status: Number(wrapped.httpCode), headers: {}, body: text(wrapped.context?.data) };
	}
	return undefined;
}

/**
 * n8n 1.x drops the original error of a failed connection, so its code (which tells whether a
 * retry is safe) survives only in the messages n8n keeps, e.g. "connect ECONNREFUSED 127.0.0.1:9".
 */
function codeInMessages(error: unknown): string | undefined {
	const messages = (error as { messages?: unknown }).messages;
	if (!Array.isArray(messages)) return undefined;
	for (const message of messages) {
		// The credential words its connection failures (see unreachableCodeIn) so n8n keeps its URL.
		// Node words a connection reset after sending as "socket hang up", without the code.
		const code =
			typeof message === 'string'
				? (/\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1] ??
					unreachableCodeIn(message) ??
					(/socket hang up/i.test(message) ? 'ECONNRESET' : undefined))
				: undefined;
		if (code) return code;
	}
	return undefined;
}

export function n8nTransport(
	context: Context,
	credentialOptions?: IAdditionalCredentialOptions,
): Transport {
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			try {
				const pending = context.helpers.httpRequestWithAuthentication.call(
					context,
					'humaApi',
					{
						method: request.method as IHttpRequestMethods,
						url: request.url,
						headers: request.headers,
						body: request.body,
						returnFullResponse: true,
						json: false,
						timeout: request.timeoutMs,
					},
					credentialOptions,
				) as Promise<{ statusCode: number; headers: IDataObject; body: unknown }>;
				// n8n replaces a request's abort signal with the execution's own, so the call's deadline
				// is enforced here: the call ends when its signal aborts, the request within n8n's timeout.
				pending.catch(() => undefined);
				const response = await untilAborted(pending, request.signal);
				const headers = normalizeHeaders(response.headers);
				// n8n has parsed a JSON answer already: hand it over as is rather than serialise it for a second parse.
				if (typeof response.body === 'object' && response.body !== null) {
					return { status: response.statusCode, headers, body: '', json: response.body };
				}
				return { status: response.statusCode, headers, body: text(response.body) };
			} catch (error) {
				if (request.signal?.aborted) throw failureFromCode('ABORTED', 'the request was aborted');
				// Error statuses are thrown, so that n8n refreshes the token on 401; hand the answer
				// back to the core, which owns retries and error messages.
				const failed = responseOf(error);
				if (failed) return failed;
				const lostCode = failureCode(error) ? undefined : codeInMessages(error);
				if (lostCode) throw failureFromCode(lostCode, (error as Error).message, error);
				// No answer at all. NodeApiError keeps the original as its cause, where the core reads the
				// failure's code (ECONNREFUSED, …) to decide whether a retry is safe.
				throw new NodeApiError(context.getNode(), error as JsonObject);
			}
		},
	};
}

export async function humaClient(context: Context): Promise<HumaClient> {
	const credentials = await context.getCredentials('humaApi');
	// Decrypted once per execution instead of once per request. n8n merges a refreshed token into
	// this same object, so every later request of the execution uses it.
	const reference = context.getNode().credentials?.humaApi;
	const credentialOptions: IAdditionalCredentialOptions | undefined = reference?.id
		? {
				credentialsDecrypted: {
					id: reference.id,
					name: reference.name,
					type: 'humaApi',
					data: credentials,
				},
			}
		: undefined;
	return new HumaClient({
		baseUrl: baseUrlOf(credentials),
		transport: n8nTransport(context, credentialOptions),
		sleep: (ms: number) => sleep(ms),
		// Every execution, node and trigger of this process using the key waits in one gate.
		rateLimit: {
			key: rateLimitKey(String(credentials.clientId ?? ''), baseUrlOf(credentials)),
			requestsPerSecond: Number(credentials.requestsPerSecond) || undefined,
		},
		// Read at redaction time: n8n swaps in a refreshed token on this same object.
		secrets: () => [String(credentials.clientSecret ?? ''), String(credentials.accessToken ?? '')],
	});
}
