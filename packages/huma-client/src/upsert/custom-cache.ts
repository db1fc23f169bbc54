// Each client's custom field definitions, read once (one user.get) and kept as long as the client;
// a row naming a key they lack makes the caller forget them and read once more.
import type { HumaClient } from '../client';
import { listCustomFields, type CustomFieldDefinition } from '../custom-fields';
import { untilAborted } from '../deadline';
import { abortedError } from '../errors';

const cache = new WeakMap<object, Promise<CustomFieldDefinition[]>>();

/**
 * The organisation's custom fields for this client, read on first use; a failed read is not kept.
 * The read is shared, so it runs without any one caller's signal: each caller stops waiting when
 * its own signal aborts.
 */
export function cachedCustomFields(
	client: HumaClient,
	signal?: AbortSignal,
): Promise<CustomFieldDefinition[]> {
	let pending = cache.get(client);
	if (!pending) {
		const read = listCustomFields(client);
		pending = read;
		cache.set(client, read);
		read.catch(() => {
			if (cache.get(client) === read) cache.delete(client);
		});
	}
	// An abort reads as any aborted call does (HumaConnectionError ABORTED or TIMEOUT).
	return untilAborted(pending, signal).catch((error: unknown) => {
		if (signal?.aborted && error === signal.reason)
			throw abortedError(signal, { operation: 'user.get', method: 'GET', path: '/users/me' }, true);
		throw error;
	});
}

/** Forgets a client's definitions, after the organisation's custom fields changed. */
export function forgetCustomFields(client: HumaClient): void {
	cache.delete(client);
}
