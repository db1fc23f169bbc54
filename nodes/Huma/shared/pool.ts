// How many items of one execution are sent at once, and the pool that sends them.

/**
 * Items in flight at once: bounded, to stay polite to Huma (a 429 is retried after Retry-After).
 * n8n's HTTP Request node sends every item at once unless batching is set. Past 64 nothing is
 * gained: at 20 ms latency the node is then bound by n8n's own per-item work (bench/n8n.js).
 */
export const ITEM_CONCURRENCY = 64;

/**
 * Runs `each` for the indexes 0 … count-1, at most `limit` at once, each index once. The first
 * one that throws rejects the whole (the node fails); catch inside `each` to go on.
 */
export async function forEachPooled(
	count: number,
	each: (index: number) => Promise<void>,
	limit = ITEM_CONCURRENCY,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await each(next++);
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
