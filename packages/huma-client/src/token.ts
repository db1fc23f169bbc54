import { HumaApiError } from './errors';
import { operations } from './generated/catalogue';
import type { HttpRequest, HttpResponse } from './transport';

export interface ClientCredentials {
	clientId: string;
	clientSecret: string;
}

export interface AccessToken {
	accessToken: string;
	tokenType: string;
	/** Lifetime Huma granted, in seconds. */
	expiresIn: number;
	/** Epoch milliseconds after which the token must not be used. */
	expiresAt: number;
}

// From the catalogue, as every path is (and no string literal a secret scanner mistakes for a token).
const pathOf = (name: string) => operations.find((op) => op.name === name)!.path;
export const TOKEN_PATH = pathOf('auth.token');
export const REVOKE_PATH = pathOf('auth.revoke');

/** The client-credentials token request, as Huma documents it (form body). */
export function buildTokenRequest(baseUrl: string, credentials: ClientCredentials): HttpRequest {
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: credentials.clientId,
		client_secret: credentials.clientSecret,
	});
	return {
		method: 'POST',
		url: baseUrl + TOKEN_PATH,
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: form.toString(),
	};
}

/** Reads Huma's token answer, or throws a HumaApiError naming what went wrong. */
export function parseTokenResponse(response: HttpResponse, now: number): AccessToken {
	let body: unknown;
	try {
		body = response.body ? JSON.parse(response.body) : undefined;
	} catch {
		body = response.body;
	}
	const context = { operation: 'auth.token', method: 'POST', path: TOKEN_PATH };
	if (response.status !== 200) throw new HumaApiError({ status: response.status, context, body });
	const b = (body ?? {}) as Record<string, unknown>;
	if (typeof b.access_token !== 'string' || typeof b.expires_in !== 'number') {
		throw new HumaApiError({
			status: 502,
			context,
			body: { errorMessage: 'the token answer has no access_token or expires_in' },
		});
	}
	return {
		accessToken: b.access_token,
		tokenType: typeof b.token_type === 'string' ? b.token_type : 'Bearer',
		expiresIn: b.expires_in,
		expiresAt: now + b.expires_in * 1000,
	};
}

/** Seconds before expiry at which a cached token is replaced: a tenth of its life, at most 30 s. */
export function refreshMarginMs(expiresInSeconds: number): number {
	return Math.min(30_000, expiresInSeconds * 100);
}

/**
 * Caches one access token until shortly before it expires and makes every concurrent
 * caller share a single token request.
 */
export class TokenManager {
	private current?: AccessToken;
	private pending?: Promise<AccessToken>;

	constructor(
		private readonly fetchToken: () => Promise<AccessToken>,
		private readonly now: () => number,
	) {}

	/** The cached token while it is fresh, at once; undefined when one has to be fetched. */
	fresh(): string | undefined {
		const token = this.current;
		if (token && this.now() < token.expiresAt - refreshMarginMs(token.expiresIn))
			return token.accessToken;
		return undefined;
	}

	async get(): Promise<string> {
		const fresh = this.fresh();
		if (fresh !== undefined) return fresh;
		if (!this.pending) {
			this.pending = this.fetchToken().then(
				(fresh) => {
					this.current = fresh;
					this.pending = undefined;
					return fresh;
				},
				(error: unknown) => {
					this.pending = undefined;
					throw error;
				},
			);
		}
		return (await this.pending).accessToken;
	}

	/** Drops the token if it is still the cached one, so many 401s cause one refresh. */
	invalidate(accessToken: string): void {
		if (this.current?.accessToken === accessToken) this.current = undefined;
	}

	/**
	 * Whether a token is no longer the one to use: replaced since, or past its refresh point. A 401
	 * on such a token says nothing about the credentials: retry with the current one.
	 */
	isStale(accessToken: string): boolean {
		const token = this.current;
		return (
			token?.accessToken !== accessToken ||
			this.now() >= token.expiresAt - refreshMarginMs(token.expiresIn)
		);
	}

	peek(): AccessToken | undefined {
		return this.current;
	}

	clear(): void {
		this.current = undefined;
	}
}
