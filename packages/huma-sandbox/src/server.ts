import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  coerceParameter,
  operations,
  simplify,
  validateSchema,
  type OperationSpec,
  type SchemaObject,
  type ValidationIssue,
} from '@huma-integrations/huma-client';
import { ApiFault, handlers, invalidFields } from './handlers';
import { generateOrganization, seededRandom, uuidFrom, type Store, type UserData } from './store';
import { userDetailsView } from './views';
import { WebhookSender, type WebhookConfig, type WebhookRetryOptions } from './webhooks';

export type KeyStatus = 'active' | 'deactivated' | 'deleted';

export interface ApiKey {
  clientId: string;
  clientSecret: string;
  status: KeyStatus;
}

export interface FaultOptions {
  /** Answer 429 once more than `requests` arrive within `windowMs`. */
  rateLimit?: { requests: number; windowMs: number; retryAfterSeconds?: number };
  /** Share (0..1) of API requests answered with one of `errorStatuses`. */
  errorRate?: number;
  errorStatuses?: number[];
  /** Share of API requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** Share of API requests answered 200 with a body that is not JSON. */
  malformedRate?: number;
  /** Added to every API answer. */
  latencyMs?: number;
  /** Up to this much more, drawn from the seeded PRNG. */
  jitterMs?: number;
}

/** A fault that hits the next matching request exactly once, for precise tests. */
export interface ScriptedFault {
  /** Catalogue name (`user.get`), or any operation when left out. */
  operation?: string;
  status?: number;
  retryAfter?: string;
  reset?: boolean;
  malformed?: boolean;
  /** Let this many matching requests through first. */
  after?: number;
}

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
  byStatus: Record<string, number>;
  tokenRequests: number;
  /** Successful POSTs that created something, per operation. */
  creates: Record<string, number>;
  faultsInjected: number;
}

export interface Violation {
  operation: string;
  status: number;
  issues: ValidationIssue[];
}

interface TokenRecord {
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

const ERROR_SCHEMAS: Record<number, string> = {
  400: 'InvalidFieldFormatResponse',
  401: 'InvalidTokenResponse',
  404: 'NotFoundErrorResponse',
};

interface Route {
  op: OperationSpec;
  pattern: RegExp;
  names: string[];
}

const ROUTES: Route[] = operations.map((op) => {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' +
      op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      }) +
      '$',
  );
  return { op, pattern, names };
});

// Literal paths before templated ones: /users/jubilees is not /users/{id}.
ROUTES.sort((a, b) => a.names.length - b.names.length);

function emptyCounters(): Counters {
  return { requests: 0, byOperation: {}, byStatus: {}, tokenRequests: 0, creates: {}, faultsInjected: 0 };
}

export class HumaSandbox {
  readonly store: Store;
  readonly keys: ApiKey[] = [];
  counters: Counters = emptyCounters();
  readonly violations: Violation[] = [];
  faults: FaultOptions;
  tokenLifetimeSeconds: number;
  strict: boolean;
  private readonly scripted: ScriptedFault[] = [];
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly random: () => number;
  private readonly idRandom: () => number;
  private window: { start: number; count: number } = { start: 0, count: 0 };
  private server?: Server;
  private readonly log: boolean;
  readonly webhooks: WebhookSender;

  constructor(private readonly options: SandboxOptions = {}) {
    this.webhooks = new WebhookSender(options.webhook, options.webhookRetry);
    const seed = options.seed ?? 1;
    this.store = generateOrganization({ users: options.users, seed });
    this.random = seededRandom(seed + 1);
    this.idRandom = seededRandom(seed + 2);
    const keyRandom = seededRandom(seed + 3);
    this.keys.push({
      clientId: options.clientId ?? uuidFrom(keyRandom),
      clientSecret: options.clientSecret ?? uuidFrom(keyRandom),
      status: 'active',
    });
    this.faults = { ...options.faults };
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.strict = options.strict ?? false;
    this.log = options.log ?? false;
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
    const key = { clientId: uuidFrom(this.idRandom), clientSecret: uuidFrom(this.idRandom), status };
    this.keys.push(key);
    return key;
  }

  setKeyStatus(clientId: string, status: KeyStatus): void {
    const key = this.keys.find((k) => k.clientId === clientId);
    if (!key) throw new Error(`No API key ${clientId}`);
    key.status = status;
  }

  /** Makes every token issued so far expire now: the next call with one gets 401. */
  expireTokens(): void {
    for (const record of this.tokens.values()) record.expiresAt = 0;
  }

  script(...faults: ScriptedFault[]): void {
    this.scripted.push(...faults);
  }

  setFaults(faults: FaultOptions): void {
    this.faults = { ...faults };
    this.window = { start: 0, count: 0 };
  }

  resetCounters(): void {
    this.counters = emptyCounters();
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, serverError(String((error as Error)?.stack ?? error), req.url ?? '/'));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
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

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
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
    if (url.pathname.startsWith('/__sandbox/')) return this.admin(method, url.pathname, raw, res);

    const match = this.route(method, url.pathname);
    if (!match) {
      return this.send(res, 404, {
        errorCode: 'object:not-found',
        errorMessage: 'Object not found',
        interpolations: { type: 'Endpoint', id: `${method} ${url.pathname}` },
      });
    }
    const { op, pathParams } = match;
    this.counters.requests++;
    this.counters.byOperation[op.name] = (this.counters.byOperation[op.name] ?? 0) + 1;
    if (op.name === 'auth.token') this.counters.tokenRequests++;
    if (this.log) process.stderr.write(`[huma-sandbox] ${method} ${url.pathname}${url.search}\n`);

    const delay = (this.faults.latencyMs ?? 0) + (this.faults.jitterMs ? this.random() * this.faults.jitterMs : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    const fault = this.nextFault(op);
    if (fault) {
      this.counters.faultsInjected++;
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.malformed) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items": [ this is not JSON');
        return;
      }
      const status = fault.status ?? 500;
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return this.send(res, status, status >= 500 ? serverError('Injected fault', url.pathname) : undefined, headers);
    }

    let result: { status: number; body?: unknown };
    try {
      if (op.authenticated) this.authenticate(req);
      result =
        op.name === 'auth.token'
          ? this.issueToken(req, raw)
          : op.name === 'auth.revoke'
            ? this.revoke(req)
            : this.dispatch(op, pathParams, url.searchParams, raw);
    } catch (error) {
      if (!(error instanceof ApiFault)) throw error;
      result = { status: error.status, body: error.body };
    }
    if (result.status === 200 && op.method === 'POST' && op.action === 'create') {
      this.counters.creates[op.name] = (this.counters.creates[op.name] ?? 0) + 1;
    }
    if (result.status === 200) this.emitWebhooks(op, pathParams, result.body);
    if (this.strict) {
      const issues = this.checkResponse(op, result);
      if (issues.length) {
        this.violations.push({ operation: op.name, status: result.status, issues });
        process.stderr.write(`[huma-sandbox] STRICT: ${op.name} ${result.status} violates the spec: ${JSON.stringify(issues)}\n`);
        return this.send(res, 500, serverError(`Sandbox response violates the spec: ${JSON.stringify(issues)}`, url.pathname));
      }
    }
    this.send(res, result.status, result.body);
  }

  /** The profile a webhook carries for a user: id, email, then field values; custom fields in exports only. */
  private webhookProfile(u: UserData, withCustom = false): Record<string, unknown> {
    const profile = simplify<Record<string, unknown>>(userDetailsView(this.store, u));
    delete profile.bankAccount;
    delete profile.identifications;
    if (!withCustom) delete profile.custom;
    return { id: u.id, email: u.email, ...profile };
  }

  /** Huma's profile webhooks for API writes; group events under topic names that are the sandbox's guess. */
  private emitWebhooks(op: OperationSpec, pathParams: Record<string, string>, body: unknown): void {
    if (!this.webhooks.config) return;
    const userById = (id: string | undefined) => (id ? this.store.users.get(id === 'me' ? this.store.serviceUserId : id) : undefined);
    switch (op.name) {
      case 'user.create': {
        const u = userById((body as { id?: string } | undefined)?.id);
        if (u) this.webhooks.send('users-create', { users: [this.webhookProfile(u)] });
        return;
      }
      case 'user.update':
      case 'user.addToGroups':
      case 'user.removeFromGroups': {
        const u = userById(pathParams.id);
        if (u) this.webhooks.send('users-update', { users: [this.webhookProfile(u)] });
        if (u && op.name !== 'user.update') {
          this.webhooks.send(op.name === 'user.addToGroups' ? 'group-members-add' : 'group-members-remove', {
            users: [{ id: u.id, email: u.email }],
          });
        }
        return;
      }
      case 'group.create':
      case 'group.update': {
        const group = body as { id?: string; type?: string } | undefined;
        const type = group?.type ?? this.store.groups.get(pathParams.id)?.type;
        if (type) this.webhooks.send(`${type}s-${op.action === 'create' ? 'create' : 'update'}`, { groups: [body] });
        return;
      }
      default:
    }
  }

  /** Removes a user (no Open API operation deletes one) and sends `users-delete`. */
  deleteUser(id: string): boolean {
    const u = this.store.users.get(id);
    if (!u) return false;
    this.store.users.delete(id);
    this.store.sortedUserIds = undefined;
    for (const other of this.store.users.values()) if (other.supervisorId === id) other.supervisorId = undefined;
    this.webhooks.send('users-delete', { users: [{ id: u.id, email: u.email }] });
    return true;
  }

  /** Deactivates or reactivates a user (not an Open API operation) and sends `users-update`. */
  setUserActive(id: string, active: boolean): boolean {
    const u = this.store.users.get(id);
    if (!u) return false;
    u.active = active;
    this.webhooks.send('users-update', { users: [this.webhookProfile(u)] });
    return true;
  }

  /** Sends every profile as `users-export`, in deliveries of `batch` users (the batching is the sandbox's guess). */
  exportUsers(batch = 500): number {
    const users = [...this.store.users.values()];
    for (let i = 0; i < users.length; i += batch) {
      this.webhooks.send('users-export', { users: users.slice(i, i + batch).map((u) => this.webhookProfile(u, true)) });
    }
    return users.length;
  }

  private route(method: string, path: string): { op: OperationSpec; pathParams: Record<string, string> } | undefined {
    for (const route of ROUTES) {
      if (route.op.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1])));
      return { op: route.op, pathParams };
    }
    return undefined;
  }

  private nextFault(op: OperationSpec): ScriptedFault | undefined {
    const index = this.scripted.findIndex((f) => !f.operation || f.operation === op.name);
    if (index !== -1) {
      const next = this.scripted[index];
      if (next.after) {
        next.after--;
        return undefined;
      }
      return this.scripted.splice(index, 1)[0];
    }
    const f = this.faults;
    if (f.rateLimit) {
      const now = Date.now();
      if (now - this.window.start >= f.rateLimit.windowMs) this.window = { start: now, count: 0 };
      this.window.count++;
      if (this.window.count > f.rateLimit.requests) {
        const wait = Math.max(1, Math.ceil((this.window.start + f.rateLimit.windowMs - now) / 1000));
        return { status: 429, retryAfter: String(f.rateLimit.retryAfterSeconds ?? wait) };
      }
    }
    if (f.resetRate && this.random() < f.resetRate) return { reset: true };
    if (f.malformedRate && this.random() < f.malformedRate) return { malformed: true };
    if (f.errorRate && this.random() < f.errorRate) {
      const statuses = f.errorStatuses ?? [500, 502, 503];
      return { status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    return undefined;
  }

  private authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const unauthorized = (description: string) =>
      new ApiFault(401, { error: 'invalid_token', error_description: description });
    if (!token) throw unauthorized('Full authentication is required: send Authorization: Bearer <token>');
    const record = this.tokens.get(token);
    if (!record) throw unauthorized('Invalid access token');
    if (record.revoked) throw unauthorized('Access token has been revoked');
    if (Date.now() >= record.expiresAt) throw unauthorized('Access token expired');
    const key = this.keys.find((k) => k.clientId === record.clientId);
    if (!key || key.status !== 'active') throw unauthorized(`API key is ${key?.status ?? 'deleted'}`);
  }

  private issueToken(req: IncomingMessage, raw: string): { status: number; body: unknown } {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    let input: Record<string, unknown>;
    if (type === 'application/x-www-form-urlencoded') {
      input = Object.fromEntries(new URLSearchParams(raw));
    } else if (type === 'application/json') {
      try {
        input = JSON.parse(raw || '{}');
      } catch {
        throw invalidFields(['body'], 'Request body is not valid JSON');
      }
    } else {
      throw invalidFields(['body'], 'Send the token request as application/x-www-form-urlencoded or application/json');
    }
    // Basic auth may carry the client credentials instead of the body.
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
      input.client_id ??= id;
      input.client_secret ??= secret;
    }
    const missing = ['grant_type', 'client_id', 'client_secret'].filter((f) => typeof input[f] !== 'string' || !input[f]);
    if (missing.length) throw invalidFields(missing);
    if (input.grant_type !== 'client_credentials') {
      throw invalidFields(['grant_type'], 'The sandbox supports grant_type client_credentials only');
    }
    const key = this.keys.find((k) => k.clientId === input.client_id && k.status !== 'deleted');
    if (!key || key.clientSecret !== input.client_secret) {
      throw new ApiFault(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
    }
    if (key.status !== 'active') {
      throw new ApiFault(401, { error: 'invalid_client', error_description: 'API key is deactivated' });
    }
    const token = Buffer.from(uuidFrom(this.idRandom) + uuidFrom(this.idRandom)).toString('base64url');
    this.tokens.set(token, { clientId: key.clientId, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000, revoked: false });
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        organizationId: this.store.organizationId,
        userId: this.store.serviceUserId,
      },
    };
  }

  private revoke(req: IncomingMessage): { status: number } {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const record = token ? this.tokens.get(token) : undefined;
    if (!record || record.revoked) throw new ApiFault(401, { error: 'invalid_token', error_description: 'Invalid access token' });
    record.revoked = true;
    return { status: 200 };
  }

  private dispatch(
    op: OperationSpec,
    pathParams: Record<string, string>,
    search: URLSearchParams,
    raw: string,
  ): { status: number; body?: unknown } {
    const params: Record<string, unknown> = {};
    const issues: ValidationIssue[] = [];
    for (const param of op.parameters) {
      let value: unknown;
      if (param.in === 'path') value = pathParams[param.name];
      else if (param.schema.type === 'array') {
        const all = search.getAll(param.name).flatMap((v) => v.split(','));
        value = all.length ? all : undefined;
      } else value = search.get(param.name) ?? undefined;
      if (value === undefined || value === '') {
        if (param.required) issues.push({ field: param.name, message: 'is required' });
        continue;
      }
      value = coerceParameter(param.schema, value);
      issues.push(...validateSchema(param.schema, value, param.name));
      params[param.name] = value;
    }
    let body: unknown;
    if (op.body) {
      if (!raw) {
        if (op.body.required) issues.push({ field: 'body', message: 'is required' });
      } else {
        try {
          body = JSON.parse(raw);
          issues.push(...validateSchema(op.body.schema, body, ''));
        } catch {
          issues.push({ field: 'body', message: 'is not valid JSON' });
        }
      }
    }
    if (issues.length) {
      throw invalidFields(
        [...new Set(issues.map((i) => i.field || 'body'))],
        `Invalid field Format: ${issues.map((i) => `${i.field || 'body'} ${i.message}`).join('; ')}`,
      );
    }
    return handlers[op.name]({
      store: this.store,
      params,
      body,
      me: this.store.serviceUserId,
      newId: () => uuidFrom(this.idRandom),
    });
  }

  private checkResponse(op: OperationSpec, result: { status: number; body?: unknown }): ValidationIssue[] {
    let schema: SchemaObject | undefined;
    if (result.status === 200) {
      if (!op.response) {
        return result.body === undefined ? [] : [{ field: 'body', message: 'must be empty: the spec declares no body' }];
      }
      schema = op.response.schema;
    } else if (ERROR_SCHEMAS[result.status]) {
      schema = { $ref: `#/components/schemas/${ERROR_SCHEMAS[result.status]}` };
    }
    return schema ? validateSchema(schema, result.body, '') : [];
  }

  private admin(method: string, path: string, raw: string, res: ServerResponse): void {
    const input = raw ? JSON.parse(raw) : {};
    switch (`${method} ${path}`) {
      case 'GET /__sandbox/counters':
        return this.send(res, 200, this.counters);
      case 'POST /__sandbox/counters/reset':
        this.resetCounters();
        return this.send(res, 200, this.counters);
      case 'GET /__sandbox/faults':
        return this.send(res, 200, this.faults);
      case 'PUT /__sandbox/faults':
        this.setFaults(input);
        return this.send(res, 200, this.faults);
      case 'POST /__sandbox/script':
        this.script(...(Array.isArray(input) ? input : [input]));
        return this.send(res, 200, { queued: this.scripted.length });
      case 'POST /__sandbox/expire-tokens':
        this.expireTokens();
        return this.send(res, 200, {});
      case 'PUT /__sandbox/token-lifetime':
        this.tokenLifetimeSeconds = Number(input.seconds);
        return this.send(res, 200, { seconds: this.tokenLifetimeSeconds });
      case 'GET /__sandbox/violations':
        return this.send(res, 200, this.violations);
      case 'GET /__sandbox/webhook':
        return this.send(res, 200, this.webhooks.describe());
      case 'PUT /__sandbox/webhook':
        try {
          this.webhooks.configure(input.url ? { url: String(input.url), secret: input.secret, token: input.token } : undefined);
        } catch (error) {
          return this.send(res, 400, { error: (error as Error).message });
        }
        return this.send(res, 200, this.webhooks.describe());
      case 'POST /__sandbox/webhook/export':
        return this.send(res, 200, { users: this.exportUsers(input.batch ? Number(input.batch) : undefined) });
      case 'POST /__sandbox/webhook/send':
        if (typeof input.topic !== 'string' || !input.topic) return this.send(res, 400, { error: 'topic (a string) is required' });
        this.webhooks.send(input.topic, (input.body ?? {}) as Record<string, unknown>);
        return this.send(res, 200, { queued: this.webhooks.counters.queued });
      default: {
        const user = /^\/__sandbox\/users\/([^/]+)(\/active)?$/.exec(path);
        if (user && method === 'DELETE' && !user[2]) {
          return this.deleteUser(decodeURIComponent(user[1])) ? this.send(res, 200, {}) : this.send(res, 404, { error: `No user ${user[1]}` });
        }
        if (user && method === 'PUT' && user[2]) {
          if (typeof input.active !== 'boolean') return this.send(res, 400, { error: 'active (true or false) is required' });
          return this.setUserActive(decodeURIComponent(user[1]), input.active)
            ? this.send(res, 200, {})
            : this.send(res, 404, { error: `No user ${user[1]}` });
        }
        return this.send(res, 404, { error: `No sandbox admin endpoint ${method} ${path}` });
      }
    }
  }
}

function serverError(message: string, path: string) {
  return { timestamp: new Date().toISOString(), status: 500, error: 'Internal Server Error', message, path };
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
