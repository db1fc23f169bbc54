import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import {
	BASE_URLS,
	baseUrlOf,
	buildTokenRequest,
	credentialFingerprint,
	failureCode,
	HumaError,
	parseTokenResponse,
	Redactor,
	resolveBaseUrl,
	sha256Hex,
	TOKEN_PATH,
	refreshMarginMs,
	UNREACHABLE_REASONS,
	type AccessToken,
} from '@huma-integrations/huma-client';

/**
 * Token requests in flight or just answered, per credential settings and the token being
 * replaced (none, for a first token): n8n calls preAuthentication for every request that met a
 * 401, and for every execution that read the credential before a token was stored, so many
 * items or executions meeting an expired or missing token at once share one token request.
 */
const refreshes = new Map<string, Promise<FetchedToken>>();
const MAX_REMEMBERED_REFRESHES = 32;
/** Hashes of tokens Huma refused (handed back as stale): never handed out again from the cache. */
const refused = new Set<string>();
/** How long after a refresh callers still holding the replaced token get the replacement. */
const REUSE_WINDOW_MS = 60_000;

type FetchedToken = AccessToken & { fingerprint: string; fetchedAt: number };

/**
 * Each credential object's last fingerprint, with the settings it was computed from. n8n asks
 * authenticate for every request and hands a node's requests one decrypted object, so the hash
 * is computed once per object and settings, not once per request. Weak: it ends with the object.
 */
const fingerprints = new WeakMap<
	ICredentialDataDecryptedObject,
	{ clientId: string; clientSecret: string; location: string; fingerprint: string }
>();

function fingerprintOf(credentials: ICredentialDataDecryptedObject): string {
	const clientId = String(credentials.clientId ?? '');
	const clientSecret = String(credentials.clientSecret ?? '');
	const location = baseUrlOf(credentials);
	const known = fingerprints.get(credentials);
	if (
		known &&
		known.clientId === clientId &&
		known.clientSecret === clientSecret &&
		known.location === location
	)
		return known.fingerprint;
	const fingerprint = credentialFingerprint(clientId, clientSecret, resolveBaseUrl(location));
	fingerprints.set(credentials, { clientId, clientSecret, location, fingerprint });
	return fingerprint;
}

async function fetchToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<FetchedToken> {
	const baseUrl = resolveBaseUrl(baseUrlOf(credentials));
	const clientSecret = String(credentials.clientSecret ?? '');
	const request = buildTokenRequest(baseUrl, {
		clientId: String(credentials.clientId ?? ''),
		clientSecret,
	});
	const redactor = new Redactor();
	redactor.add(clientSecret);
	let response;
	try {
		response = await helper.helpers.httpRequest({
			method: 'POST',
			url: request.url,
			headers: request.headers,
			body: request.body,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
		});
	} catch (error) {
		// n8n's credential test shows a failure's code, or swaps a message naming one for its own
		// sentence: this error has no code of its own and words the reason, so the test shows the
		// URL too. The failure stays its cause, so a node run still retries a refused connection.
		const code = failureCode(error);
		const reason =
			(code && UNREACHABLE_REASONS[code]) ??
			(/certificate/i.test(String((error as Error)?.message))
				? 'its TLS certificate was not accepted'
				: 'the connection failed');
		throw redactor.scrub(
			new HumaError(
				`Could not reach Huma at ${baseUrl} to fetch a token: ${reason}. Check the environment or base URL, and that n8n can reach that host (DNS, firewall, proxy).`,
				{ operation: 'auth.token', method: 'POST', path: TOKEN_PATH },
				{ cause: error },
			),
		);
	}
	const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
	try {
		const token = parseTokenResponse(
			{ status: response.statusCode, headers: response.headers, body: redactor.redact(body) },
			Date.now(),
		);
		return { ...token, fingerprint: fingerprintOf(credentials), fetchedAt: Date.now() };
	} catch (error) {
		throw redactor.scrub(error);
	}
}

export class HumaApi implements ICredentialType {
	name = 'humaApi';

	displayName = 'Huma API';

	icon: Icon = { light: 'file:../nodes/Huma/huma.svg', dark: 'file:../nodes/Huma/huma.dark.svg' };

	documentationUrl = 'https://openapi.humahr.com/redoc/index.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: BASE_URLS.production },
				{ name: 'Demo', value: 'demo', description: BASE_URLS.demo },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: BASE_URLS.production,
			description: 'Where the Huma Open API answers. Plain http is refused except for localhost.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: "The API key's client ID, from Huma's System settings > Open API",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			// Read by the nodes' client (nodes/Huma/transport): the pace of this key in each n8n instance.
			displayName: 'Max Requests per Second (Each n8n Process)',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				"0 learns the key's limit from Huma's answers, shared by all workflows in one n8n instance; in queue mode, where each worker is its own process, set the key's limit divided by the number of workers.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Which client ID, secret and base URL fetched the access token (a hash: no secret in it).
			displayName: 'Token Fingerprint',
			name: 'tokenFingerprint',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	// Fetches the client-credentials token; n8n stores it in the hidden, expirable field and
	// calls this again when Huma answers 401. Callers replacing the same token share one request.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const stale = String(credentials.accessToken ?? '');
		if (stale) {
			refused.add(sha256Hex(stale));
			if (refused.size > MAX_REMEMBERED_REFRESHES * 4)
				refused.delete(refused.values().next().value!);
		}
		const key = `${fingerprintOf(credentials)}:${sha256Hex(stale)}`;
		const known = refreshes.get(key);
		const shared = known && (await known.catch(() => undefined));
		const now = Date.now();
		if (
			shared &&
			now - shared.fetchedAt < REUSE_WINDOW_MS &&
			now < shared.expiresAt - refreshMarginMs(shared.expiresIn) &&
			!refused.has(sha256Hex(shared.accessToken))
		) {
			return { accessToken: shared.accessToken, tokenFingerprint: shared.fingerprint };
		}
		const pending = fetchToken(this, credentials);
		refreshes.set(key, pending);
		const forget = () => refreshes.get(key) === pending && refreshes.delete(key);
		pending.then(undefined, forget);
		if (refreshes.size > MAX_REMEMBERED_REFRESHES) refreshes.delete(refreshes.keys().next().value!);
		const token = await pending;
		return { accessToken: token.accessToken, tokenFingerprint: token.fingerprint };
	}

	// A token fetched with other settings (the secret, client ID or URL was edited since) is not
	// sent: Huma answers 401 and n8n fetches a new token with the current settings.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		if (credentials.tokenFingerprint !== fingerprintOf(credentials)) return requestOptions;
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			},
		};
	};

	// n8n evaluates a credential test's URL as an expression, without our code: this is
	// baseUrlOf() written as one, over the same BASE_URLS (the token request before it resolves
	// and checks the URL with resolveBaseUrl).
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl : $credentials.environment === "demo" ? "${BASE_URLS.demo}" : "${BASE_URLS.production}"}}`,
			url: '/users/me',
			method: 'GET',
		},
	};
}
