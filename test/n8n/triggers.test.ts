import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { useSandbox } from '../helpers/sandbox';
import { callWebhook, pollTrigger, stopEngineTimers, TestCredentialsHelper } from './harness';

const sandbox = useSandbox({ users: 80, seed: 23 });
const secret = 'n8n-webhook-secret';
const token = 'n8n-webhook-token';
let credentials: TestCredentialsHelper;

beforeEach(() => {
	credentials = new TestCredentialsHelper();
	credentials.store.set('cred-1', {
		environment: 'custom',
		baseUrl: sandbox().url,
		...sandbox().credentials,
		accessToken: '',
	});
	credentials.store.set('webhook-cred', { clientSecret: secret, accessToken: token });
});
afterAll(() => stopEngineTimers());

const delivery = (topic: string, users: IDataObject[], extra: IDataObject = {}) =>
	JSON.stringify({ topic, users, ...extra });
const headersFor = (
	body: string,
	topic: string,
	key = secret,
	encoding: 'hex' | 'base64' = 'hex',
) => ({
	'content-type': 'application/json',
	'huma-topic': topic,
	'huma-hmac-sha256': createHmac('sha256', key).update(body).digest(encoding),
	authorization: `Bearer ${token}`,
});
const webhookParams = {
	events: ['users-create', 'users-update', 'users-delete', 'other'],
	output: 'user',
};

describe('Huma Trigger (webhook) in the n8n engine', () => {
	it('starts with one item per affected user, unknown fields kept', async () => {
		const body = delivery('users-create', [
			{ id: 'u-1', email: 'a@example.com', givenName: 'Ada', shoeSize: 41 },
			{ id: 'u-2', email: 'b@example.com' },
		]);
		const result = await callWebhook(credentials, webhookParams, {
			headers: headersFor(body, 'users-create', secret, 'base64'),
			body,
		});
		expect(result.status).toBeUndefined();
		expect(result.items?.map((i) => i.json)).toEqual([
			{
				event: 'userAdded',
				topic: 'users-create',
				source: 'webhook',
				userId: 'u-1',
				user: { id: 'u-1', email: 'a@example.com', givenName: 'Ada', shoeSize: 41 },
			},
			{
				event: 'userAdded',
				topic: 'users-create',
				source: 'webhook',
				userId: 'u-2',
				user: { id: 'u-2', email: 'b@example.com' },
			},
		]);
		const perDelivery = await callWebhook(
			credentials,
			{ ...webhookParams, output: 'delivery' },
			{ headers: headersFor(body, 'users-create'), body },
		);
		expect(perDelivery.items).toHaveLength(1);
		expect(perDelivery.items![0].json).toMatchObject({
			event: 'userAdded',
			delivery: JSON.parse(body),
		});
	});

	it('answers 401 and starts nothing for tampered, unsigned or stale-token deliveries', async () => {
		const body = delivery('users-update', [{ id: 'u-1', email: 'a@example.com' }]);
		const tampered = await callWebhook(credentials, webhookParams, {
			headers: headersFor(body, 'users-update'),
			body: body.replace('a@', 'z@'),
		});
		expect(tampered).toMatchObject({ status: 401, items: undefined });
		const { 'huma-hmac-sha256': _dropped, ...unsigned } = headersFor(body, 'users-update');
		expect(
			await callWebhook(credentials, webhookParams, { headers: unsigned, body }),
		).toMatchObject({ status: 401, items: undefined });
		const stale = { ...headersFor(body, 'users-update'), authorization: 'Bearer old-token' };
		expect(await callWebhook(credentials, webhookParams, { headers: stale, body })).toMatchObject({
			status: 401,
			items: undefined,
		});
		const wrongKey = await callWebhook(credentials, webhookParams, {
			headers: headersFor(body, 'users-update', 'other-secret'),
			body,
		});
		expect(wrongKey).toMatchObject({ status: 401, items: undefined });
	});

	it('refuses non-JSON (400) and oversized (413) deliveries; unselected topics are acknowledged, not started', async () => {
		expect(
			await callWebhook(credentials, webhookParams, {
				headers: headersFor('nope', 'users-create'),
				body: 'nope',
			}),
		).toMatchObject({ status: 400 });
		const big = delivery('users-export', [
			{ id: 'u', email: 'e', pad: 'x'.repeat(1.2 * 1024 * 1024) },
		]);
		const oversized = await callWebhook(
			credentials,
			{ ...webhookParams, options: { maxBodyMb: 1 } },
			{ headers: headersFor(big, 'users-export'), body: big },
		);
		expect(oversized).toMatchObject({ status: 413, items: undefined });
		const exported = delivery('users-export', [{ id: 'u', email: 'e' }]);
		const ignored = await callWebhook(credentials, webhookParams, {
			headers: headersFor(exported, 'users-export'),
			body: exported,
		});
		expect(ignored).toMatchObject({
			status: 200,
			items: undefined,
			body: { ignored: 'users-export' },
		});
		const team = JSON.stringify({
			topic: 'team-members-add',
			team: { id: 't' },
			users: [{ id: 'u-9', email: 'n@x' }],
		});
		const other = await callWebhook(credentials, webhookParams, {
			headers: headersFor(team, 'team-members-add'),
			body: team,
		});
		expect(other.items?.map((i) => i.json)).toEqual([
			{
				event: 'team-members-add',
				topic: 'team-members-add',
				source: 'webhook',
				userId: 'u-9',
				user: { id: 'u-9', email: 'n@x' },
			},
		]);
	});
});

describe('Huma Polling Trigger in the n8n engine', () => {
	const params = {
		events: ['userAdded', 'userChanged', 'userDeactivated', 'userReactivated', 'userRemoved'],
	};
	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sandbox().url}${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(res.status).toBe(200);
	};

	it('baselines, then emits a user created, changed and deactivated exactly once, across a restart', async () => {
		let staticData: IDataObject = {};
		expect(await pollTrigger(credentials, params, staticData)).toBeNull();
		const state = staticData['node:Huma Polling Trigger'] as IDataObject;
		const users = [...sandbox().sandbox.store.users.values()];
		const stateBytes = JSON.stringify(state).length / users.length;
		expect(stateBytes).toBeLessThan(80); // fingerprints, not copies of users

		const createRes = await fetch(`${sandbox().url}/auth/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				grant_type: 'client_credentials',
				client_id: sandbox().credentials.clientId,
				client_secret: sandbox().credentials.clientSecret,
			}),
		});
		const bearer = (await createRes.json()).access_token as string;
		const call = (method: string, path: string, body: unknown) =>
			fetch(`${sandbox().url}${path}`, {
				method,
				headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const created = await (
			await call('POST', '/users', {
				givenName: 'Polly',
				familyName: 'Trigger',
				email: 'polly@example.com',
				groups: [],
			})
		).json();
		expect((await call('PATCH', `/users/${users[2].id}`, { givenName: 'Renamed' })).status).toBe(
			200,
		);
		await api('PUT', `/__sandbox/users/${users[3].id}/active`, { active: false });

		// Restart: the static data n8n saved comes back as JSON.
		staticData = JSON.parse(JSON.stringify(staticData));
		const output = await pollTrigger(credentials, params, staticData);
		const events = output![0].map((i) => i.json);
		expect(events.map((e) => [e.event, e.userId]).sort()).toEqual(
			[
				['userAdded', created.id],
				['userChanged', users[2].id],
				['userDeactivated', users[3].id],
			].sort(),
		);
		expect(events.find((e) => e.event === 'userChanged')).toMatchObject({
			changedFields: ['givenName'],
			changes: { givenName: 'Renamed' },
		});
		staticData = JSON.parse(JSON.stringify(staticData));
		expect(await pollTrigger(credentials, params, staticData)).toBeNull();
	});

	it('keeps its state and emits nothing false when a poll fails', async () => {
		const staticData: IDataObject = {};
		await pollTrigger(credentials, params, staticData);
		const saved = JSON.stringify(staticData);
		sandbox().sandbox.script({ operation: 'user.list', status: 500, after: 1 });
		await expect(pollTrigger(credentials, params, staticData)).rejects.toThrow(/500|Huma/);
		expect(JSON.stringify(staticData)).toBe(saved);
		expect(await pollTrigger(credentials, params, staticData)).toBeNull();
	});

	it('Fetch Test Event returns current data without touching the saved state; bad events are named', async () => {
		const staticData: IDataObject = {};
		const sample = await pollTrigger(credentials, params, staticData, 'manual');
		expect(sample![0].length).toBeGreaterThan(0);
		expect(sample![0][0].json).toMatchObject({
			event: 'userAdded',
			initial: true,
			user: { id: expect.any(String) },
		});
		expect(staticData['node:Huma Polling Trigger'] ?? {}).toEqual({});
		await expect(
			pollTrigger(credentials, { events: ['userExploded'] }, staticData),
		).rejects.toThrow('"userExploded" is not an event');
	});

	it('announces work anniversaries once', async () => {
		const staticData: IDataObject = {};
		const first = await pollTrigger(
			credentials,
			{ events: ['workAnniversary'], anniversaryDaysAhead: 120, options: { emitCurrent: true } },
			staticData,
		);
		expect(first![0].length).toBeGreaterThan(0);
		expect(first![0][0].json).toMatchObject({
			event: 'workAnniversary',
			jubilee: { type: 'work_anniversary', years: expect.any(Number) },
		});
		expect(
			await pollTrigger(
				credentials,
				{ events: ['workAnniversary'], anniversaryDaysAhead: 120 },
				staticData,
			),
		).toBeNull();
	});
});
