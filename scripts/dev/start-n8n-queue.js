// `npm run start:n8n -- --queue`: the Huma sandbox and n8n 2.x in queue mode on 127.0.0.1 —
// Redis, PostgreSQL 17, n8n main and two workers — with n8n-nodes-huma installed, a "Huma
// sandbox" credential and an active example workflow behind a production webhook. Everything
// it starts stops on Ctrl+C; its data stays in .cache/n8n-queue.
const { existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('../lib/run');

const root = join(__dirname, '..', '..');
if (!existsSync(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js')))
	run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const { startQueue } = require('../test/n8n-queue');
const { runDemo } = require('./demo');

// Ports of their own, so that this runs beside `npm start` and `npm run start:n8n`.
const SANDBOX_PORT = Number(process.env.HUMA_SANDBOX_PORT ?? 4012);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5680);
const WEBHOOK_PATH = 'huma-active-users';

runDemo(async () => {
	const sandbox = await startSandbox({ port: SANDBOX_PORT, users: 200 });
	const workDir = join(root, '.cache', 'n8n-queue');
	// A fresh database each time: the credential and workflow below are imported into it.
	rmSync(workDir, { recursive: true, force: true });
	const credentials = { humaApi: { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox' } };
	let queue;
	try {
		queue = await startQueue({
			workDir,
			mainPort: N8N_PORT,
			onStep: (step) => console.log(`${new Date().toISOString().slice(11, 19)} ${step}…`),
			credentials: [
				{
					id: 'hUmAsAnDbOxDeMo1',
					name: 'Huma sandbox',
					type: 'humaApi',
					data: { environment: 'custom', baseUrl: sandbox.url, ...sandbox.credentials },
				},
			],
			workflows: [
				{
					id: 'hUmAqUeUeDeMoFl1',
					name: 'Huma: active users (webhook, runs on the workers)',
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
							webhookId: 'a3c1f7e2-6a55-4d0e-9b7a-0d1f3c2b9e41',
							parameters: {
								path: WEBHOOK_PATH,
								httpMethod: 'GET',
								responseMode: 'lastNode',
								responseData: 'allEntries',
							},
						},
						{
							id: 'users',
							name: 'Active users',
							type: 'n8n-nodes-huma.huma',
							typeVersion: 1,
							position: [220, 0],
							parameters: {
								resource: 'user',
								operation: 'getAll',
								returnAll: false,
								limit: 10,
								filters: { isActive: true },
							},
							credentials,
						},
					],
					connections: { Webhook: { main: [[{ node: 'Active users', type: 'main', index: 0 }]] } },
				},
			],
		});
	} catch (error) {
		await sandbox.close();
		throw error;
	}
	const workers = queue.workers.map((w) => w.log).join(', ');
	return {
		banner: [
			`  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
			`  n8n (queue):   ${queue.url}  <- open the editor; the "Huma sandbox" credential and an active example workflow are imported`,
			`  Webhook:       ${queue.url}/webhook/${WEBHOOK_PATH}  <- each call runs on a worker`,
			`  Redis :${queue.ports.redis}, PostgreSQL 17 :${queue.ports.postgres}, 2 workers; logs in ${workDir} (main.log, ${workers.replaceAll(`${workDir}/`, '')})`,
		].join('\n'),
		stops: [() => queue.stop(), () => sandbox.close()],
	};
});
