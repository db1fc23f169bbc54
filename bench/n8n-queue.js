// n8n queue mode: 200 executions of a webhook workflow (Webhook → Huma Get Many, 10 users, at
// 20 ms latency), 20 calls in flight, through main and two workers (--concurrency=10; Redis,
// PostgreSQL 17), vs the same through main alone (regular mode, same database), executions/s. The issue sets no goal: reported. On a
// 2-core machine the workers share the cores main had; the gain to expect is with more cores.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { startSandboxProcess } = require('./sandbox-process');
const { startQueue } = require('../scripts/test/n8n-queue');

const EXECUTIONS = 200;
const WARM_UP = 20;
const IN_FLIGHT = 20;

async function executionsPerSecond(sb, { mode, workers }) {
	const workDir = mkdtempSync(join(tmpdir(), `huma-bench-n8n-${mode}-`));
	const credentials = { humaApi: { id: 'bEnChQuEuEcReD01', name: 'Huma sandbox' } };
	const cluster = await startQueue({
		workDir,
		mode,
		workers,
		logLevel: 'warn',
		credentials: [
			{
				id: 'bEnChQuEuEcReD01',
				name: 'Huma sandbox',
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sb.url, ...sb.credentials },
			},
		],
		workflows: [
			{
				id: 'bEnChQuEuEwOrKf1',
				name: 'Huma webhook',
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
						webhookId: '0b7e4c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c',
						parameters: {
							path: 'huma-bench',
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
						parameters: { resource: 'user', operation: 'getAll', returnAll: false, limit: 10 },
						credentials,
					},
				],
				connections: { Webhook: { main: [[{ node: 'Users', type: 'main', index: 0 }]] } },
			},
		],
	});
	try {
		// IN_FLIGHT calls at a time, as many as the two workers' execution slots; each call must
		// answer the 10 users.
		const run = async (n) => {
			let next = 0;
			const failures = [];
			const caller = async () => {
				while (next < n) {
					next++;
					const response = await fetch(`${cluster.url}/webhook/huma-bench`);
					const body = await response.text();
					if (response.status !== 200 || JSON.parse(body).length !== 10)
						failures.push(`HTTP ${response.status}: ${body.slice(0, 300)}`);
				}
			};
			await Promise.all(Array.from({ length: IN_FLIGHT }, caller));
			if (failures.length)
				throw new Error(
					`${failures.length} of ${n} webhook calls failed in ${mode} mode; the first: ${failures[0]}`,
				);
		};
		await run(WARM_UP);
		const started = performance.now();
		await run(EXECUTIONS);
		return EXECUTIONS / ((performance.now() - started) / 1000);
	} finally {
		await cluster.stop();
		rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = async function n8nQueueBenchmark() {
	const sb = await startSandboxProcess(['--users', '200', '--latency', '20']);
	try {
		const alone = await executionsPerSecond(sb, { mode: 'regular', workers: 0 });
		const queued = await executionsPerSecond(sb, { mode: 'queue', workers: 2 });
		return [
			{
				name: `n8n queue mode: ${EXECUTIONS} webhook executions through main + 2 workers vs main alone, executions/s`,
				ratio: queued / alone,
				goal: 'none, reported',
				pass: true,
				detail: `${queued.toFixed(1)} vs ${alone.toFixed(1)} executions/s, ${IN_FLIGHT} in flight, all ${EXECUTIONS} answered`,
			},
		];
	} finally {
		await sb.close();
	}
};
