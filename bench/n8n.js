// n8n: "Get user" for 1,000 input items in real n8n 2.x with 20 ms sandbox latency, the Huma node
// vs the HTTP Request node making the same calls with a bearer token, in one workflow run.
// n8n 2.x's HTTP Request node sends every item's request at once (batching only spaces out their
// start), so it is no one-at-a-time baseline: the goal of 4x assumed one.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startSandboxProcess } = require('./sandbox-process');
const n8n = require('../scripts/n8n-headless');

const ITEMS = 1000;

module.exports = async function n8nBenchmark() {
  const sb = await startSandboxProcess(['--users', String(ITEMS), '--latency', '20']);
  const userFolder = n8n.prepareUserFolder(mkdtempSync(join(tmpdir(), 'huma-bench-n8n-')));
  try {
    const token = await (
      await fetch(`${sb.url}/auth/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret }),
      })
    ).json();
    n8n.importCredentials(userFolder, [{ id: 'bEnChHuMaCrEd001', name: 'Huma sandbox', type: 'humaApi', data: { environment: 'custom', baseUrl: sb.url, ...sb.credentials } }]);
    const credentials = { humaApi: { id: 'bEnChHuMaCrEd001', name: 'Huma sandbox' } };
    // Each node runs twice, in alternating order (HTTP first), and its faster run counts: neither
    // pays alone for warming up the engine, nor for collecting the garbage the other left behind.
    const huma = (id, name, y) => ({
      id, name, type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [400, y], credentials,
      parameters: { resource: 'user', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, simplify: false },
    });
    const http = (id, name, y) => ({
      id, name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [400, y],
      parameters: {
        url: `=${sb.url}/users/{{ $json.id }}`,
        sendHeaders: true,
        headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token.access_token}` }] },
        options: {},
      },
    });
    const runs = [http('r1', 'HTTP get 1', 0), huma('h1', 'Huma get 1', 200), http('r2', 'HTTP get 2', 400), huma('h2', 'Huma get 2', 600)];
    n8n.importWorkflows(userFolder, [
      {
        id: 'bEnChMaRkWoRkFl1',
        name: 'Huma vs HTTP Request',
        active: false,
        settings: { executionOrder: 'v1' },
        nodes: [
          { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'u', name: 'Users', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [200, 0], parameters: { resource: 'user', operation: 'getAll', returnAll: true }, credentials },
          ...runs,
        ],
        connections: { Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] }, Users: { main: [runs.map((r) => ({ node: r.name, type: 'main', index: 0 }))] } },
      },
    ]);
    const { status, data } = await n8n.execute(userFolder, 'bEnChMaRkWoRkFl1');
    if (status !== 0) throw new Error('the benchmark workflow failed');
    const best = (names) =>
      Math.min(
        ...names.map((name) => {
          const run = n8n.nodeRun(data, name);
          if (run.items.length !== ITEMS) throw new Error(`expected ${ITEMS} items from ${name}, got ${run.items.length}`);
          return run.executionTime;
        }),
      );
    const humaTime = best(['Huma get 1', 'Huma get 2']);
    const httpTime = best(['HTTP get 1', 'HTTP get 2']);
    const ratio = httpTime / humaTime;
    return [
      {
        name: `n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node (64 items at a time) vs HTTP Request node (all at once), items/s`,
        ratio,
        goal: '>= 4',
        pass: ratio >= 4,
        detail: `${Math.round((ITEMS / humaTime) * 1000)} vs ${Math.round((ITEMS / httpTime) * 1000)} items/s, best of two runs each`,
      },
    ];
  } finally {
    await sb.close();
    rmSync(userFolder, { recursive: true, force: true });
  }
};
