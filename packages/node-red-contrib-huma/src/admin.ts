// The editor's admin endpoints, served by Node-RED's admin API with its authentication (like
// n8n's load options): the options of the dropdowns (teams, users, job titles, …) and the config
// node's Test connection. They work for a config node still open in its edit dialog: the dialog
// sends what it has, and what it leaves out (the secret Node-RED never sends back to the editor)
// comes from the node's stored credentials.
import {
	baseUrlOf,
	RECORD_KINDS,
	recordName,
	type RecordKind,
	createHumaClient,
	HumaApiError,
	HumaConnectionError,
	listCustomFields,
	resolveBaseUrl,
	upsertColumns,
	type HumaClient,
} from '@huma-integrations/huma-client/node';
import { translator, type Translate } from './messages';

export interface Request {
	params: Record<string, string>;
	body?: Record<string, unknown>;
}
export interface Response {
	json(body: unknown): void;
	status(code: number): Response;
}
type Handler = (req: Request, res: Response) => void;
export interface AdminAPI {
	httpAdmin: { post(path: string, ...handlers: unknown[]): void };
	auth: { needsPermission(permission: string): unknown };
	nodes: {
		getNode(id: string): unknown;
		getCredentials(id: string): Record<string, string | undefined> | undefined;
	};
	_: Translate;
}

/** A deployed config node, as the runtime registers it. */
export interface DeployedConfig {
	baseUrl: string;
	credentials: Record<string, string | undefined>;
	getClient(): HumaClient;
}

/** Node-RED's stand-in for a password the editor has not changed. */
const UNCHANGED_PASSWORD = '__PWRD__';

interface Connection {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	/** The deployed node's own client, when the dialog asks for exactly what is deployed. */
	deployed?: DeployedConfig;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** What the dialog sent, completed from the stored node. A stored secret only ever goes to the stored URL. */
export function connectionFrom(RED: AdminAPI, body: Record<string, unknown>): Connection {
	const t = translator(RED);
	const id = text(body.id);
	const deployed = id ? (RED.nodes.getNode(id) as DeployedConfig | null) : null;
	const stored = (id ? RED.nodes.getCredentials(id) : undefined) ?? {};
	const baseUrl = resolveBaseUrl(
		baseUrlOf({ environment: text(body.environment) || undefined, baseUrl: text(body.baseUrl) }),
	);
	const clientId = text(body.clientId) || stored.clientId || '';
	const sentSecret = text(body.clientSecret);
	let clientSecret = sentSecret && sentSecret !== UNCHANGED_PASSWORD ? sentSecret : '';
	if (!clientSecret && stored.clientSecret) {
		if (deployed && resolveBaseUrl(deployed.baseUrl) !== baseUrl)
			throw new Error(t('huma.errors.secretForOtherUrl'));
		clientSecret = stored.clientSecret;
	}
	if (!clientId || !clientSecret) throw new Error(t('huma.errors.noKey'));
	const same =
		deployed &&
		resolveBaseUrl(deployed.baseUrl) === baseUrl &&
		deployed.credentials.clientId === clientId &&
		deployed.credentials.clientSecret === clientSecret;
	return { baseUrl, clientId, clientSecret, deployed: same ? deployed : undefined };
}

async function withClient<T>(
	connection: Connection,
	use: (client: HumaClient) => Promise<T>,
): Promise<T> {
	if (connection.deployed) return use(connection.deployed.getClient());
	// Few retries: the person at the editor is waiting for the answer.
	const client = createHumaClient({
		baseUrl: connection.baseUrl,
		credentials: connection,
		retry: { maxAttempts: 1 },
		timeoutMs: 15_000,
		// Shares a deployed config node's gate, but leaves no gate behind for each client ID typed.
		rateLimit: { transient: true },
	});
	try {
		return await use(client);
	} finally {
		await client.close();
	}
}

export interface Option {
	value: string;
	label: string;
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);
/** At most this many users in a dropdown; the search narrows them. */
export const MAX_USER_OPTIONS = 200;

export async function loadOptions(
	client: HumaClient,
	kind: RecordKind,
	search: string,
): Promise<Option[]> {
	switch (kind) {
		case 'team':
		case 'location':
		case 'company': {
			const groups = await client.listAll('group.list', { type: [kind] });
			return groups.map((g) => ({ value: g.id, label: recordName(kind, g) })).sort(byLabel);
		}
		case 'group': {
			const groups = await client.listAll('group.list', {});
			return groups.map((g) => ({ value: g.id, label: recordName('group', g) })).sort(byLabel);
		}
		case 'jobTitle': {
			const titles = await client.call('jobTitle.list', search ? { search } : {});
			return (titles as Array<{ id: string; name: string }>)
				.map((t) => ({ value: t.id, label: recordName('jobTitle', t) }))
				.sort(byLabel);
		}
		case 'user': {
			const users = await client.listAll('user.list', search ? { search } : {}, {
				maxItems: MAX_USER_OPTIONS,
			});
			return users.map((u) => ({ value: u.id, label: recordName('user', u) })).sort(byLabel);
		}
	}
}

/** Why a connection test failed, in words that say what to fix. */
export function testFailure(
	t: Translate,
	error: unknown,
	baseUrl: string,
): { reason: 'credentials' | 'url' | 'permission' | 'other'; message: string } {
	if (error instanceof HumaConnectionError)
		return {
			reason: 'url',
			message: t('huma.test.unreachable', { url: baseUrl, error: error.message }),
		};
	if (error instanceof HumaApiError) {
		if (error.operation === 'auth.token' && (error.status === 400 || error.status === 401))
			return { reason: 'credentials', message: t('huma.test.badKey') };
		if (error.operation === 'auth.token' && error.status === 404)
			return { reason: 'url', message: t('huma.test.notHuma', { url: baseUrl }) };
		if (error.status === 403) return { reason: 'permission', message: t('huma.test.forbidden') };
		if (error.status === 401) return { reason: 'credentials', message: t('huma.test.badKey') };
	}
	return { reason: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function registerAdminRoutes(RED: AdminAPI): void {
	const t = translator(RED);
	const fail = (res: Response, status: number, message: string) =>
		res.status(status).json({ error: message });

	const options: Handler = (req, res) => {
		const kind = req.params.kind as RecordKind;
		if (!RECORD_KINDS.includes(kind))
			return fail(res, 404, t('huma.errors.unknownKind', { kind: String(req.params.kind) }));
		let connection: Connection;
		try {
			connection = connectionFrom(RED, req.body ?? {});
		} catch (error) {
			return fail(res, 400, (error as Error).message);
		}
		withClient(connection, (client) => loadOptions(client, kind, text(req.body?.search))).then(
			(list) => res.json({ options: list }),
			(error: unknown) => fail(res, 502, testFailure(t, error, connection.baseUrl).message),
		);
	};

	const test: Handler = (req, res) => {
		let connection: Connection;
		try {
			connection = connectionFrom(RED, req.body ?? {});
		} catch (error) {
			return res.json({ ok: false, reason: 'input', message: (error as Error).message });
		}
		// Fetches a token, then makes the cheapest call there is.
		withClient({ ...connection, deployed: undefined }, (client) =>
			client.call('user.get', { id: 'me' }),
		).then(
			(me) => {
				const user = me as { givenName?: unknown; familyName?: unknown; email?: unknown };
				const value = (v: unknown) =>
					v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
				const who = `${value(user.givenName) ?? ''} ${value(user.familyName) ?? ''}`.trim();
				res.json({
					ok: true,
					message: t('huma.test.ok', { user: who || String(value(user.email) ?? '') }),
				});
			},
			(error: unknown) => res.json({ ok: false, ...testFailure(t, error, connection.baseUrl) }),
		);
	};

	RED.httpAdmin.post(
		'/huma-config/options/:kind',
		RED.auth.needsPermission('huma-config.read'),
		options,
	);
	// huma-user's mapping table: the upsert columns, custom fields of the connection's organisation
	// included. Only the columns go back, never anything of the connection.
	const columns: Handler = (req, res) => {
		let connection: Connection;
		try {
			connection = connectionFrom(RED, req.body ?? {});
		} catch (error) {
			return fail(res, 400, (error as Error).message);
		}
		withClient(connection, async (client) =>
			upsertColumns(await listCustomFields(client, {})),
		).then(
			(list) => res.json({ columns: list }),
			(error: unknown) => fail(res, 502, testFailure(t, error, connection.baseUrl).message),
		);
	};
	RED.httpAdmin.post(
		'/huma-config/upsert-columns',
		RED.auth.needsPermission('huma-config.read'),
		columns,
	);
	RED.httpAdmin.post('/huma-config/test', RED.auth.needsPermission('huma-config.write'), test);
}
