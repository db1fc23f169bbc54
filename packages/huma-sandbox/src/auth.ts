// API keys and the OAuth client-credentials tokens they get: issue, revoke, expire, authenticate.
import type { IncomingMessage } from 'node:http';
import { ApiFault, invalidFields } from './errors';
import { uuidFrom, type Store } from './store';

export type KeyStatus = 'active' | 'deactivated' | 'deleted';

export interface ApiKey {
	clientId: string;
	clientSecret: string;
	status: KeyStatus;
}

interface TokenRecord {
	clientId: string;
	expiresAt: number;
	revoked: boolean;
}

const bearerToken = (req: IncomingMessage) =>
	/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];

export class Auth {
	readonly keys: ApiKey[] = [];
	private readonly tokens = new Map<string, TokenRecord>();

	/** `idRandom` is the sandbox's id PRNG, shared with the handlers: tokens and keys draw from it in request order. */
	constructor(
		private readonly store: Store,
		private readonly idRandom: () => number,
		firstKey: ApiKey,
		public tokenLifetimeSeconds: number,
	) {
		this.keys.push(firstKey);
	}

	addKey(status: KeyStatus): ApiKey {
		const key = {
			clientId: uuidFrom(this.idRandom),
			clientSecret: uuidFrom(this.idRandom),
			status,
		};
		this.keys.push(key);
		return key;
	}

	setKeyStatus(clientId: string, status: KeyStatus): void {
		const key = this.keys.find((k) => k.clientId === clientId);
		if (!key) throw new Error(`No API key ${clientId}`);
		key.status = status;
	}

	expireTokens(): void {
		for (const record of this.tokens.values()) record.expiresAt = 0;
	}

	/** Throws Huma's 401 unless the request carries a live token of an active key. */
	authenticate(req: IncomingMessage): void {
		const token = bearerToken(req);
		const unauthorized = (description: string) =>
			new ApiFault(401, { error: 'invalid_token', error_description: description });
		if (!token)
			throw unauthorized('Full authentication is required: send Authorization: Bearer <token>');
		const record = this.tokens.get(token);
		if (!record) throw unauthorized('Invalid access token');
		if (record.revoked) throw unauthorized('Access token has been revoked');
		if (Date.now() >= record.expiresAt) throw unauthorized('Access token expired');
		const key = this.keys.find((k) => k.clientId === record.clientId);
		if (!key || key.status !== 'active')
			throw unauthorized(`API key is ${key?.status ?? 'deleted'}`);
	}

	/** `auth.token`: a form or JSON body, the client credentials in it or in Basic auth. */
	issueToken(req: IncomingMessage, raw: string): { status: number; body: unknown } {
		const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		let input: Record<string, unknown>;
		if (type === 'application/x-www-form-urlencoded') {
			input = Object.fromEntries(new URLSearchParams(raw));
		} else if (type === 'application/json') {
			try {
				input = JSON.parse(raw || '{}');
			} catch {
				throw invalidFields(['body'], 'Request body is not valid JSON');
			}
		} else {
			throw invalidFields(
				['body'],
				'Send the token request as application/x-www-form-urlencoded or application/json',
			);
		}
		// Basic auth may carry the client credentials instead of the body.
		const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
		if (basic) {
			const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
			input.client_id ??= id;
			input.client_secret ??= secret;
		}
		const missing = ['grant_type', 'client_id', 'client_secret'].filter(
			(f) => typeof input[f] !== 'string' || !input[f],
		);
		if (missing.length) throw invalidFields(missing);
		if (input.grant_type !== 'client_credentials') {
			throw invalidFields(
				['grant_type'],
				'The sandbox supports grant_type client_credentials only',
			);
		}
		const key = this.keys.find((k) => k.clientId === input.client_id && k.status !== 'deleted');
		if (!key || key.clientSecret !== input.client_secret) {
			throw new ApiFault(401, {
				error: 'invalid_client',
				error_description: 'Bad client credentials',
			});
		}
		if (key.status !== 'active') {
			throw new ApiFault(401, {
				error: 'invalid_client',
				error_description: 'API key is deactivated',
			});
		}
		const token = Buffer.from(uuidFrom(this.idRandom) + uuidFrom(this.idRandom)).toString(
			'base64url',
		);
		this.tokens.set(token, {
			clientId: key.clientId,
			expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
			revoked: false,
		});
		return {
			status: 200,
			body: {
				access_token: token,
				token_type: 'Bearer',
				expires_in: this.tokenLifetimeSeconds,
				organizationId: this.store.organizationId,
				userId: this.store.serviceUserId,
			},
		};
	}

	/** `auth.revoke`: the token in the Authorization header stops working. */
	revoke(req: IncomingMessage): { status: number } {
		const token = bearerToken(req);
		const record = token ? this.tokens.get(token) : undefined;
		if (!record || record.revoked)
			throw new ApiFault(401, {
				error: 'invalid_token',
				error_description: 'Invalid access token',
			});
		record.revoked = true;
		return { status: 200 };
	}
}
