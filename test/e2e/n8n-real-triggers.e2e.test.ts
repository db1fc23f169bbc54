// The Huma Trigger end to end in real n8n: an active workflow under `n8n start`, the sandbox
// posting its signed webhooks to the production webhook URL. A user created through the API
// starts one execution; a tampered delivery gets 401 and starts none. Runs in the same stage
// as n8n-real.e2e.test.ts (HUMA_N8N_REAL, n8n 2.x or HUMA_N8N_APP=n8n-1).
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver } from '../helpers/receiver';
import { sandboxApi, useSandbox } from '../helpers/sandbox';

const n8n = require('../../scripts/test/n8n-headless');

const sandbox = useSandbox({ users: 40, seed: 37 });
const secret = 'e2e-webhook-secret';
const token = 'e2e-webhook-token';
const WORKFLOW_ID = 'hUmAtRiGgErWf001';
const WEBHOOK_ID = '5d0f5a3e-8c61-4a3b-9d7e-2f1c0b9a7e11';
const POLL_WORKFLOW_ID = 'hUmApOlLiNgWf001';
const RECEIVER_PORT = 27000 + (process.pid % 1000);
const N8N_PORT = 26000 + (process.pid % 1000);
let userFolder: string;

beforeAll(() => {
	userFolder = n8n.prepareUserFolder(mkdtempSync(join(tmpdir(), 'huma-n8n-trigger-e2e-')));
	n8n.importCredentials(userFolder, [
		{
			id: 'hUmAwEbHoOkCrEd1',
			name: 'Huma webhook',
			type: 'humaWebhookApi',
			data: { clientSecret: secret, accessToken: token },
		},
		{
			id: 'hUmAsAnDbOxCrEd2',
			name: 'Huma sandbox',
			type: 'humaApi',
			data: { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials },
		},
	]);
	n8n.importWorkflows(userFolder, [
		{
			id: WORKFLOW_ID,
			name: 'Huma trigger end to end',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'huma-trigger',
					name: 'Huma Trigger',
					type: 'n8n-nodes-huma.humaTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { events: ['users-create'], output: 'user' },
					credentials: { humaWebhookApi: { id: 'hUmAwEbHoOkCrEd1', name: 'Huma webhook' } },
				},
				{
					id: 'noop',
					name: 'Done',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
				},
			],
			connections: { 'Huma Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		},
		{
			id: POLL_WORKFLOW_ID,
			name: 'Huma polling trigger end to end',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'huma-poll',
					name: 'Huma Polling Trigger',
					type: 'n8n-nodes-huma.humaPollingTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						events: ['userAdded', 'userChanged', 'userDeactivated'],
					},
					credentials: { humaApi: { id: 'hUmAsAnDbOxCrEd2', name: 'Huma sandbox' } },
				},
				{
					id: 'report',
					name: 'Report',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [200, 0],
					parameters: {
						method: 'POST',
						url: `http://127.0.0.1:${RECEIVER_PORT}/events`,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify({ event: $json.event, userId: $json.userId }) }}',
						options: {},
					},
				},
			],
			connections: {
				'Huma Polling Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
			},
		},
	]);
	// Activating from the CLI: 2.x publishes the workflow; 1.x sets it active.
	for (const id of [WORKFLOW_ID, POLL_WORKFLOW_ID]) {
		const activate = n8n.activate(userFolder, id);
		if (activate.status !== 0)
			throw new Error(`activating workflow ${id} failed: ${activate.stdout}\n${activate.stderr}`);
	}
}, 300_000);
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

it('starts an active workflow for a signed delivery and refuses a tampered one with 401', async () => {
	const server = await n8n.start(userFolder, N8N_PORT);
	try {
		const post = (path: string, body: unknown, cookie = '') =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(body),
			});
		const owner = {
			email: 'owner@example.com',
			firstName: 'Test',
			lastName: 'Owner',
			password: 'TestPassw0rd!',
		};
		expect((await post('/rest/owner/setup', owner)).status).toBe(200);
		const login = await post('/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		const executions = async () => {
			const res = await fetch(
				`${server.url}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}`,
				{ headers: { cookie } },
			);
			const body = await res.json();
			return (body.data?.results ?? body.data ?? []) as {
				id: string;
				status: string;
				mode: string;
			}[];
		};
		const hookUrl = `${server.url}/webhook/${WEBHOOK_ID}/webhook`;

		// n8n answers readiness before it has activated every workflow: an unsigned probe gets
		// 404 until the trigger's webhook is registered, then the node's own 401 (and no execution).
		expect(
			await n8n.waitForWebhook(hookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{"topic":"users-create","users":[]}',
			}),
		).toBe(401);

		// The sandbox posts a signed users-create to the production URL when a user is created.
		sandbox().sandbox.webhooks.configure({ url: hookUrl, secret, token });
		const created = await sandboxApi(sandbox())('POST', '/users', {
			givenName: 'Eve',
			familyName: 'Endtoend',
			email: 'eve.e2e@example.com',
			groups: [],
		});
		expect(created.status).toBe(200);
		await sandbox().sandbox.webhooks.idle();
		expect(sandbox().sandbox.webhooks.counters).toMatchObject({
			delivered: 1,
			failed: 0,
			rejected: 0,
		});
		let runs: Awaited<ReturnType<typeof executions>> = [];
		for (
			let i = 0;
			i < 120 && !(runs = await executions()).some((e) => e.status === 'success');
			i++
		)
			await new Promise((r) => setTimeout(r, 500));
		expect(runs.map((e) => [e.status, e.mode])).toEqual([['success', 'webhook']]);

		// Tampered: the body changed after signing. 401, and no execution.
		const body = JSON.stringify({
			topic: 'users-create',
			users: [{ id: 'x', email: 'x@example.com' }],
		});
		const signature = createHmac('sha256', secret).update(body).digest('hex');
		const tampered = await fetch(hookUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'huma-topic': 'users-create',
				'huma-hmac-sha256': signature,
				authorization: `Bearer ${token}`,
			},
			body: body.replace('x@example.com', 'y@example.com'),
		});
		expect(tampered.status).toBe(401);
		await new Promise((r) => setTimeout(r, 2000));
		expect(await executions()).toHaveLength(1);
	} finally {
		sandbox().sandbox.webhooks.configure(undefined);
		await server.stop();
	}
}, 300_000);

it('polls every minute: changes made while n8n was stopped come out once after the restart', async () => {
	// What the workflow's HTTP Request node reports, one POST per event.
	const receiver = await startReceiver<{ event: string; userId: string }>(RECEIVER_PORT);
	const reported = receiver.received;
	const polls = () => sandbox().sandbox.counters.byOperation['user.list'] ?? 0;
	const waitForPolls = async (count: number) => {
		const target = polls() + count;
		for (let i = 0; polls() < target && i < 400; i++) await new Promise((r) => setTimeout(r, 500));
		await new Promise((r) => setTimeout(r, 3000)); // the comparison, the run and the report after the last page
	};
	try {
		let server = await n8n.start(userFolder, N8N_PORT);
		try {
			// Two polls: the baseline is set (the workflow was already active during the webhook
			// test, so they may report the user created there: not counted).
			await waitForPolls(1);
			await waitForPolls(1);
			reported.length = 0;
		} finally {
			await server.stop();
		}

		const users = [...sandbox().sandbox.store.users.values()].filter((u) => u.active);
		const call = sandboxApi(sandbox());
		const created = await (
			await call('POST', '/users', {
				givenName: 'Paula',
				familyName: 'Poll',
				email: 'paula.poll@example.com',
				groups: [],
			})
		).json();
		expect((await call('PATCH', `/users/${users[0].id}`, { familyName: 'Changed' })).status).toBe(
			200,
		);
		sandbox().sandbox.setUserActive(users[1].id, false);

		server = await n8n.start(userFolder, N8N_PORT);
		try {
			for (let i = 0; reported.length < 3 && i < 240; i++)
				await new Promise((r) => setTimeout(r, 500));
			await waitForPolls(1); // one more poll: nothing new
			expect(reported.map((r) => [r.event, r.userId]).sort()).toEqual(
				[
					['userAdded', created.id],
					['userChanged', users[0].id],
					['userDeactivated', users[1].id],
				].sort(),
			);
		} finally {
			await server.stop();
		}
	} finally {
		await receiver.close();
	}
}, 600_000);
