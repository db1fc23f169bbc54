// `npm run start:n8n`: the Huma sandbox and n8n 2.x on 127.0.0.1, with n8n-nodes-huma installed,
// a "Huma sandbox" credential and the example workflows (examples/n8n) imported. Prints the editor URL.
// Options (flag or environment): --sandbox-port / HUMA_SANDBOX_PORT (4011), --n8n-port / N8N_PORT
// (5678), --user-dir / HUMA_N8N_USER_DIR (.cache/n8n-demo, kept between starts).
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { run } = require('../lib/run');

// `--queue`: n8n in queue mode instead, with Redis, PostgreSQL and two workers.
const queue = process.argv.includes('--queue');
if (queue) require('./start-n8n-queue');

const root = join(__dirname, '..', '..');
if (!queue && !existsSync(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js')))
	run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const n8n = require('../test/n8n-headless');
const { runDemo, ensurePortFree, listenOn, option, portOption } = require('./demo');
const { exampleWorkflows } = require('./n8n-examples');

// The Huma Trigger demo: the sandbox signs its webhooks with this secret and posts them to the
// trigger's production URL.
const DEMO_WEBHOOK_SECRET = 'huma-sandbox-demo-webhook-secret';
const DEMO_WEBHOOK_ID = '7c1e2f4a-0b3d-4e5f-8a9b-1c2d3e4f5a6b';
const WEBHOOK_CREDENTIAL = { id: 'hUmAwEbHoOkDeMo1', name: 'Huma sandbox webhook' };
const WELCOME_WORKFLOW_ID = 'hUmAwElCoMeFlOw1';

/** A new employee in Huma starts this workflow: Huma Trigger → a welcome message. */
function welcomeWorkflow() {
	return {
		id: WELCOME_WORKFLOW_ID,
		name: 'Huma: a new employee starts this workflow (sandbox webhook)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'trigger',
				name: 'Huma Trigger',
				type: 'n8n-nodes-huma.humaTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: DEMO_WEBHOOK_ID,
				parameters: { events: ['users-create'] },
				credentials: { humaWebhookApi: WEBHOOK_CREDENTIAL },
			},
			{
				id: 'welcome',
				name: 'Welcome message',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{
								id: 'text',
								name: 'text',
								type: 'string',
								value: '=Please welcome {{ $json.user.givenName }} {{ $json.user.familyName }}!',
							},
						],
					},
					options: {},
				},
			},
		],
		connections: {
			'Huma Trigger': { main: [[{ node: 'Welcome message', type: 'main', index: 0 }]] },
		},
	};
}

if (!queue)
	runDemo(async () => {
		const argv = process.argv.slice(2);
		// Its own sandbox port by default, so this demo and `npm start` run side by side.
		const sandboxPort = portOption(argv, '--sandbox-port', 'HUMA_SANDBOX_PORT', 4011);
		const n8nPort = portOption(argv, '--n8n-port', 'N8N_PORT', 5678);
		const userFolder = resolve(
			option(argv, '--user-dir', 'HUMA_N8N_USER_DIR', join(root, '.cache', 'n8n-demo')),
		);
		await ensurePortFree(n8nPort, 'n8n');
		const sandbox = await listenOn(sandboxPort, 'the Huma sandbox', (port) =>
			startSandbox({ port, users: 200 }),
		);
		mkdirSync(userFolder, { recursive: true });
		n8n.prepareUserFolder(userFolder);
		const credential = { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox' };
		// The credential follows the sandbox's port at every start.
		n8n.importCredentials(userFolder, [
			{
				...credential,
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sandbox.url, ...sandbox.credentials },
			},
			{
				...WEBHOOK_CREDENTIAL,
				type: 'humaWebhookApi',
				data: { clientSecret: DEMO_WEBHOOK_SECRET },
			},
		]);
		// The example workflows are imported once: a later start keeps the user's changes to them.
		const record = join(userFolder, 'huma-demo-examples.json');
		const imported = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')).imported : [];
		const missing = [...exampleWorkflows(credential), welcomeWorkflow()].filter(
			(w) => !imported.includes(w.id),
		);
		if (missing.length) n8n.importWorkflows(userFolder, missing);
		// Active, so the sandbox's webhooks reach its production URL.
		if (missing.some((w) => w.id === WELCOME_WORKFLOW_ID))
			n8n.n8n(userFolder, ['publish:workflow', `--id=${WELCOME_WORKFLOW_ID}`]);
		writeFileSync(
			record,
			JSON.stringify({ imported: [...imported, ...missing.map((w) => w.id)] }, null, 2),
		);
		const server = await n8n.start(userFolder, n8nPort.port);
		sandbox.sandbox.webhooks.configure({
			url: `${server.url}/webhook/${DEMO_WEBHOOK_ID}/webhook`,
			secret: DEMO_WEBHOOK_SECRET,
		});
		return {
			banner: [
				`  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
				`  n8n:           ${server.url}  <- open the editor; the "Huma sandbox" credential and the example workflows are imported`,
				`  Your data:     ${userFolder} (kept between starts)`,
			].join('\n'),
			stops: [() => server.stop(), () => sandbox.close()],
		};
	});
