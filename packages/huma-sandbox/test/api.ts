// Shared by the sandbox's test files: a strict sandbox per file, its OAuth token endpoint and an API caller.
import { useSandbox } from '../../../test/helpers/sandbox';

export function sandboxWithApi() {
	const sandbox = useSandbox({ users: 60, seed: 3 });

	async function token(
		form = true,
		creds: { clientId: string; clientSecret: string } = sandbox().credentials,
	): Promise<Response> {
		const body = {
			grant_type: 'client_credentials',
			client_id: creds.clientId,
			client_secret: creds.clientSecret,
		};
		return fetch(`${sandbox().url}/auth/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
			body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
		});
	}

	let bearer = '';
	/** Fetches a new token for `api`, e.g. after a test expired every token. */
	async function renewBearer(): Promise<void> {
		bearer = (await (await token()).json()).access_token;
	}

	async function api(method: string, path: string, body?: unknown, auth = bearer) {
		const res = await fetch(`${sandbox().url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${auth}`,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
	}

	/** Calls the sandbox's own admin API (`/__sandbox/...`). */
	async function admin(method: string, path: string, body?: unknown) {
		const res = await fetch(`${sandbox().url}/__sandbox${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: res.status, body: await res.json() };
	}

	beforeAll(renewBearer);
	afterEach(() => sandbox().sandbox.setFaults({}));

	return { sandbox, token, api, admin, renewBearer };
}
