// Each client's custom field definitions, read once (one user.get) and kept as long as the client.
import type { HumaClient } from '../client';
import { listCustomFields, type CustomFieldDefinition } from '../custom-fields';

const cache = new WeakMap<object, Promise<CustomFieldDefinition[]>>();

/** The organisation's custom fields for this client, read on first use; a failed read is not kept. */
export function cachedCustomFields(
	client: HumaClient,
	signal?: AbortSignal,
): Promise<CustomFieldDefinition[]> {
	let pending = cache.get(client);
	if (!pending) {
		pending = listCustomFields(client, { signal });
		cache.set(client, pending);
		pending.catch(() => cache.delete(client));
	}
	return pending;
}

/** Forgets a client's definitions, after the organisation's custom fields changed. */
export function forgetCustomFields(client: HumaClient): void {
	cache.delete(client);
}
