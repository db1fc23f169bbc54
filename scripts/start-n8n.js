// `npm run start:n8n`: the Huma sandbox and n8n 2.x on 127.0.0.1, with n8n-nodes-huma installed,
// a "Huma sandbox" credential and an example workflow imported. Prints the editor URL.
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

// `--queue`: n8n in queue mode instead, with Redis, PostgreSQL and two workers.
const queue = process.argv.includes('--queue');
if (queue) require('./start-n8n-queue');

const root = join(__dirname, '..');
if (!queue && !existsSync(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js'))) run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const n8n = require('./n8n-headless');
const { runDemo } = require('./demo');

const SANDBOX_PORT = Number(process.env.HUMA_SANDBOX_PORT ?? 4010);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);

if (!queue) runDemo(async () => {
  const sandbox = await startSandbox({ port: SANDBOX_PORT, users: 200 });
  const userFolder = join(root, '.cache', 'n8n-demo');
  mkdirSync(userFolder, { recursive: true });
  n8n.prepareUserFolder(userFolder);
  const credentials = { humaApi: { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox' } };
  n8n.importCredentials(userFolder, [
    { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox', type: 'humaApi', data: { environment: 'custom', baseUrl: sandbox.url, ...sandbox.credentials } },
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
  ]);
  const server = await n8n.start(userFolder, N8N_PORT);
  return {
    banner: [
      `  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
      `  n8n:           ${server.url}  <- open the editor; the "Huma sandbox" credential and an example workflow are imported`,
    ].join('\n'),
    stops: [() => server.stop(), () => sandbox.close()],
  };
});
