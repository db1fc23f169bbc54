// One rate gate per API key in a process: Huma limits requests per key, so every client using
// the same key (client ID and base URL) waits in the same gate, and different keys never slow
// each other. The gates live in this module, so they are shared by everything that loads this
// copy of the core: the n8n package bundles one copy for all its nodes, triggers and
// credentials (dist/shared/huma-client.js), and Node-RED installs the core once as a dependency.
import { sha256Hex } from './fingerprint';
import { RateGate, type RateGateOptions, type SharedRateGate } from './ratelimit';
import { resolveBaseUrl } from './url';

const gates = new Map<string, SharedRateGate>();

/** The key a rate limit is shared by: a hash of the client ID and base URL (no secret in it). */
export function rateLimitKey(clientId: string, baseUrl: string | undefined): string {
	return sha256Hex(JSON.stringify(['rate-limit', clientId, resolveBaseUrl(baseUrl)]));
}

export interface RateLimitOptions extends RateGateOptions {
	/**
	 * Clients with the same key (and the same `requestsPerSecond`) share one gate. Defaults to
	 * rateLimitKey(client ID, base URL) for a client holding credentials; `false` gives the client
	 * a gate of its own (tests that must not share their learned limits).
	 */
	key?: string | false;
	/**
	 * A short-lived client (an editor's look-up): it joins its key's gate when there is one, but
	 * leaves none behind. Gates are never dropped, so each key typed in would stay for good.
	 */
	transient?: boolean;
}

/** The gate a client sends through: its key's shared one, or its own. */
export function rateGateFor(
	options: RateLimitOptions | undefined,
	defaultKey: string | undefined,
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
	now: () => number,
	maxInFlight: number | undefined,
): SharedRateGate {
	const base = options?.key === undefined ? defaultKey : options.key;
	if (!base) return new RateGate(sleep, now, maxInFlight, options);
	// A set pace is part of the key: a client with another setting (n8n's credential edited, or set
	// back to 0 to learn) gets its pace at once instead of the first client's, kept until a restart.
	const rps = options?.requestsPerSecond;
	const key = rps && rps > 0 ? `${base} ${rps}/s` : base;
	const known = gates.get(key);
	if (known) {
		known.join(maxInFlight);
		return known;
	}
	const gate = new RateGate(sleep, now, maxInFlight, options);
	if (!options?.transient) gates.set(key, gate);
	return gate;
}
