// Huma's outgoing webhooks, as the sandbox sends them (see shared webhooks notes in the README):
// a JSON body `{ topic, users }` with a `huma-topic` header, signed with `huma-hmac-sha256` when
// a secret is set and carrying `Authorization: Bearer <token>` when a token is set.
// Huma says nothing about retries: the sandbox's guess is to retry network failures, 429 and
// 5xx with exponential back-off, and to give up at once on other 4xx (the receiver refused it).
import { signWebhookBody } from '@huma-integrations/huma-client';

export interface WebhookConfig {
	url: string;
	secret?: string;
	token?: string;
}

export interface WebhookRetryOptions {
	/** Attempts per delivery, the first included. */
	attempts: number;
	/** Delay before the first retry; doubles each time, up to `maxDelayMs`. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Per-attempt timeout. */
	timeoutMs: number;
	/** Deliveries in flight at once; the rest wait their turn, in order. */
	concurrency: number;
}

export interface WebhookCounters {
	/** Deliveries queued (one per event). */
	queued: number;
	/** Answered 2xx. */
	delivered: number;
	/** Refused by the receiver with a 4xx other than 429: not retried. */
	rejected: number;
	/** Given up after every attempt failed. */
	failed: number;
	/** HTTP attempts in all, retries included. */
	attempts: number;
	retries: number;
	byTopic: Record<string, number>;
	/** Status of the last answer, or the error of the last failed attempt. */
	last?: { topic: string; status?: number; error?: string };
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
	attempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 8000,
	timeoutMs: 10_000,
	concurrency: 8,
};

export function emptyWebhookCounters(): WebhookCounters {
	return { queued: 0, delivered: 0, rejected: 0, failed: 0, attempts: 0, retries: 0, byTopic: {} };
}

export class WebhookSender {
	config?: WebhookConfig;
	counters: WebhookCounters = emptyWebhookCounters();
	retry: WebhookRetryOptions;
	private readonly pending = new Set<Promise<void>>();
	private readonly waiting: (() => void)[] = [];
	private inFlight = 0;

	constructor(config?: WebhookConfig, retry: Partial<WebhookRetryOptions> = {}) {
		this.retry = { ...DEFAULT_WEBHOOK_RETRY, ...retry };
		if (config) this.configure(config);
	}

	configure(config: WebhookConfig | undefined): void {
		if (config) {
			const url = new URL(config.url);
			if (url.protocol !== 'http:' && url.protocol !== 'https:')
				throw new Error(`webhook url must be http(s), got ${config.url}`);
		}
		this.config = config
			? { url: config.url, secret: config.secret || undefined, token: config.token || undefined }
			: undefined;
	}

	/** What the admin endpoint shows: the receiver, whether a secret/token is set (never their values). */
	describe(): Record<string, unknown> {
		return {
			url: this.config?.url ?? null,
			secret: Boolean(this.config?.secret),
			token: Boolean(this.config?.token),
			counters: this.counters,
		};
	}

	/** Sends one delivery in the background (nothing when no receiver is set). */
	send(topic: string, body: Record<string, unknown>): void {
		const config = this.config;
		if (!config) return;
		this.counters.queued++;
		this.counters.byTopic[topic] = (this.counters.byTopic[topic] ?? 0) + 1;
		const text = JSON.stringify({ topic, ...body });
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'huma-topic': topic,
		};
		if (config.secret) headers['huma-hmac-sha256'] = signWebhookBody(config.secret, text);
		if (config.token) headers.authorization = `Bearer ${config.token}`;
		const delivery = this.slot()
			.then(() => this.deliver(config.url, topic, headers, text))
			.finally(() => {
				this.pending.delete(delivery);
				this.inFlight--;
				this.waiting.shift()?.();
			});
		this.pending.add(delivery);
	}

	/** Resolves when a delivery may start: at most `concurrency` at once, the others in order. */
	private slot(): Promise<void> {
		if (this.inFlight < this.retry.concurrency) {
			this.inFlight++;
			return Promise.resolve();
		}
		return new Promise((resolve) =>
			this.waiting.push(() => {
				this.inFlight++;
				resolve();
			}),
		);
	}

	/** Resolves once every delivery queued so far has succeeded or been given up. */
	async idle(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	private async deliver(
		url: string,
		topic: string,
		headers: Record<string, string>,
		text: string,
	): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			this.counters.attempts++;
			let retryable: boolean;
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers,
					body: text,
					signal: AbortSignal.timeout(this.retry.timeoutMs),
				});
				await res.arrayBuffer().catch(() => undefined);
				this.counters.last = { topic, status: res.status };
				if (res.status >= 200 && res.status < 300) {
					this.counters.delivered++;
					return;
				}
				retryable = res.status === 429 || res.status >= 500;
				if (!retryable) {
					this.counters.rejected++;
					return;
				}
			} catch (error) {
				this.counters.last = { topic, error: (error as Error).message };
				retryable = true;
			}
			if (attempt >= this.retry.attempts) {
				this.counters.failed++;
				return;
			}
			this.counters.retries++;
			const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
			await new Promise((resolve) => setTimeout(resolve, delay));
		}
	}
}
