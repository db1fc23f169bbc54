// End to end in n8n 2.x queue mode, as a self-hosting user scales out: Redis, PostgreSQL 17,
// n8n main and two workers, the packed package installed, an active workflow behind a
// production webhook running the Huma node against the sandbox. Run by `npm test` in its own
// stage (HUMA_N8N_QUEUE=1), which installs redis-server and PostgreSQL on first use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from '../helpers/sandbox';

const { startQueue, finishedExecutions } = require('../../scripts/test/n8n-queue');

const CALLS = 50;
const PAGE = 5;
const sandbox = useSandbox({ users: 80, seed: 13 });
let workDir: string;
let queue: {
	url: string;
	main: { read(): string };
	workers: { read(): string }[];
	stop(): Promise<void>;
};

beforeAll(async () => {
	workDir = mkdtempSync(join(tmpdir(), 'huma-n8n-queue-'));
	const credentials = { humaApi: { id: 'hUmAqUeUeCrEd001', name: 'Huma sandbox' } };
	queue = await startQueue({
		workDir,
		workers: 2,
		credentials: [
			{
				id: 'hUmAqUeUeCrEd001',
				name: 'Huma sandbox',
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials },
			},
		],
		workflows: [
			{
				id: 'hUmAqUeUeWoRkFl1',
				name: 'Huma in queue mode',
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
						webhookId: '6f1d2c4e-8b3a-4c7e-9f12-3a5b7c9d1e20',
						parameters: {
							path: 'huma-queue',
							httpMethod: 'GET',
							responseMode: 'lastNode',
							responseData: 'allEntries',
						},
					},
					{
						id: 'users',
						name: 'Users',
						type: 'n8n-nodes-huma.huma',
						typeVersion: 1,
						position: [220, 0],
						parameters: { resource: 'user', operation: 'getAll', returnAll: false, limit: PAGE },
						credentials,
					},
				],
				connections: { Webhook: { main: [[{ node: 'Users', type: 'main', index: 0 }]] } },
			},
		],
	});
}, 600_000);

afterAll(async () => {
	await queue?.stop();
	rmSync(workDir, { recursive: true, force: true });
}, 120_000);

/** Calls the production webhook CALLS times at once; every call must answer the users. */
async function burst() {
	const known = new Set(sandbox().sandbox.store.users.keys());
	const answers = await Promise.all(
		Array.from({ length: CALLS }, async () => {
			const response = await fetch(`${queue.url}/webhook/huma-queue`);
			return { status: response.status, body: await response.text() };
		}),
	);
	for (const answer of answers) {
		expect(answer).toMatchObject({ status: 200 });
		const users = JSON.parse(answer.body) as { id: string }[];
		expect(users).toHaveLength(PAGE);
		expect(users.every((u) => known.has(u.id))).toBe(true);
	}
}

/** The executions each worker's log says it finished, once all `expected` are there. */
async function workerExecutions(expected: number) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const perWorker: string[][] = queue.workers.map((w) => finishedExecutions(w.read()));
		if (perWorker.flat().length >= expected || Date.now() > deadline) return perWorker;
		await new Promise((r) => setTimeout(r, 500));
	}
}

const tokenRequests = () => sandbox().sandbox.counters.tokenRequests;

it(`answers ${CALLS} concurrent webhook calls, each executed by a worker, with one token per worker at most`, async () => {
	const before = tokenRequests();
	await burst();
	const perWorker = await workerExecutions(CALLS);
	// Main hands every execution to the queue: the workers ran all of them, each a share.
	expect(perWorker.flat()).toHaveLength(CALLS);
	expect(new Set(perWorker.flat()).size).toBe(CALLS);
	for (const executions of perWorker) expect(executions.length).toBeGreaterThan(0);
	expect(queue.main.read()).not.toContain('Worker finished execution');
	// The token is stored in the credential row in PostgreSQL, where every worker reads it.
	expect(tokenRequests() - before).toBeLessThanOrEqual(queue.workers.length);
	expect(tokenRequests() - before).toBeGreaterThan(0);
}, 300_000);

it('after the token expires, fetches at most one new token per worker', async () => {
	const unauthorized = () => sandbox().sandbox.counters.byStatus[401] ?? 0;
	const [tokensBefore, unauthorizedBefore] = [tokenRequests(), unauthorized()];
	const expired = await fetch(`${sandbox().url}/__sandbox/expire-tokens`, { method: 'POST' });
	expect(expired.status).toBe(200);
	await burst();
	expect((await workerExecutions(2 * CALLS)).flat()).toHaveLength(2 * CALLS);
	// The stored token was refused (so the refresh path ran), then replaced once per worker at most.
	expect(unauthorized()).toBeGreaterThan(unauthorizedBefore);
	expect(tokenRequests() - tokensBefore).toBeLessThanOrEqual(queue.workers.length);
}, 300_000);

it('keeps the client secret out of every n8n log', () => {
	for (const log of [queue.main.read(), ...queue.workers.map((w) => w.read())])
		expect(log).not.toContain(sandbox().credentials.clientSecret);
});
