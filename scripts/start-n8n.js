// `npm run start:n8n`: the Huma sandbox and n8n 2.x on 127.0.0.1, with n8n-nodes-huma installed,
// a "Huma sandbox" credential and the example workflows (examples/n8n) imported. Prints the editor URL.
// Options (flag or environment): --sandbox-port / HUMA_SANDBOX_PORT (4011), --n8n-port / N8N_PORT
// (5678), --user-dir / HUMA_N8N_USER_DIR (.cache/n8n-demo, kept between starts).
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { run } = require('./run');

// `--queue`: n8n in queue mode instead, with Redis, PostgreSQL and two workers.
const queue = process.argv.includes('--queue');
if (queue) require('./start-n8n-queue');

const root = join(__dirname, '..');
if (!queue && !existsSync(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js'))) run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const n8n = require('./n8n-headless');
const { runDemo, ensurePortFree, listenOn, option, portOption } = require('./demo');
const { exampleWorkflows } = require('./n8n-examples');

if (!queue) runDemo(async () => {
  const argv = process.argv.slice(2);
  // Its own sandbox port by default, so this demo and `npm start` run side by side.
  const sandboxPort = portOption(argv, '--sandbox-port', 'HUMA_SANDBOX_PORT', 4011);
  const n8nPort = portOption(argv, '--n8n-port', 'N8N_PORT', 5678);
  const userFolder = resolve(option(argv, '--user-dir', 'HUMA_N8N_USER_DIR', join(root, '.cache', 'n8n-demo')));
  await ensurePortFree(n8nPort, 'n8n');
  const sandbox = await listenOn(sandboxPort, 'the Huma sandbox', (port) => startSandbox({ port, users: 200 }));
  mkdirSync(userFolder, { recursive: true });
  n8n.prepareUserFolder(userFolder);
  const credential = { id: 'hUmAsAnDbOxDeMo1', name: 'Huma sandbox' };
  // The credential follows the sandbox's port at every start.
  n8n.importCredentials(userFolder, [{ ...credential, type: 'humaApi', data: { environment: 'custom', baseUrl: sandbox.url, ...sandbox.credentials } }]);
  // The example workflows are imported once: a later start keeps the user's changes to them.
  const record = join(userFolder, 'huma-demo-examples.json');
  const imported = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')).imported : [];
  const missing = exampleWorkflows(credential).filter((w) => !imported.includes(w.id));
  if (missing.length) n8n.importWorkflows(userFolder, missing);
  writeFileSync(record, JSON.stringify({ imported: [...imported, ...missing.map((w) => w.id)] }, null, 2));
  const server = await n8n.start(userFolder, n8nPort.port);
  return {
    banner: [
      `  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
      `  n8n:           ${server.url}  <- open the editor; the "Huma sandbox" credential and the example workflow are imported`,
      `  Your data:     ${userFolder} (kept between starts)`,
    ].join('\n'),
    stops: [() => server.stop(), () => sandbox.close()],
  };
});
