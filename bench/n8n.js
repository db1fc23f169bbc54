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
    n8n.importWorkflows(userFolder, [
      {
        id: 'bEnChMaRkWoRkFl1',
        name: 'Huma vs HTTP Request',
        active: false,
        settings: { executionOrder: 'v1' },
        nodes: [
          { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'u', name: 'Users', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [200, 0], parameters: { resource: 'user', operation: 'getAll', returnAll: true }, credentials },
          { id: 'h', name: 'Huma get', type: 'n8n-nodes-huma.huma', typeVersion: 1, position: [400, 0], parameters: { resource: 'user', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, simplify: false }, credentials },
          {
            id: 'r',
            name: 'HTTP get',
            type: 'n8n-nodes-base.httpRequest',
            typeVersion: 4.2,
            position: [400, 200],
            parameters: {
              url: `=${sb.url}/users/{{ $json.id }}`,
              sendHeaders: true,
              headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token.access_token}` }] },
              options: {},
            },
          },
        ],
        connections: { Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] }, Users: { main: [[{ node: 'Huma get', type: 'main', index: 0 }, { node: 'HTTP get', type: 'main', index: 0 }]] } },
      },
    ]);
    const { status, data } = await n8n.execute(userFolder, 'bEnChMaRkWoRkFl1');
    if (status !== 0) throw new Error('the benchmark workflow failed');
    const huma = n8n.nodeRun(data, 'Huma get');
    const http = n8n.nodeRun(data, 'HTTP get');
    if (huma.items.length !== ITEMS || http.items.length !== ITEMS) throw new Error(`expected ${ITEMS} items, got ${huma.items.length} and ${http.items.length}`);
    const ratio = http.executionTime / huma.executionTime;
    return [
      {
        name: `n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node (32 items at a time) vs HTTP Request node (all at once), items/s`,
        ratio,
        goal: '>= 4',
        pass: ratio >= 4,
        detail: `${Math.round((ITEMS / huma.executionTime) * 1000)} vs ${Math.round((ITEMS / http.executionTime) * 1000)} items/s`,
      },
    ];
  } finally {
    await sb.close();
    rmSync(userFolder, { recursive: true, force: true });
  }
};
