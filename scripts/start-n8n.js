// `npm run start:n8n`: the Huma sandbox and n8n 2.x on 127.0.0.1, with n8n-nodes-huma installed,
// a "Huma sandbox" credential and an example workflow imported. Prints the editor URL.
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js'))) run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const n8n = require('./n8n-headless');
const { runDemo } = require('./demo');

const SANDBOX_PORT = Number(process.env.HUMA_SANDBOX_PORT ?? 4010);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const DEMO_WEBHOOK_SECRET = 'huma-sandbox-demo-webhook-secret';
const DEMO_WEBHOOK_ID = '7c1e2f4a-0b3d-4e5f-8a9b-1c2d3e4f5a6b';

runDemo(async () => {
  const sandbox = await startSandbox({ port: SANDBOX_PORT, users: 200 });
  const userFolder = join(root, '.cache', 'n8n-demo');
  mkdirSync(userFolder, { recursive: true });
  n8n.prepareUserFolder(userFolder);
  const credentials = { humaApi: { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox' } };
  n8n.importCredentials(userFolder, [
    { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox', type: 'humaApi', data: { environment: 'custom', baseUrl: sandbox.url, ...sandbox.credentials } },
    { id: 'hUmAwEbHoOkDeMo1', name: 'Huma sandbox webhook', type: 'humaWebhookApi', data: { clientSecret: DEMO_WEBHOOK_SECRET } },
  ]);
  n8n.importWorkflows(userFolder, [
    {
      id: 'hUmAeXaMpLeFlOw1',
      name: 'Huma: active users and their supervisors',
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        { id: 'start', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'users', name: 'Active users', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [220, 0], parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { isActive: true } }, credentials },
        { id: 'supervisor', name: 'Their supervisor', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [440, 0], parameters: { resource: 'user', operation: 'getSupervisor', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, credentials, onError: 'continueRegularOutput' },
        { id: 'holidays', name: 'Public holidays in Norway', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [220, 200], parameters: { resource: 'holiday', operation: 'getAll', countryCode: 'NO', fromDate: `${new Date().getFullYear()}-01-01`, toDate: `${new Date().getFullYear()}-12-31` }, credentials },
      ],
      connections: {
        'When clicking ‘Execute workflow’': { main: [[{ node: 'Active users', type: 'main', index: 0 }, { node: 'Public holidays in Norway', type: 'main', index: 0 }]] },
        'Active users': { main: [[{ node: 'Their supervisor', type: 'main', index: 0 }]] },
      },
    },
    {
      id: 'hUmAwElCoMeFlOw1',
      name: 'Huma: a new employee starts this workflow (sandbox webhook)',
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        { id: 'trigger', name: 'Huma Trigger', type: 'n8n-nodes-huma.humaTrigger', typeVersion: 1, position: [0, 0], webhookId: DEMO_WEBHOOK_ID, parameters: { events: ['users-create'] }, credentials: { humaWebhookApi: { id: 'hUmAwEbHoOkDeMo1', name: 'Huma sandbox webhook' } } },
        { id: 'welcome', name: 'Welcome message', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { assignments: { assignments: [{ id: 'text', name: 'text', type: 'string', value: '=Please welcome {{ $json.user.givenName }} {{ $json.user.familyName }}!' }] }, options: {} } },
      ],
      connections: { 'Huma Trigger': { main: [[{ node: 'Welcome message', type: 'main', index: 0 }]] } },
    },
  ]);
  n8n.n8n(userFolder, ['publish:workflow', '--id=hUmAwElCoMeFlOw1']); // active: the sandbox posts to its production URL
  const server = await n8n.start(userFolder, N8N_PORT);
  sandbox.sandbox.webhooks.configure({ url: `${server.url}/webhook/${DEMO_WEBHOOK_ID}/webhook`, secret: DEMO_WEBHOOK_SECRET });
  return {
    banner: [
      `  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
      `  n8n:           ${server.url}  <- open the editor; the "Huma sandbox" credential and an example workflow are imported`,
    ].join('\n'),
    stops: [() => server.stop(), () => sandbox.close()],
  };
});
