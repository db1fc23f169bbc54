// The sandbox's own admin API under /__sandbox/ (not Huma's): counters, faults, tokens,
// strict-mode violations, the webhook receiver, and user changes no Open API operation makes.
import type { Faults } from './faults';
import type { HumaSandbox } from './server';

export interface AdminAnswer {
	status: number;
	body: unknown;
}

export function answerAdmin(
	sandbox: HumaSandbox,
	faults: Faults,
	method: string,
	path: string,
	raw: string,
): AdminAnswer {
	const input = raw ? JSON.parse(raw) : {};
	const ok = (body: unknown): AdminAnswer => ({ status: 200, body });
	const error = (status: number, message: string): AdminAnswer => ({
		status,
		body: { error: message },
	});
	switch (`${method} ${path}`) {
		case 'GET /__sandbox/counters':
			return ok(sandbox.counters);
		case 'POST /__sandbox/counters/reset':
			sandbox.resetCounters();
			return ok(sandbox.counters);
		case 'GET /__sandbox/faults':
			return ok(sandbox.faults);
		case 'PUT /__sandbox/faults':
			sandbox.setFaults(input);
			return ok(sandbox.faults);
		case 'POST /__sandbox/script':
			sandbox.script(...(Array.isArray(input) ? input : [input]));
			return ok({ queued: faults.queued });
		case 'POST /__sandbox/expire-tokens':
			sandbox.expireTokens();
			return ok({});
		case 'PUT /__sandbox/token-lifetime':
			sandbox.tokenLifetimeSeconds = Number(input.seconds);
			return ok({ seconds: sandbox.tokenLifetimeSeconds });
		case 'GET /__sandbox/violations':
			return ok(sandbox.violations);
		case 'GET /__sandbox/webhook':
			return ok(sandbox.webhooks.describe());
		case 'PUT /__sandbox/webhook':
			try {
				sandbox.webhooks.configure(
					input.url
						? { url: String(input.url), secret: input.secret, token: input.token }
						: undefined,
				);
			} catch (e) {
				return error(400, (e as Error).message);
			}
			return ok(sandbox.webhooks.describe());
		case 'POST /__sandbox/webhook/export':
			return ok({ users: sandbox.exportUsers(input.batch ? Number(input.batch) : undefined) });
		case 'POST /__sandbox/webhook/send':
			if (typeof input.topic !== 'string' || !input.topic)
				return error(400, 'topic (a string) is required');
			sandbox.webhooks.send(input.topic, (input.body ?? {}) as Record<string, unknown>);
			return ok({ queued: sandbox.webhooks.counters.queued });
		default: {
			const user = /^\/__sandbox\/users\/([^/]+)(\/active)?$/.exec(path);
			if (user && method === 'DELETE' && !user[2]) {
				return sandbox.deleteUser(decodeURIComponent(user[1]))
					? ok({})
					: error(404, `No user ${user[1]}`);
			}
			if (user && method === 'PUT' && user[2]) {
				if (typeof input.active !== 'boolean')
					return error(400, 'active (true or false) is required');
				return sandbox.setUserActive(decodeURIComponent(user[1]), input.active)
					? ok({})
					: error(404, `No user ${user[1]}`);
			}
			return error(404, `No sandbox admin endpoint ${method} ${path}`);
		}
	}
}
