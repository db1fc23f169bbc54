// Node.js entry: the core wired to undici and real timers.
import { HumaClient } from './client';
import type { HumaClientOptions } from './client-types';
import { UndiciTransport, type UndiciTransportOptions } from './transport/undici';

export * from './index';
export { UndiciTransport, type UndiciTransportOptions } from './transport/undici';

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason ?? new Error('aborted'));
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

export type CreateHumaClientOptions = Omit<HumaClientOptions, 'transport' | 'sleep'> &
	Partial<Pick<HumaClientOptions, 'transport' | 'sleep'>> & { undici?: UndiciTransportOptions };

/** A ready client for Node.js: undici keep-alive transport, real timers. */
export function createHumaClient(options: CreateHumaClientOptions): HumaClient {
	return new HumaClient({
		...options,
		transport: options.transport ?? new UndiciTransport(options.undici),
		sleep: options.sleep ?? sleep,
	});
}
