// What the hardening tests (path-injection, user-ids, echoed-secrets, abort, answer-shape,
// unknown-outcome, revoke) share: a sandbox with a client, and a tiny server of their own.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	createHumaClient,
	type CreateHumaClientOptions,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

/** The sandbox of one test file (60 users, seed 11, faults cleared after each test) and a client of it. */
export function useHardeningSandbox() {
	const sandbox = useSandbox({ users: 60, seed: 11 });
	afterEach(() => sandbox().sandbox.setFaults({}));
	const counters = () => sandbox().sandbox.counters;
	function client(extra: Partial<CreateHumaClientOptions> = {}) {
		return createHumaClient({
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
			sleep: async () => undefined,
			...extra,
		});
	}
	return { sandbox, counters, client };
}

/** A tiny HTTP server whose answers each test decides. */
export async function tinyServer(
	handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
) {
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => handler(req, body, res));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The error a promise rejects with, or undefined when it resolves. */
export const caught = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error,
	);
