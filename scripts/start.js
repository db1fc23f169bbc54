// `npm start`: the Huma sandbox and Node-RED on 127.0.0.1, with the Huma nodes installed, a
// config node pointing at the sandbox and the example flows deployed.
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

const root = join(__dirname, '..');
const pkg = join(root, 'packages', 'node-red-contrib-huma');
const built = [join(pkg, 'nodes', 'huma-user.js'), join(root, 'packages', 'huma-sandbox', 'dist', 'index.js')];
if (!built.every((f) => existsSync(f))) run('npm', ['run', 'build'], { cwd: root });

const { startSandbox } = require('@huma-integrations/huma-sandbox');
const { startNodeRed } = require('./node-red-headless');
const { runDemo } = require('./demo');

const SANDBOX_PORT = Number(process.env.HUMA_SANDBOX_PORT ?? 4010);
const NODE_RED_PORT = Number(process.env.NODE_RED_PORT ?? 1880);
const DEMO_WEBHOOK_SECRET = 'huma-sandbox-demo-webhook-secret';

/** The example flows, with one config node pointing at the sandbox and its credentials. */
function demoFlows(sandboxUrl, credentials) {
  const config = { id: 'huma-sandbox-config', type: 'huma-config', name: 'Huma sandbox', environment: 'custom', baseUrl: sandboxUrl, credentials };
  const flows = [config];
  const examples = join(pkg, 'examples');
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.json')).sort()) {
    for (const node of JSON.parse(readFileSync(join(examples, file), 'utf8'))) {
      if (node.type === 'huma-config') continue; // every example uses the sandbox connection
      if (node.huma) node.huma = config.id;
      if (node.type === 'huma-webhook') node.credentials = { secret: DEMO_WEBHOOK_SECRET }; // the sandbox signs with it
      flows.push(node);
    }
  }
  return flows;
}

runDemo(async () => {
  const sandbox = await startSandbox({ port: SANDBOX_PORT, users: 200 });
  const userDir = join(root, '.cache', 'node-red-demo');
  rmSync(userDir, { recursive: true, force: true });
  mkdirSync(join(userDir, 'node_modules'), { recursive: true });
  // Installed the way a user would have it: as a module in the user folder.
  symlinkSync(pkg, join(userDir, 'node_modules', 'node-red-contrib-huma'), 'dir');
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-demo', private: true, dependencies: { 'node-red-contrib-huma': '*' } }));
  const red = await startNodeRed({ redJs: require.resolve('node-red/red.js'), userDir, port: NODE_RED_PORT });
  await red.deploy(demoFlows(sandbox.url, sandbox.credentials));
  // The sandbox's webhooks go to the welcome example's huma webhook node.
  sandbox.sandbox.webhooks.configure({ url: `${red.url}/huma/new-employee`, secret: DEMO_WEBHOOK_SECRET });
  return {
    banner: [
      `  Huma sandbox:  ${sandbox.url} (${sandbox.sandbox.store.users.size} demo users)`,
      `                 client ID ${sandbox.credentials.clientId}`,
      `                 client secret ${sandbox.credentials.clientSecret}`,
      `  Node-RED:      ${red.url}  <- open the editor; the example flows use the "Huma sandbox" connection`,
    ].join('\n'),
    stops: [() => red.stop(), () => sandbox.close()],
  };
});
