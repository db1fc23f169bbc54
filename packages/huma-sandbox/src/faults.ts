// Injected faults: scripted one-offs first, then the rate-limit window, then seeded random
// resets, malformed bodies and error statuses; latency and jitter before each answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationSpec } from '@huma-integrations/huma-client';
import { serverError } from './errors';

export interface FaultOptions {
	/** Answer 429 once more than `requests` arrive within `windowMs`. */
	rateLimit?: { requests: number; windowMs: number; retryAfterSeconds?: number };
	/** Share (0..1) of API requests answered with one of `errorStatuses`. */
	errorRate?: number;
	errorStatuses?: number[];
	/** Share of API requests whose connection is destroyed without an answer. */
	resetRate?: number;
	/** Share of API requests answered 200 with a body that is not JSON. */
	malformedRate?: number;
	/** Added to every API answer. */
	latencyMs?: number;
	/** Up to this much more, drawn from the seeded PRNG. */
	jitterMs?: number;
}

/** A fault that hits the next matching request exactly once, for precise tests. */
export interface ScriptedFault {
	/** Catalogue name (`user.get`), or any operation when left out. */
	operation?: string;
	status?: number;
	retryAfter?: string;
	reset?: boolean;
	malformed?: boolean;
	/** Let this many matching requests through first. */
	after?: number;
}

export class Faults {
	options: FaultOptions;
	private readonly scripted: ScriptedFault[] = [];
	private window: { start: number; count: number } = { start: 0, count: 0 };

	/** `random` is the sandbox's fault PRNG: jitter and fault draws share it, in request order. */
	constructor(
		options: FaultOptions | undefined,
		private readonly random: () => number,
	) {
		this.options = { ...options };
	}

	/** Replaces the options and starts a new rate-limit window. */
	set(options: FaultOptions): void {
		this.options = { ...options };
		this.window = { start: 0, count: 0 };
	}

	script(...faults: ScriptedFault[]): void {
		this.scripted.push(...faults);
	}

	/** Scripted faults still waiting for their request. */
	get queued(): number {
		return this.scripted.length;
	}

	/** The latency to add before this answer: `latencyMs` plus seeded jitter. */
	delayMs(): number {
		return (
			(this.options.latencyMs ?? 0) +
			(this.options.jitterMs ? this.random() * this.options.jitterMs : 0)
		);
	}

	/** The fault for this request, if any. */
	next(op: OperationSpec): ScriptedFault | undefined {
		const index = this.scripted.findIndex((f) => !f.operation || f.operation === op.name);
		if (index !== -1) {
			const next = this.scripted[index];
			if (next.after) {
				next.after--;
				return undefined;
			}
			return this.scripted.splice(index, 1)[0];
		}
		const f = this.options;
		if (f.rateLimit) {
			const now = Date.now();
			if (now - this.window.start >= f.rateLimit.windowMs) this.window = { start: now, count: 0 };
			this.window.count++;
			if (this.window.count > f.rateLimit.requests) {
				const wait = Math.max(
					1,
					Math.ceil((this.window.start + f.rateLimit.windowMs - now) / 1000),
				);
				return { status: 429, retryAfter: String(f.rateLimit.retryAfterSeconds ?? wait) };
			}
		}
		if (f.resetRate && this.random() < f.resetRate) return { reset: true };
		if (f.malformedRate && this.random() < f.malformedRate) return { malformed: true };
		if (f.errorRate && this.random() < f.errorRate) {
			const statuses = f.errorStatuses ?? [500, 502, 503];
			return { status: statuses[Math.floor(this.random() * statuses.length)] };
		}
		return undefined;
	}
}

/** Answers a request with its fault: a dropped connection, a body that is not JSON, or an error status. */
export function answerWithFault(
	fault: ScriptedFault,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
): void {
	if (fault.reset) {
		req.socket.destroy();
		return;
	}
	if (fault.malformed) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"items": [ this is not JSON');
		return;
	}
	const status = fault.status ?? 500;
	const headers: Record<string, string> = fault.retryAfter
		? { 'retry-after': fault.retryAfter }
		: {};
	send(status, status >= 500 ? serverError('Injected fault', path) : undefined, headers);
}
