import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  createHumaClient,
  describeError,
  getOperation,
  HumaApiError,
  HumaClient,
  HumaConnectionError,
  HumaValidationError,
  operations,
  prepareRequest,
  resolveBaseUrl,
  simplify,
  UndiciTransport,
  type CreateHumaClientOptions,
  type OperationName,
  type PreparedRequest,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

const root = join(__dirname, '..');
const sandbox = useSandbox({ users: 237, seed: 7 });

/** A client with recorded, instant sleeps so retry tests run fast and can assert the delays. */
function client(extra: Partial<CreateHumaClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = createHumaClient({
    baseUrl: sandbox().url,
    credentials: sandbox().credentials,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { c, sleeps };
}

const counters = () => sandbox().sandbox.counters;
const opCount = (name: string) => counters().byOperation[name] ?? 0;

afterEach(() => sandbox().sandbox.setFaults({}));

describe('catalogue', () => {
  it('holds exactly the operations of the spec, both ways', () => {
    const spec = parse(readFileSync(join(root, 'spec', 'openapi-1.53.2.yaml'), 'utf8'));
    const fromSpec: string[] = [];
    for (const [path, item] of Object.entries<Record<string, { operationId: string }>>(spec.paths)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
        if (item[method]) fromSpec.push(`${method.toUpperCase()} ${path} ${item[method].operationId}`);
      }
    }
    const fromCatalogue = operations.map((o) => `${o.method} ${o.path} ${o.operationId}`);
    expect(fromCatalogue.sort()).toEqual(fromSpec.sort());
    expect(operations).toHaveLength(36);
    expect(new Set(operations.map((o) => o.name)).size).toBe(36);
    expect(new Set(operations.map((o) => o.tag))).toEqual(
      new Set(['Authentication', 'User', 'Group', 'Job Title', 'Position', 'Holiday', 'User child', 'User emergency contact', 'User identification']),
    );
  });

  it('generated files are not stale', () => {
    expect(() => execFileSync('node', [join(root, 'scripts', 'generate.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('derives paging limits from the spec', () => {
    const paged = Object.fromEntries(operations.filter((o) => o.paged).map((o) => [o.name, o.paged!.maxLimit]));
    expect(paged).toEqual({ 'user.list': 50, 'group.list': 25, 'position.list': null });
  });
});

describe('every operation over HTTP', () => {
  it('sends each operation with the shape the spec gives, and reads the answer', async () => {
    const { c } = client();
    const users = await c.users.list({ limit: 5 });
    const userId = users.items[1].id;
    const groups = await c.groups.list({ type: ['team'] });
    const titles = await c.jobTitles.list({});
    const seen = new Set<string>();
    const run = async <N extends OperationName>(name: N, params: unknown) => {
      const before = opCount(name);
      const result = await c.call(name, params as never);
      expect(opCount(name)).toBe(before + 1);
      seen.add(name);
      return result as any;
    };
    await run('user.list', { search: 'a', isActive: true, orderDirection: 'DESC', team: [groups.items[0].id] });
    const created = await run('user.create', {
      body: { givenName: 'Grace', familyName: 'Hopper', email: 'grace.hopper@example.com', groups: [groups.items[0].id] },
    });
    expect(created).toMatchObject({ givenName: 'Grace', email: 'grace.hopper@example.com', type: 'user' });
    expect((await run('user.get', { id: created.id })).givenName.value).toBe('Grace');
    expect((await run('user.update', { id: created.id, body: { phone: '+47 40000000' } })).phone.value).toBe('+47 40000000');
    await run('user.addSubordinates', { id: userId, body: [created.id] });
    expect((await run('user.listSubordinates', { id: userId })).map((u: { id: string }) => u.id)).toContain(created.id);
    expect((await run('user.getSupervisor', { id: created.id })).id).toBe(userId);
    await run('user.addToGroups', { id: created.id, body: [groups.items[1].id] });
    await run('user.removeFromGroups', { id: created.id, body: [groups.items[1].id] });
    expect((await run('user.getWorkSchedule', { id: 'me' })).weekWorkDays).toContain('MONDAY');
    expect((await run('user.listJubilees', { fromDate: '2025-01-01', toDate: '2025-12-31', orderDirection: 'ASC' })).total).toBeGreaterThan(0);

    const team = await run('group.create', { body: { type: 'team', name: 'Platform', members: [{ id: created.id }] } });
    expect(team.members).toHaveLength(1);
    expect((await run('group.get', { id: team.id })).name).toBe('Platform');
    expect((await run('group.update', { id: team.id, body: { type: 'team', description: 'Runs the platform' } })).description).toBe('Runs the platform');
    expect((await run('group.list', { search: 'Platform' })).total).toBe(1);

    const title = await run('jobTitle.create', { body: { name: 'Staff Engineer', description: 'IC6' } });
    expect((await run('jobTitle.get', { id: title.id })).name).toBe('Staff Engineer');
    expect((await run('jobTitle.update', { id: title.id, body: { name: 'Principal Engineer' } })).name).toBe('Principal Engineer');
    expect((await run('jobTitle.list', { search: 'principal' })).map((t: { name: string }) => t.name)).toEqual(['Principal Engineer']);

    const position = await run('position.create', {
      userId: created.id,
      body: { contractStartDate: '2024-02-01', contractType: 'Permanent', titleId: titles[0].id, percentage: 80 },
    });
    expect(position.percentage.value).toBe(80);
    expect((await run('position.get', { userId: created.id, id: position.id })).status).toBe('CURRENT');
    expect((await run('position.update', { userId: created.id, id: position.id, body: { percentage: 60 } })).percentage.value).toBe(60);
    expect((await run('position.list', { userId: created.id, limit: 10, offset: 0 })).total).toBe(1);
    await run('position.delete', { userId: created.id, id: position.id });

    expect(await run('holiday.list', { countryCode: 'NO', fromDate: '2025-05-01', toDate: '2025-05-31' })).toEqual([
      '2025-05-01',
      '2025-05-17',
      '2025-05-29',
    ]);

    const child = await run('userChild.create', { userId: created.id, body: { name: 'Ola', birthDate: '2015-06-01' } });
    expect((await run('userChild.update', { userId: created.id, id: child.id, body: { name: 'Ola Jr' } })).name).toBe('Ola Jr');
    await run('userChild.delete', { userId: created.id, id: child.id });
    const contact = await run('userEmergencyContact.create', { userId: created.id, body: { name: 'Kari', phone: '+47 1', relation: 'Sister' } });
    expect((await run('userEmergencyContact.update', { userId: created.id, id: contact.id, body: { name: 'Kari', phone: '+47 2' } })).phone).toBe('+47 2');
    await run('userEmergencyContact.delete', { userId: created.id, id: contact.id });
    const ident = await run('userIdentification.create', { userId: created.id, body: { type: 'passport', country: 'NO', value: 'P123' } });
    expect((await run('userIdentification.update', { userId: created.id, id: ident.id, body: { type: 'national', country: 'NO', value: '0101' } })).type).toBe('national');
    await run('userIdentification.delete', { userId: created.id, id: ident.id });
    const details = simplify<Record<string, unknown[]>>(await c.users.get({ id: created.id }));
    expect([details.children, details.emergencyContacts, details.identifications]).toEqual([[], [], []]);

    const token = await run('auth.token', {
      body: { grant_type: 'client_credentials', client_id: sandbox().credentials.clientId, client_secret: sandbox().credentials.clientSecret },
    });
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    seen.add('auth.revoke'); // exercised in the token tests below
    expect([...seen].sort()).toEqual(operations.map((o) => o.name).sort());
    await c.close();
  });

  it('refuses path values that could reach another endpoint, before sending', async () => {
    const { c } = client();
    await expect(c.users.get({ id: '../job-titles' })).rejects.toBeInstanceOf(HumaValidationError);
    await expect(c.users.get({ id: '..' })).rejects.toThrow('id must be an id, not "." or ".."');
    await c.close();
  });
});

describe('tokens', () => {
  it('caches the token and refreshes it shortly before expiry', async () => {
    let now = Date.now();
    const { c } = client({ now: () => now });
    const before = counters().tokenRequests;
    await c.users.get({ id: 'me' });
    await c.users.get({ id: 'me' });
    expect(counters().tokenRequests).toBe(before + 1);
    now += 3600_000 - 31_000; // still outside the 30 s margin
    await c.users.get({ id: 'me' });
    expect(counters().tokenRequests).toBe(before + 1);
    now += 2_000; // inside the margin: replaced before Huma would refuse it
    await c.users.get({ id: 'me' });
    expect(counters().tokenRequests).toBe(before + 2);
    await c.close();
  });

  it('shares one token request among concurrent callers', async () => {
    const { c } = client();
    const before = counters().tokenRequests;
    await Promise.all(Array.from({ length: 100 }, () => c.users.get({ id: 'me' })));
    expect(counters().tokenRequests).toBe(before + 1);
    await c.close();
  });

  it('refreshes once and retries on 401 invalid_token', async () => {
    const { c } = client();
    await c.users.get({ id: 'me' });
    const before = counters().tokenRequests;
    sandbox().sandbox.expireTokens();
    await Promise.all([c.users.get({ id: 'me' }), c.users.get({ id: 'me' })]);
    expect(counters().tokenRequests).toBe(before + 1);
    await c.close();
  });

  it('gives up after one refresh when the key stops working', async () => {
    const key = sandbox().sandbox.addKey();
    const { c } = client({ credentials: { clientId: key.clientId, clientSecret: key.clientSecret } });
    await c.users.get({ id: 'me' });
    sandbox().sandbox.setKeyStatus(key.clientId, 'deactivated');
    const before = counters().tokenRequests;
    const error = await c.users.get({ id: 'me' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HumaApiError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client', operation: 'auth.token' });
    expect(counters().tokenRequests).toBe(before + 1);
    await c.close();
  });

  it('revokes the token at Huma', async () => {
    const { c } = client();
    await c.users.get({ id: 'me' });
    const token = await c.getAccessToken();
    const before = opCount('auth.revoke');
    await c.revoke();
    expect(opCount('auth.revoke')).toBe(before + 1);
    const bare = await fetch(`${sandbox().url}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: 'invalid_token', error_description: 'Access token has been revoked' });
    await c.users.get({ id: 'me' }); // a new token is fetched
    await c.close();
  });
});

describe('pagination', () => {
  it('yields every user once, in order, prefetching pages concurrently', async () => {
    const { c } = client();
    const sequential: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await c.users.list({ limit: 50, offset });
      sequential.push(...page.items.map((u) => u.id));
      if (offset + 50 >= page.total!) break;
    }
    const before = opCount('user.list');
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const user of c.paginate('user.list', {}, { concurrency: 3, onPage: (p) => pages.push(p.offset) })) ids.push(user.id);
    expect(ids).toEqual(sequential);
    expect(new Set(ids).size).toBe(sandbox().sandbox.store.users.size);
    expect(opCount('user.list') - before).toBe(Math.ceil(ids.length / 50));
    expect(pages).toEqual([0, 50, 100, 150, 200]);
    await c.close();
  });

  it('honours filters, maxItems and the smaller group page size', async () => {
    const { c } = client();
    const active = await c.listAll('user.list', { isActive: true });
    expect(active.every((u) => u.status.active)).toBe(true);
    expect(await c.listAll('user.list', {}, { maxItems: 73 })).toHaveLength(73);
    const before = opCount('group.list');
    const groups = await c.listAll('group.list', {}, { pageSize: 5 });
    expect(groups.length).toBe(sandbox().sandbox.store.groups.size);
    expect(opCount('group.list') - before).toBe(Math.ceil(groups.length / 5));
    await expect(c.listAll('group.list', {}, { pageSize: 30 })).rejects.toThrow('limit must be at most 25');
    await c.close();
  });

  it('raises a failed prefetched page when it is reached, after the pages before it', async () => {
    const { c } = client({ retry: { maxAttempts: 1 } });
    const ids: string[] = [];
    await c.users.list({ limit: 1 }); // token first, so the scripted fault hits a page
    sandbox().sandbox.script({ operation: 'user.list', after: 2, status: 500 });
    await expect(
      (async () => {
        for await (const u of c.paginate('user.list', {}, { concurrency: 4 })) ids.push(u.id);
      })(),
    ).rejects.toMatchObject({ status: 500 });
    expect(ids).toHaveLength(100);
    await c.close();
  });
});

describe('retries', () => {
  it('retries 502/503/504 on GET with capped exponential backoff', async () => {
    const { c, sleeps } = client();
    await c.users.get({ id: 'me' });
    const before = opCount('user.get');
    sandbox().sandbox.script({ operation: 'user.get', status: 502 }, { operation: 'user.get', status: 503 }, { operation: 'user.get', status: 504 });
    await c.users.get({ id: 'me' });
    expect(opCount('user.get') - before).toBe(4);
    expect(sleeps).toEqual([188, 375, 750]); // 250·2^n, half fixed plus half jitter at 0.5
    await c.close();
  });

  it('honours Retry-After as seconds and as an HTTP date, and retries 429 even on POST', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { c, sleeps } = client({ now: () => now });
    await c.users.get({ id: 'me' });
    sandbox().sandbox.script(
      { operation: 'jobTitle.create', status: 429, retryAfter: '3' },
      { operation: 'jobTitle.create', status: 429, retryAfter: new Date(now + 7000).toUTCString() },
    );
    const before = counters().creates['jobTitle.create'] ?? 0;
    await c.jobTitles.create({ body: { name: 'Retry-After Engineer' } });
    expect(sleeps).toEqual([3000, 7000]);
    expect(counters().creates['jobTitle.create']).toBe(before + 1);
    await c.close();
  });

  it('does not retry a POST on 5xx or a reset after sending, so nothing is created twice', async () => {
    const { c } = client();
    await c.users.get({ id: 'me' });
    const before = opCount('jobTitle.create');
    sandbox().sandbox.script({ operation: 'jobTitle.create', status: 503 });
    await expect(c.jobTitles.create({ body: { name: 'Once Only' } })).rejects.toMatchObject({ status: 503 });
    sandbox().sandbox.script({ operation: 'jobTitle.create', reset: true });
    await expect(c.jobTitles.create({ body: { name: 'Once Only' } })).rejects.toBeInstanceOf(HumaConnectionError);
    expect(opCount('jobTitle.create') - before).toBe(2);
    await c.close();
  });

  it('retries a GET whose connection was reset', async () => {
    const { c } = client();
    await c.users.get({ id: 'me' });
    sandbox().sandbox.script({ operation: 'user.get', reset: true });
    const before = opCount('user.get');
    await c.users.get({ id: 'me' });
    expect(opCount('user.get') - before).toBe(2);
    await c.close();
  });

  it('retries a POST whose connection was refused, since nothing was sent', async () => {
    const { c, sleeps } = client({ baseUrl: 'http://127.0.0.1:9', credentials: { clientId: 'abcdef', clientSecret: 'very-secret-value' } });
    const error = await c.jobTitles.create({ body: { name: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HumaConnectionError);
    expect((error as HumaConnectionError).requestSent).toBe(false);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(3);
    // What a failed n8n item or Node-RED message carries: the code and the call, and no secret.
    expect(describeError(error)).toEqual({
      name: 'HumaConnectionError',
      message: expect.stringContaining('Could not reach Huma at http://127.0.0.1:9'),
      code: 'ECONNREFUSED',
      operation: 'auth.token',
      method: 'POST',
      path: '/auth/oauth/token',
    });
    expect(describeError(new TypeError('boom'))).toEqual({ name: 'TypeError', message: 'boom' });
    expect(describeError('odd')).toEqual({ name: 'Error', message: 'odd' });
    await c.close();
  });

  it('stops after the bounded number of attempts', async () => {
    const { c, sleeps } = client({ retry: { maxAttempts: 3 } });
    await c.users.get({ id: 'me' });
    sandbox().sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
    await expect(c.users.get({ id: 'me' })).rejects.toMatchObject({ status: 503, message: expect.stringContaining('try again later') });
    expect(sleeps).toHaveLength(2);
    await c.close();
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    const { c, sleeps } = client();
    await c.users.get({ id: 'me' });
    sandbox().sandbox.script({ operation: 'user.get', status: 429, retryAfter: '3600' });
    await expect(c.users.get({ id: 'me' })).rejects.toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
    await c.close();
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const { c, sleeps } = client();
    await c.users.get({ id: 'me' });
    // Without the abort the call would succeed once the latency has passed.
    sandbox().sandbox.setFaults({ latencyMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await c.call('user.get', { id: 'me' }, { signal: controller.signal }).catch((e: unknown) => e);
    sandbox().sandbox.setFaults({});
    expect(error).toBeInstanceOf(HumaConnectionError);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(sleeps).toEqual([]);
    await c.close();
  });

  it('reports a malformed JSON answer clearly', async () => {
    const { c } = client();
    await c.users.get({ id: 'me' });
    sandbox().sandbox.script({ operation: 'user.list', malformed: true });
    await expect(c.users.list({})).rejects.toThrow('with a body that is not valid JSON');
    await c.close();
  });
});

describe('validation before sending', () => {
  const cases: [string, OperationName, Record<string, unknown>, string][] = [
    ['a missing path parameter', 'user.get', {}, 'id is required'],
    ['a missing body', 'user.create', {}, 'body is required'],
    ['missing required body fields', 'user.create', { body: { givenName: 'A' } }, 'body.email is required; body.familyName is required; body.groups is required'],
    ['a wrong type', 'user.list', { isActive: 'maybe' }, 'isActive must be true or false (got "maybe")'],
    ['a bad uuid', 'jobTitle.get', { id: 'not-a-uuid' }, 'id must be a UUID'],
    ['a bad date', 'holiday.list', { countryCode: 'NO', fromDate: '2025-02-30', toDate: '2025-12-31' }, 'fromDate must be a date in YYYY-MM-DD form (got "2025-02-30")'],
    ['a bad enum', 'user.list', { orderDirection: 'UP' }, 'orderDirection must be one of ASC, DESC (got "UP")'],
    ['a too long string', 'jobTitle.create', { body: { name: 'x'.repeat(256) } }, 'body.name must be at most 255 characters (got 256)'],
    ['limit over 50', 'user.list', { limit: 51 }, 'limit must be at most 50 (got 51)'],
    ['more than 25 ids', 'user.list', { team: Array.from({ length: 26 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) }, 'team must have at most 25 items (got 26)'],
    ['a number out of range', 'position.create', { userId: 'me', body: { contractStartDate: '2024-01-01', contractType: 'Permanent', titleId: '00000000-0000-4000-8000-000000000000', percentage: 120 } }, 'body.percentage must be at most 100 (got 120)'],
    ['an unknown parameter', 'user.list', { limt: 5 }, 'limt is not a parameter of user.list'],
    ['an unknown body field', 'jobTitle.create', { body: { name: 'A', titel: 'x' } }, 'body.titel is not a known field'],
    ['a group type', 'group.create', { body: { type: 'club', name: 'A' } }, 'body.type must be one of company, location, team (got "club")'],
    ['a bad country code', 'holiday.list', { countryCode: 'Norway', fromDate: '2025-01-01', toDate: '2025-01-02' }, 'countryCode must be a two-letter ISO 3166-1 country code'],
  ];

  it.each(cases)('rejects %s, naming the field, and sends nothing', async (_what, name, params, message) => {
    const { c } = client();
    const before = counters().requests;
    const error = await c.call(name, params as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HumaValidationError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('Nothing was sent to Huma');
    expect(counters().requests).toBe(before);
    await c.close();
  });

  it('checks a batch with prepareRequest before sending any of it with send()', async () => {
    const { c } = client();
    const titles = [...sandbox().sandbox.store.jobTitles.values()].slice(0, 3);
    const before = counters().requests;
    const batch = [...titles.map((t) => ({ id: t.id })), { id: 'not-a-uuid' }];
    const checked = batch.map((params) => {
      try {
        return prepareRequest(getOperation('jobTitle.get'), params);
      } catch (error) {
        return error as HumaValidationError;
      }
    });
    expect(checked[3]).toBeInstanceOf(HumaValidationError);
    expect(counters().requests).toBe(before);
    const answers = await Promise.all(checked.slice(0, 3).map((prepared) => c.send(prepared as PreparedRequest)));
    expect(answers.map((a) => (a as { id: string }).id)).toEqual(titles.map((t) => t.id));
    await c.close();
  });

  it('coerces text from no-code editors where unambiguous', async () => {
    const { c } = client();
    const page = await c.call('user.list', { limit: '2' as never, isActive: 'true' as never });
    expect(page.items).toHaveLength(2);
    await c.close();
  });
});

describe('errors and secrets', () => {
  it('names status, Huma error code, fields and operation', async () => {
    const { c } = client();
    const existing = [...sandbox().sandbox.store.users.values()][0];
    const error = (await c.users
      .create({ body: { givenName: 'A', familyName: 'B', email: existing.email, groups: [] } })
      .catch((e: unknown) => e)) as HumaApiError;
    expect(error).toBeInstanceOf(HumaApiError);
    expect(error).toMatchObject({ status: 400, errorCode: 'field:invalid-format', fields: ['email'], operation: 'user.create', method: 'POST', path: '/users' });
    expect(error.message).toBe(
      'Huma answered 400 field:invalid-format to user.create (POST /users): A user with this email already exists. Check these fields: email.',
    );
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 400, fields: ['email'] });
    await c.close();
  });

  it('never shows the client secret or a token in errors', async () => {
    const secret = 'super-secret-client-secret-123';
    const { c } = client({ credentials: { clientId: sandbox().credentials.clientId, clientSecret: secret } });
    const error = (await c.users.get({ id: 'me' }).catch((e: unknown) => e)) as HumaApiError;
    expect(error.status).toBe(401);
    const everything = [error.message, error.stack, JSON.stringify(error), String((error as { cause?: unknown }).cause)].join('\n');
    expect(everything).not.toContain(secret);
    await c.close();

    // A transport whose own errors carry the secret and the bearer token is scrubbed too.
    const leaky = createHumaClient({
      baseUrl: sandbox().url,
      credentials: sandbox().credentials,
      sleep: async () => undefined,
      retry: { maxAttempts: 1 },
      transport: {
        request: async (req) => {
          if (req.url.endsWith('/auth/oauth/token')) return new UndiciTransport().request(req);
          throw new Error(`socket hang up while sending ${req.headers.authorization} with ${sandbox().credentials.clientSecret}`, {
            cause: new Error(`inner ${sandbox().credentials.clientSecret}`),
          });
        },
      },
    });
    const leak = (await leaky.users.get({ id: 'me' }).catch((e: unknown) => e)) as Error & { cause: Error };
    const text = [leak.message, leak.stack, leak.cause.message, leak.cause.stack, JSON.stringify(leak)].join('\n');
    expect(text).not.toContain(sandbox().credentials.clientSecret);
    expect(text).not.toMatch(/Bearer (?!\[redacted\])/);
    expect(text).toContain('[redacted]');
  });
});

describe('transports that parse JSON themselves', () => {
  it('takes an answer already parsed as it is, for results and for errors', async () => {
    const parsed = { id: '7a1c2d9e-0000-4000-8000-000000000001', name: 'Payroll Lead' };
    const answers = [
      { status: 200, headers: {}, body: '', json: parsed },
      { status: 404, headers: {}, body: '', json: { errorCode: 'object:not-found', errorMessage: 'No such job title', interpolations: {} } },
    ];
    const c = new HumaClient({ baseUrl: 'http://127.0.0.1:9', sleep: jest.fn(), transport: { request: async () => answers.shift()! } });
    expect(await c.call('jobTitle.get', { id: parsed.id })).toBe(parsed);
    const error = (await c.call('jobTitle.get', { id: parsed.id }).catch((e: unknown) => e)) as HumaApiError;
    expect(error).toBeInstanceOf(HumaApiError);
    expect(error.errorCode).toBe('object:not-found');
  });
});

describe('base URL', () => {
  it('resolves environments and refuses plain http outside loopback', () => {
    expect(resolveBaseUrl('production')).toBe('https://openapi.humahr.com');
    expect(resolveBaseUrl('demo')).toBe('https://demo.openapi.humahr.com');
    expect(resolveBaseUrl('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl('http://localhost:4010')).toBe('http://localhost:4010');
    expect(() => resolveBaseUrl('http://openapi.humahr.com')).toThrow('use https');
    expect(() => resolveBaseUrl('http://10.0.0.5')).toThrow('use https');
    expect(() => resolveBaseUrl('not a url')).toThrow('is not valid');
    expect(() => new HumaClient({ transport: { request: jest.fn() }, sleep: jest.fn(), credentials: { clientId: 'a', clientSecret: '' } })).toThrow(
      'need a client secret',
    );
  });
});

describe('simplify', () => {
  it('unwraps field wrappers at any depth and leaves plain data alone', () => {
    expect(
      simplify({
        id: 'x',
        givenName: { value: 'Ada', editable: true },
        phone: { editable: false },
        supervisor: { value: { id: 's', jobTitles: [] }, editable: true, completeness: 'important' },
        children: { value: [{ id: 'c', name: 'Ola' }], editable: true },
        custom: { shoe: { label: 'Shoe size', value: 42, editable: true, section: 'misc', type: 'number' } },
        status: { active: true },
      }),
    ).toEqual({
      id: 'x',
      givenName: 'Ada',
      phone: undefined,
      supervisor: { id: 's', jobTitles: [] },
      children: [{ id: 'c', name: 'Ola' }],
      custom: { shoe: 42 },
      status: { active: true },
    });
  });
});
