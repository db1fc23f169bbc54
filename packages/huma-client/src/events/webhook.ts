// Huma's outgoing webhooks: verification of a delivery and its normalisation into events.
// What Huma sends is described in docs of the repo (shared/huma-api/webhooks.md): a `huma-topic`
// header and a JSON body with `topic` and `users`; `huma-hmac-sha256` when a secret is set, and
// `Authorization: Bearer <token>` when an access token is set.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HumaError } from '../errors';
import { splitList } from '../validate';
import type { WatchEventName } from './watch';

export const WEBHOOK_SIGNATURE_HEADER = 'huma-hmac-sha256';
export const WEBHOOK_TOPIC_HEADER = 'huma-topic';
/** Deliveries larger than this are refused (413): an export of a large organisation fits well within. */
export const DEFAULT_MAX_WEBHOOK_MB = 16;
export const DEFAULT_MAX_WEBHOOK_BYTES = DEFAULT_MAX_WEBHOOK_MB * 1024 * 1024;

/** A trigger's Max Body Size setting (MB) in bytes; blank or not a positive number is the default. */
export function maxWebhookBytes(megabytes: unknown): number {
	const mb = Number(megabytes);
	return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_WEBHOOK_MB) * 1024 * 1024;
}

/** The profile topics Huma documents; any other topic passes through as it comes. */
export const PROFILE_TOPICS = [
	'users-create',
	'users-update',
	'users-delete',
	'users-export',
] as const;

export interface WebhookSecrets {
	/** The webhook's client secret: deliveries must carry a valid `huma-hmac-sha256`. */
	secret?: string;
	/** The webhook's access token: deliveries must carry `Authorization: Bearer <token>`. */
	token?: string;
}

export interface WebhookRequest {
	/** Header names in any case; values as Node or an engine gives them. */
	headers: Record<string, string | string[] | undefined>;
	/** The raw body exactly as received: the signature covers these bytes. */
	body: Uint8Array | string;
}

export interface WebhookDelivery {
	topic: string;
	/** The parsed JSON body, unknown fields included. */
	body: Record<string, unknown>;
	/** One object per affected user (empty when the body has no `users` array). */
	users: Record<string, unknown>[];
}

export type WebhookVerification =
	| { ok: true; delivery: WebhookDelivery }
	| { ok: false; status: 400 | 401 | 413; reason: string };

/** Normalised event names, shared by the webhook and the polling triggers of both engines. */
export type HumaEventName = WatchEventName | 'userExported' | (string & {});

const TOPIC_EVENTS: Record<string, HumaEventName> = {
	'users-create': 'userAdded',
	'users-update': 'userChanged',
	'users-delete': 'userRemoved',
	'users-export': 'userExported',
};

/** The event a topic stands for: profile topics get their name, any other topic is its own event. */
function eventForTopic(topic: string): HumaEventName {
	return TOPIC_EVENTS[topic] ?? topic;
}

function header(headers: WebhookRequest['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/** Constant-time equality of two strings whatever their lengths (both are hashed first). */
function safeEqual(a: string, b: string): boolean {
	const ha = createHash('sha256').update(a).digest();
	const hb = createHash('sha256').update(b).digest();
	return timingSafeEqual(ha, hb);
}

/** HMAC-SHA256 of the raw body keyed with the secret, as Huma signs it. */
export function signWebhookBody(
	secret: string,
	body: Uint8Array | string,
	encoding: 'hex' | 'base64' = 'hex',
): string {
	return createHmac('sha256', secret).update(body).digest(encoding);
}

/** Decodes a signature given as hex or base64 (standard or URL-safe) into its 32 bytes, if it is one. */
function decodeSignature(value: string): Buffer | undefined {
	const text = value.trim();
	if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
	if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
		const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return bytes.length === 32 ? bytes : undefined;
	}
	return undefined;
}

/** True when `signature` (hex or base64) is the HMAC-SHA256 of `body` under `secret`; constant time. */
export function verifyWebhookSignature(
	secret: string,
	body: Uint8Array | string,
	signature: string | undefined,
): boolean {
	const expected = createHmac('sha256', secret).update(body).digest();
	const given = signature ? decodeSignature(signature) : undefined;
	// Compare even when the header is missing or malformed, so timing does not tell them apart.
	const ok = timingSafeEqual(expected, given ?? Buffer.alloc(32));
	return ok && given !== undefined;
}

/**
 * Checks a delivery the way a receiver must: size, signature (when a secret is set), bearer
 * token (when a token is set), then JSON and topic. Answers what to reply when it fails.
 * At least one of secret and token is required: an unauthenticated endpoint would start
 * workflows for anyone who finds its URL.
 */
export function verifyWebhook(
	request: WebhookRequest,
	secrets: WebhookSecrets,
	options: { maxBytes?: number } = {},
): WebhookVerification {
	if (!secrets.secret && !secrets.token) {
		throw new HumaError(
			'The Huma webhook needs its client secret or its access token (or both) to verify deliveries',
		);
	}
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
	const size =
		typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
	if (size > maxBytes)
		return {
			ok: false,
			status: 413,
			reason: `The delivery is ${size} bytes, more than the ${maxBytes} accepted`,
		};
	if (secrets.token) {
		const auth = header(request.headers, 'authorization') ?? '';
		const given = /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1] ?? '';
		if (!safeEqual(given, secrets.token)) {
			return {
				ok: false,
				status: 401,
				reason: auth
					? 'The bearer token does not match the webhook access token'
					: 'The delivery has no bearer token',
			};
		}
	}
	if (secrets.secret) {
		const signature = header(request.headers, WEBHOOK_SIGNATURE_HEADER);
		if (!verifyWebhookSignature(secrets.secret, request.body, signature)) {
			return {
				ok: false,
				status: 401,
				reason: signature
					? `The ${WEBHOOK_SIGNATURE_HEADER} signature does not match the body`
					: `The delivery has no ${WEBHOOK_SIGNATURE_HEADER} signature`,
			};
		}
	}
	const text =
		typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return { ok: false, status: 400, reason: 'The delivery body is not JSON' };
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, status: 400, reason: 'The delivery body is not a JSON object' };
	}
	const record = body as Record<string, unknown>;
	const headerTopic = header(request.headers, WEBHOOK_TOPIC_HEADER)?.trim();
	const bodyTopic = typeof record.topic === 'string' ? record.topic : undefined;
	if (headerTopic && bodyTopic && headerTopic !== bodyTopic) {
		return {
			ok: false,
			status: 400,
			reason: `The ${WEBHOOK_TOPIC_HEADER} header (${headerTopic}) and the body's topic (${bodyTopic}) differ`,
		};
	}
	const topic = bodyTopic ?? headerTopic;
	if (!topic)
		return {
			ok: false,
			status: 400,
			reason: `The delivery has no topic (${WEBHOOK_TOPIC_HEADER} header or body "topic")`,
		};
	const users = Array.isArray(record.users)
		? record.users.filter(
				(u): u is Record<string, unknown> =>
					typeof u === 'object' && u !== null && !Array.isArray(u),
			)
		: [];
	return { ok: true, delivery: { topic, body: record, users } };
}

export interface WebhookEvent {
	event: HumaEventName;
	topic: string;
	source: 'webhook';
	/** Per-user output: the affected user as Huma sent it. */
	userId?: string;
	user?: Record<string, unknown>;
	/** Per-delivery output: the whole body as Huma sent it. */
	delivery?: Record<string, unknown>;
}

/** The topics a new webhook trigger starts with. */
export const DEFAULT_WEBHOOK_TOPICS: readonly string[] = [
	'users-create',
	'users-update',
	'users-delete',
];

/** The choice that takes every topic not among {@link PROFILE_TOPICS}. */
export const OTHER_TOPICS = 'other';

/**
 * Whether a trigger wants a delivery of this topic. `wanted` is a list or comma-separated text;
 * blank takes every topic. A profile topic is taken by name; any other topic by name or by
 * {@link OTHER_TOPICS}.
 */
export function topicWanted(
	topic: string,
	wanted: readonly string[] | string | undefined,
): boolean {
	const list = typeof wanted === 'string' ? splitList(wanted) : (wanted ?? []);
	if (list.length === 0) return true;
	if (list.includes(topic)) return true;
	return !(PROFILE_TOPICS as readonly string[]).includes(topic) && list.includes(OTHER_TOPICS);
}

/**
 * One event per affected user (`per: 'user'`), or one per delivery. A delivery without users
 * (a topic of a family we do not know) still gives one event, carrying the body.
 */
export function webhookEvents(
	delivery: WebhookDelivery,
	per: 'user' | 'delivery' = 'user',
): WebhookEvent[] {
	const event = eventForTopic(delivery.topic);
	if (per === 'delivery' || delivery.users.length === 0) {
		return [{ event, topic: delivery.topic, source: 'webhook', delivery: delivery.body }];
	}
	return delivery.users.map((user) => ({
		event,
		topic: delivery.topic,
		source: 'webhook',
		...(typeof user.id === 'string' ? { userId: user.id } : {}),
		user,
	}));
}
