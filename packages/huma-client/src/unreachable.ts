/**
 * Connection failures in words. n8n replaces any error message naming a code (ECONNREFUSED, …)
 * by its own sentence, which drops the URL; worded, the message survives, and n8n 1.x, which
 * keeps only messages, still lets the failure be recognised by its words.
 */
export const UNREACHABLE_REASONS: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'the host refused the connection',
	ENOTFOUND: 'no host of that name was found',
	EAI_AGAIN: 'the host name could not be looked up just now',
	ETIMEDOUT: 'the connection timed out',
	UND_ERR_CONNECT_TIMEOUT: 'the connection attempt timed out',
	ECONNRESET: 'the connection was closed unexpectedly',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

/** The code a worded reason stands for, found in a message. */
export function unreachableCodeIn(message: string): string | undefined {
	return Object.entries(UNREACHABLE_REASONS).find(([, words]) => message.includes(words))?.[0];
}
