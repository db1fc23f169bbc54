// One rate limit per API key in real n8n 2.x (PostgreSQL, Redis), against the sandbox limited
// to 10 requests/s: 20 concurrent executions (webhook calls), each "Get user" for its items.
// - main alone (regular mode, one process): every execution shares the key's learned pace;
// - queue mode, two workers (two processes): each paces to the credential's "Max Requests per
//   Second (Each n8n Process)", set to the limit divided by the workers.
// Run in the queue stage of `npm test` (HUMA_N8N_QUEUE=1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from '../helpers/sandbox';
import { limitSandbox, rateOutcome, RATE } from '../helpers/rate-limit';

const { startQueue } = require('../../scripts/test/n8n-queue');

const EXECUTIONS = 20;
const sandbox = useSandbox({ users: 20, seed: 17 });

function workflow(items: number, id: string) {
	const credentials = { humaApi: { id: 'hUmArAtEcReD0001', name: 'Huma sandbox' } };
	return {
		id: 'hUmArAtEwOrKfL01',
		name: 'Huma rate limit',
		publish: true,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '2a6c1f0e-5d4b-4e3a-9c8d-7b6a5f4e3d21',
				parameters: {
					path: 'huma-rate',
					httpMethod: 'GET',
					responseMode: 'lastNode',
					responseData: 'allEntries',
				},
			},
			{
				id: 'items',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, () => ({ json: { id: '${id}' } }));`,
				},
			},
			{
				id: 'get',
				name: 'Get user',
				type: 'n8n-nodes-huma.huma',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'user',
					operation: 'get',
					id: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					simplify: false,
				},
				credentials,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Get user', type: 'main', index: 0 }]] },
		},
	};
}

/** Starts n8n, calls the webhook EXECUTIONS times at once under the limit, and checks the cost. */
async function run(
	label: string,
	options: { mode: string; workers: number; items: number; requestsPerSecond: number },
) {
	const workDir = mkdtempSync(join(tmpdir(), 'huma-n8n-rate-'));
	const id = sandbox().sandbox.store.serviceUserId;
	const n8n = await startQueue({
		workDir,
		mode: options.mode,
		workers: options.workers,
		logLevel: 'warn',
		credentials: [
			{
				id: 'hUmArAtEcReD0001',
				name: 'Huma sandbox',
				type: 'humaApi',
				data: {
					environment: 'custom',
					baseUrl: sandbox().url,
					...sandbox().credentials,
					requestsPerSecond: options.requestsPerSecond,
				},
			},
		],
		workflows: [workflow(options.items, id)],
	});
	try {
		limitSandbox(sandbox());
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: EXECUTIONS }, async () => {
				const response = await fetch(`${n8n.url}/webhook/huma-rate`);
				return { status: response.status, body: await response.text() };
			}),
		);
		const calls = EXECUTIONS * options.items;
		const outcome = rateOutcome(sandbox(), 'user.get', calls, Date.now() - started);
		sandbox().sandbox.setFaults({});
		console.log(`n8n ${label}: ${outcome.summary}`);
		for (const answer of answers) {
			expect(answer.status).toBe(200);
			const users = JSON.parse(answer.body) as { id: string }[];
			expect(users).toHaveLength(options.items);
			expect(users.every((u) => u.id === id)).toBe(true);
		}
		expect(outcome.timeRatio).toBeLessThanOrEqual(1.25);
		expect(outcome.refusedShare).toBeLessThanOrEqual(0.05);
	} finally {
		await n8n.stop();
		rmSync(workDir, { recursive: true, force: true });
	}
}

it(`shares one learned limit across ${EXECUTIONS} concurrent executions x 50 "Get user" in one n8n process`, async () => {
	await run('main alone, limit learned', {
		mode: 'regular',
		workers: 0,
		items: 50,
		requestsPerSecond: 0,
	});
}, 600_000);

it(`splits the limit between two queue-mode workers by setting: ${EXECUTIONS} executions x 25 "Get user"`, async () => {
	await run(`queue mode, 2 workers at ${RATE / 2} requests/s each`, {
		mode: 'queue',
		workers: 2,
		items: 25,
		requestsPerSecond: RATE / 2,
	});
}, 600_000);
