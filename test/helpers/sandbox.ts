import {
	startSandbox,
	type RunningSandbox,
	type SandboxOptions,
} from '@huma-integrations/huma-sandbox';

/** A strict sandbox for one test file; fails the file if any answer broke the spec. */
export function useSandbox(options: SandboxOptions = {}): () => RunningSandbox {
	let running: RunningSandbox | undefined;
	beforeAll(async () => {
		running = await startSandbox({ strict: true, ...options });
	});
	afterAll(async () => {
		const violations = running?.sandbox.violations ?? [];
		await running?.close();
		expect(violations).toEqual([]);
	});
	return () => {
		if (!running) throw new Error('sandbox not started');
		return running;
	};
}

/** A client-credentials token from the sandbox, as a Huma client gets one. */
async function token(running: RunningSandbox): Promise<string> {
	const res = await fetch(`${running.url}/auth/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			grant_type: 'client_credentials',
			client_id: running.credentials.clientId,
			client_secret: running.credentials.clientSecret,
		}),
	});
	return (await res.json()).access_token;
}

/**
 * Calls the sandbox's API over HTTP as a Huma client would: one token, fetched on the first
 * call, then JSON requests with it. Each call answers the response as it came.
 */
export function sandboxApi(running: RunningSandbox) {
	let bearer: Promise<string> | undefined;
	return async (method: string, path: string, body?: unknown): Promise<Response> =>
		fetch(`${running.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${await (bearer ??= token(running))}`,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
}

/** Creates a user through the sandbox's API, as Huma would see it done; throws unless 200. */
export async function createUser(
	running: RunningSandbox,
	user: Record<string, unknown>,
): Promise<{ id: string }> {
	const res = await sandboxApi(running)('POST', '/users', user);
	if (res.status !== 200) throw new Error(`creating a user: ${res.status} ${await res.text()}`);
	return res.json();
}
