// The HTTP front: reads a request, routes it (admin API or catalogue operation), applies faults,
// auth and request checks, runs the operation's handler, checks the answer in strict mode, counts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAdmin } from './admin';
import { Auth, type ApiKey, type KeyStatus } from './auth';
import { ApiFault, serverError } from './errors';
import { answerWithFault, Faults, type FaultOptions, type ScriptedFault } from './faults';
import { handlers, type HandledOperation } from './handlers';
import { matchRoute } from './routing';
import { generateOrganization, seededRandom, uuidFrom, type Store } from './store';
import { checkResponse, readOperationInput, type Violation } from './validation';
import { deleteUser, exportUsers, sendOperationWebhooks, setUserActive } from './webhook-events';
import { WebhookSender, type WebhookConfig, type WebhookRetryOptions } from './webhooks';

export interface SandboxOptions {
	port?: number;
	host?: string;
	users?: number;
	seed?: number;
	/** Lifetime of issued tokens, in seconds. */
	tokenLifetimeSeconds?: number;
	clientId?: string;
	clientSecret?: string;
	/** Validate every answer against the spec's response schemas; a mismatch becomes a 500. */
	strict?: boolean;
	faults?: FaultOptions;
	/** Log each request to stderr. */
	log?: boolean;
	/** Where to send Huma's webhooks (users-create, users-update, …), with the secret and token to sign them. */
	webhook?: WebhookConfig;
	webhookRetry?: Partial<WebhookRetryOptions>;
}

export interface Counters {
	requests: number;
	byOperation: Record<string, number>;
	/** Answers per operation and status, e.g. `{ 'user.update': { 200: 3, 400: 1 } }` (no admin answers). */
	byOperationStatus: Record<string, Record<string, number>>;
	/** Every answer's status, admin answers included. */
	byStatus: Record<string, number>;
	tokenRequests: number;
	/** Successful POSTs that created something, per operation. */
	creates: Record<string, number>;
	faultsInjected: number;
}

function emptyCounters(): Counters {
	return {
		requests: 0,
		byOperation: {},
		byOperationStatus: {},
		byStatus: {},
		tokenRequests: 0,
		creates: {},
		faultsInjected: 0,
	};
}

export class HumaSandbox {
	readonly store: Store;
	counters: Counters = emptyCounters();
	readonly violations: Violation[] = [];
	strict: boolean;
	readonly webhooks: WebhookSender;
	private readonly auth: Auth;
	private readonly faultInjector: Faults;
	private readonly idRandom: () => number;
	private server?: Server;
	private readonly log: boolean;

	constructor(private readonly options: SandboxOptions = {}) {
		this.webhooks = new WebhookSender(options.webhook, options.webhookRetry);
		const seed = options.seed ?? 1;
		this.store = generateOrganization({ users: options.users, seed });
		this.faultInjector = new Faults(options.faults, seededRandom(seed + 1));
		this.idRandom = seededRandom(seed + 2);
		const keyRandom = seededRandom(seed + 3);
		const firstKey: ApiKey = {
			clientId: options.clientId ?? uuidFrom(keyRandom),
			clientSecret: options.clientSecret ?? uuidFrom(keyRandom),
			status: 'active',
		};
		this.auth = new Auth(this.store, this.idRandom, firstKey, options.tokenLifetimeSeconds ?? 3600);
		this.strict = options.strict ?? false;
		this.log = options.log ?? false;
	}

	get keys(): ApiKey[] {
		return this.auth.keys;
	}

	get tokenLifetimeSeconds(): number {
		return this.auth.tokenLifetimeSeconds;
	}

	set tokenLifetimeSeconds(seconds: number) {
		this.auth.tokenLifetimeSeconds = seconds;
	}

	get faults(): FaultOptions {
		return this.faultInjector.options;
	}

	set faults(faults: FaultOptions) {
		this.faultInjector.options = faults;
	}

	get credentials(): { clientId: string; clientSecret: string } {
		return { clientId: this.keys[0].clientId, clientSecret: this.keys[0].clientSecret };
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The sandbox is not listening');
		const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		return `http://${host}:${address.port}`;
	}

	/** Adds another API key; useful to test deactivated and deleted keys. */
	addKey(status: KeyStatus = 'active'): ApiKey {
		return this.auth.addKey(status);
	}

	setKeyStatus(clientId: string, status: KeyStatus): void {
		this.auth.setKeyStatus(clientId, status);
	}

	/** Makes every token issued so far expire now: the next call with one gets 401. */
	expireTokens(): void {
		this.auth.expireTokens();
	}

	script(...faults: ScriptedFault[]): void {
		this.faultInjector.script(...faults);
	}

	setFaults(faults: FaultOptions): void {
		this.faultInjector.set(faults);
	}

	resetCounters(): void {
		this.counters = emptyCounters();
	}

	/** Removes a user (no Open API operation deletes one) and sends `users-delete`. */
	deleteUser(id: string): boolean {
		return deleteUser(this.webhooks, this.store, id);
	}

	/** Deactivates or reactivates a user (not an Open API operation) and sends `users-update`. */
	setUserActive(id: string, active: boolean): boolean {
		return setUserActive(this.webhooks, this.store, id, active);
	}

	/** Sends every profile as `users-export`, in deliveries of `batch` users (the batching is the sandbox's guess). */
	exportUsers(batch = 500): number {
		return exportUsers(this.webhooks, this.store, batch);
	}

	async listen(): Promise<string> {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent)
					this.send(
						res,
						500,
						serverError(String((error as Error)?.stack ?? error), req.url ?? '/'),
					);
			});
		});
		this.server.keepAliveTimeout = 30_000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () =>
				resolve(),
			);
		});
		return this.url;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private send(
		res: ServerResponse,
		status: number,
		body?: unknown,
		headers: Record<string, string> = {},
	): void {
		this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
		const text = body === undefined ? '' : JSON.stringify(body);
		res.writeHead(status, {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const method = (req.method ?? 'GET').toUpperCase();
		const raw = await readBody(req);
		if (url.pathname.startsWith('/__sandbox/')) {
			const answer = answerAdmin(this, this.faultInjector, method, url.pathname, raw);
			return this.send(res, answer.status, answer.body);
		}

		const match = matchRoute(method, url.pathname);
		if (!match) {
			return this.send(res, 404, {
				errorCode: 'object:not-found',
				errorMessage: 'Object not found',
				interpolations: { type: 'Endpoint', id: `${method} ${url.pathname}` },
			});
		}
		const { op, pathParams } = match;
		const reply = (status: number, body?: unknown, headers?: Record<string, string>) => {
			const counts = (this.counters.byOperationStatus[op.name] ??= {});
			counts[status] = (counts[status] ?? 0) + 1;
			this.send(res, status, body, headers);
		};
		this.counters.requests++;
		this.counters.byOperation[op.name] = (this.counters.byOperation[op.name] ?? 0) + 1;
		if (op.name === 'auth.token') this.counters.tokenRequests++;
		if (this.log) process.stderr.write(`[huma-sandbox] ${method} ${url.pathname}${url.search}\n`);

		const delay = this.faultInjector.delayMs();
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

		const fault = this.faultInjector.next(op);
		if (fault) {
			this.counters.faultsInjected++;
			return answerWithFault(fault, req, res, url.pathname, reply);
		}

		let result: { status: number; body?: unknown };
		try {
			if (op.authenticated) this.auth.authenticate(req);
			if (op.name === 'auth.token') result = this.auth.issueToken(req, raw);
			else if (op.name === 'auth.revoke') result = this.auth.revoke(req);
			else {
				const { params, body } = readOperationInput(op, pathParams, url.searchParams, raw);
				result = handlers[op.name as HandledOperation]({
					store: this.store,
					params,
					body,
					me: this.store.serviceUserId,
					newId: () => uuidFrom(this.idRandom),
				});
			}
		} catch (error) {
			if (!(error instanceof ApiFault)) throw error;
			result = { status: error.status, body: error.body };
		}
		if (result.status === 200 && op.method === 'POST' && op.action === 'create') {
			this.counters.creates[op.name] = (this.counters.creates[op.name] ?? 0) + 1;
		}
		if (result.status === 200)
			sendOperationWebhooks(this.webhooks, this.store, op, pathParams, result.body);
		if (this.strict) {
			const issues = checkResponse(op, result);
			if (issues.length) {
				this.violations.push({ operation: op.name, status: result.status, issues });
				process.stderr.write(
					`[huma-sandbox] STRICT: ${op.name} ${result.status} violates the spec: ${JSON.stringify(issues)}\n`,
				);
				return reply(
					500,
					serverError(
						`Sandbox response violates the spec: ${JSON.stringify(issues)}`,
						url.pathname,
					),
				);
			}
		}
		reply(result.status, result.body);
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export interface RunningSandbox {
	url: string;
	credentials: { clientId: string; clientSecret: string };
	sandbox: HumaSandbox;
	close(): Promise<void>;
}

/** Starts a sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const sandbox = new HumaSandbox(options);
	const url = await sandbox.listen();
	return { url, credentials: sandbox.credentials, sandbox, close: () => sandbox.close() };
}
