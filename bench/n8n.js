// n8n, in real n8n 2.x with 20 ms sandbox latency, side by side in one run:
// - "Get Many, Return All" of 10,000 users: the Huma node against its in-engine floor, what the
//   network needs (the bare core paging the same list, over undici) plus what n8n itself needs to
//   carry the same items (a Code node returning them, in the same execution); goal: within 1.3x.
//   Beside it, for information only (no goal: issue #22 replaced the former goal of 5x by the
//   floor), the HTTP Request node with its own pagination option (offset paging, a Split Out
//   node for the items), as a user builds it today.
// - "Get user" for 1,000 input items: the Huma node against its in-engine floor, a bench-only
//   node (bench/n8n-floor-node, loaded as a custom node, never packed) that per item only
//   evaluates the same `={{ $json.id }}` parameter and makes one GET through n8n's
//   httpRequestWithAuthentication with the same Huma credential, 64 items at a time like the
//   Huma node; goal: within 1.3x. That is the requests at the node's concurrency plus n8n's
//   per-item cost, which any node fetching per item pays (the expression VM, n8n's HTTP helper).
//   Also printed: the former floor (the bare core's 1,000 calls 64 at a time + a Code node
//   carrying the items; no goal: it leaves out n8n's per-item cost), and the HTTP Request node
//   making the same calls with a bearer token. n8n 2.x's HTTP Request node sends every item's
//   request at once (batching only spaces out their start), so it too is bound by n8n's
//   per-item work: its ratio is information beside the floor goal, as for Get Many.
// Each node runs two (Get Many) or three (Get user) times in turns, and its fastest run counts.
const { cpSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { startSandboxProcess } = require('./sandbox-process');
const n8n = require('../scripts/test/n8n-headless');
const { createHumaClient } = require('@huma-integrations/huma-client/node');

const ITEMS = 1000;
const ORGANISATION = 10000;
const PAGE = 50;
/** The Huma node's items in flight (ITEM_CONCURRENCY in nodes/Huma/shared/pool.ts). */
const ITEM_CONCURRENCY = 64;
const FLOOR_GOAL = 1.3;

/** A Code node returning its input items as they are: n8n's own cost of carrying them. */
const carry = (id, name, y) => ({
	id,
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [600, y],
	parameters: { jsCode: 'return $input.all();' },
});

/** The best of `runs` timings of `fn`, in ms. */
async function bestOf(runs, fn) {
	let best = Infinity;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await fn();
		best = Math.min(best, performance.now() - started);
	}
	return best;
}

/** The Huma node's time against the bare core's requests plus a Code node carrying the items. */
function coreAndCarry(name, humaMs, networkMs, carryMs, what, goal = true) {
	const floor = networkMs + carryMs;
	const ratio = humaMs / floor;
	return {
		name,
		ratio,
		goal: goal ? `<= ${FLOOR_GOAL}` : 'report',
		pass: goal ? ratio <= FLOOR_GOAL : true,
		detail: `Huma node ${Math.round(humaMs)} ms vs ${Math.round(floor)} ms = ${what} ${Math.round(networkMs)} ms + Code node carrying the same items ${Math.round(carryMs)} ms`,
	};
}

/** The bench-only floor node (bench/n8n-floor-node), as n8n loads a custom node: CUSTOM.humaFloorGet. */
function installFloorNode(userFolder) {
	const custom = join(userFolder, '.n8n', 'custom');
	mkdirSync(custom, { recursive: true });
	cpSync(
		join(__dirname, 'n8n-floor-node', 'HumaFloorGet.node.js'),
		join(custom, 'HumaFloorGet.node.js'),
	);
}

async function getUserBenchmark() {
	const sb = await startSandboxProcess(['--users', String(ITEMS), '--latency', '20']);
	const userFolder = n8n.prepareUserFolder(mkdtempSync(join(tmpdir(), 'huma-bench-n8n-')));
	try {
		installFloorNode(userFolder);
		const token = await bearerToken(sb);
		n8n.importCredentials(userFolder, [
			{
				id: 'bEnChHuMaCrEd001',
				name: 'Huma sandbox',
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sb.url, ...sb.credentials },
			},
		]);
		const credentials = { humaApi: { id: 'bEnChHuMaCrEd001', name: 'Huma sandbox' } };
		// Each node runs three times, in rounds (HTTP first, then the Huma node and the floor node in
		// turns), and its fastest run counts: none pays alone for warming up the engine, nor for
		// collecting the garbage another left behind.
		const huma = (id, name, y) => ({
			id,
			name,
			type: 'n8n-nodes-huma.huma',
			typeVersion: 1,
			position: [400, y],
			credentials,
			parameters: {
				resource: 'user',
				operation: 'get',
				id: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				simplify: false,
			},
		});
		const http = (id, name, y) => ({
			id,
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [400, y],
			parameters: {
				url: `=${sb.url}/users/{{ $json.id }}`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
				options: {},
			},
		});
		// The in-engine floor (bench/n8n-floor-node): per item only the same `id` expression and one
		// authenticated GET through n8n's helper with the same credential, as many at once as the node.
		const floor = (id, name, y) => ({
			id,
			name,
			type: 'CUSTOM.humaFloorGet',
			typeVersion: 1,
			position: [400, y],
			credentials,
			parameters: { id: '={{ $json.id }}' },
		});
		const runs = [
			http('r1', 'HTTP get 1', 0),
			floor('f1', 'Floor get 1', 100),
			huma('h1', 'Huma get 1', 200),
			http('r2', 'HTTP get 2', 300),
			huma('h2', 'Huma get 2', 400),
			floor('f2', 'Floor get 2', 500),
			http('r3', 'HTTP get 3', 600),
			floor('f3', 'Floor get 3', 700),
			huma('h3', 'Huma get 3', 800),
			carry('c1', 'Carry 1', 900),
			carry('c2', 'Carry 2', 1000),
		];
		n8n.importWorkflows(userFolder, [
			{
				id: 'bEnChMaRkWoRkFl1',
				name: 'Huma vs HTTP Request',
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: [
					{
						id: 't',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'u',
						name: 'Users',
						type: 'n8n-nodes-huma.huma',
						typeVersion: 1,
						position: [200, 0],
						parameters: { resource: 'user', operation: 'getAll', returnAll: true },
						credentials,
					},
					...runs,
				],
				connections: {
					Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] },
					Users: { main: [runs.map((r) => ({ node: r.name, type: 'main', index: 0 }))] },
				},
			},
		]);
		const { status, data } = await n8n.execute(userFolder, 'bEnChMaRkWoRkFl1');
		if (status !== 0) throw new Error('the benchmark workflow failed');
		// The network floor: the same 1,000 calls from the bare core, as many at once as the node.
		const ids = n8n.nodeRun(data, 'Users').items.map((item) => item.json.id);
		const best = (name) =>
			Math.min(
				...[1, 2, 3].map((round) => {
					const run = n8n.nodeRun(data, `${name} ${round}`);
					if (run.items.length !== ITEMS)
						throw new Error(`expected ${ITEMS} items from ${name}, got ${run.items.length}`);
					// The Huma node and the floor node must have fetched the same users, in input order.
					if (name !== 'HTTP get' && run.items.some((item, i) => item.json.id !== ids[i]))
						throw new Error(`${name} ${round} did not answer the input's users in order`);
					return run.executionTime;
				}),
			);
		const humaTime = best('Huma get');
		const floorTime = best('Floor get');
		const httpTime = best('HTTP get');
		const carryTime = Math.min(
			n8n.nodeRun(data, 'Carry 1').executionTime,
			n8n.nodeRun(data, 'Carry 2').executionTime,
		);
		const ratio = httpTime / humaTime;
		const floorRatio = humaTime / floorTime;
		const client = createHumaClient({
			baseUrl: sb.url,
			credentials: sb.credentials,
			undici: { connections: ITEM_CONCURRENCY },
		});
		await client.getAccessToken();
		const networkTime = await bestOf(2, async () => {
			let next = 0;
			const worker = async () => {
				while (next < ids.length) await client.users.get({ id: ids[next++] });
			};
			await Promise.all(Array.from({ length: ITEM_CONCURRENCY }, worker));
		});
		await client.close();
		return [
			{
				name: `n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node vs its in-engine floor (a node doing only the expression and n8n's authenticated request per item, ${ITEM_CONCURRENCY} at a time), time`,
				ratio: floorRatio,
				goal: `<= ${FLOOR_GOAL}`,
				pass: floorRatio <= FLOOR_GOAL,
				detail: `Huma node ${Math.round(humaTime)} ms vs floor node ${Math.round(floorTime)} ms, best of three runs each`,
			},
			// The floor this suite used before the floor node: it leaves out n8n's per-item expression
			// and HTTP-helper work, which any node fetching per item pays. Kept for comparison.
			coreAndCarry(
				`n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node vs bare core + Code node (the former floor), time`,
				humaTime,
				networkTime,
				carryTime,
				`bare core, ${ITEMS} calls ${ITEM_CONCURRENCY} at a time`,
				false,
			),
			{
				name: `n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node (64 items at a time) vs HTTP Request node (all at once), items/s`,
				ratio,
				// Information beside the floor goal above, as for Get Many (issue #22): both nodes are bound
				// by n8n's per-item work, so the ratio swings with the machine (0.86x to 1.25x in four runs).
				goal: 'report',
				pass: true,
				detail: `${Math.round((ITEMS / humaTime) * 1000)} vs ${Math.round((ITEMS / httpTime) * 1000)} items/s, best of three runs each; no goal: the floor goal replaced the former >= 1`,
			},
		];
	} finally {
		await sb.close();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

async function bearerToken(sb) {
	const response = await fetch(`${sb.url}/auth/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: sb.credentials.clientId,
			client_secret: sb.credentials.clientSecret,
		}),
	});
	return (await response.json()).access_token;
}

async function getManyBenchmark() {
	const sb = await startSandboxProcess(['--users', String(ORGANISATION), '--latency', '20']);
	const userFolder = n8n.prepareUserFolder(mkdtempSync(join(tmpdir(), 'huma-bench-n8n-')));
	try {
		const token = await bearerToken(sb);
		n8n.importCredentials(userFolder, [
			{
				id: 'bEnChHuMaCrEd001',
				name: 'Huma sandbox',
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sb.url, ...sb.credentials },
			},
		]);
		const credentials = { humaApi: { id: 'bEnChHuMaCrEd001', name: 'Huma sandbox' } };
		const huma = (i, y) => ({
			id: `h${i}`,
			name: `Huma Get Many ${i}`,
			type: 'n8n-nodes-huma.huma',
			typeVersion: 1,
			position: [200, y],
			credentials,
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		// n8n's HTTP Request node v4 "Pagination" option, offset paging: `offset` grows by a page
		// per request until a page comes back short. Each page is one item; Split Out makes users.
		const http = (i, y) => ({
			id: `r${i}`,
			name: `HTTP Get Many ${i}`,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [200, y],
			parameters: {
				url: `${sb.url}/users`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: String(PAGE) }] },
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [{ type: 'qs', name: 'offset', value: `={{ $pageCount * ${PAGE} }}` }],
							},
							paginationCompleteWhen: 'other',
							completeExpression: `={{ $response.body.items.length < ${PAGE} }}`,
						},
					},
				},
			},
		});
		const split = (i, y) => ({
			id: `s${i}`,
			name: `Split Out ${i}`,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, y],
			parameters: { fieldToSplitOut: 'items', options: {} },
		});
		// Each runs twice, in alternating order (HTTP first), and its faster run counts.
		const first = [http(1, 0), huma(1, 200), http(2, 400), huma(2, 600)];
		n8n.importWorkflows(userFolder, [
			{
				id: 'bEnChGeTmAnYwF01',
				name: 'Huma vs HTTP Request pagination',
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: [
					{
						id: 't',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					...first,
					split(1, 0),
					split(2, 400),
					carry('c1', 'Carry 1', 200),
					carry('c2', 'Carry 2', 600),
				],
				connections: {
					Start: { main: [first.map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
					'HTTP Get Many 1': { main: [[{ node: 'Split Out 1', type: 'main', index: 0 }]] },
					'HTTP Get Many 2': { main: [[{ node: 'Split Out 2', type: 'main', index: 0 }]] },
					'Huma Get Many 1': { main: [[{ node: 'Carry 1', type: 'main', index: 0 }]] },
					'Huma Get Many 2': { main: [[{ node: 'Carry 2', type: 'main', index: 0 }]] },
				},
			},
		]);
		const { status, data } = await n8n.execute(userFolder, 'bEnChGeTmAnYwF01');
		if (status !== 0) throw new Error('the Get Many benchmark workflow failed');
		// Both ways must give the same 10,000 users, in the same order.
		const ids = (items) => items.map((item) => item.json.id);
		const expected = ids(n8n.nodeRun(data, 'Huma Get Many 1').items);
		if (expected.length !== ORGANISATION || new Set(expected).size !== ORGANISATION)
			throw new Error(
				`the Huma node listed ${expected.length} users, expected ${ORGANISATION} distinct`,
			);
		for (const name of ['Huma Get Many 2', 'Split Out 1', 'Split Out 2']) {
			const got = ids(n8n.nodeRun(data, name).items);
			if (got.length !== expected.length || got.some((id, i) => id !== expected[i]))
				throw new Error(`${name} did not give the same ${ORGANISATION} users as the Huma node`);
		}
		const time = (name) => n8n.nodeRun(data, name).executionTime;
		const humaTime = Math.min(time('Huma Get Many 1'), time('Huma Get Many 2'));
		const httpTime = Math.min(
			time('HTTP Get Many 1') + time('Split Out 1'),
			time('HTTP Get Many 2') + time('Split Out 2'),
		);
		const ratio = httpTime / humaTime;
		const carryTime = Math.min(time('Carry 1'), time('Carry 2'));
		// The network floor: the bare core paging the same list, as the node does (listAll).
		const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
		await client.getAccessToken();
		const networkTime = await bestOf(2, async () => {
			const users = await client.listAll('user.list');
			if (users.length !== ORGANISATION) throw new Error(`the core listed ${users.length} users`);
		});
		await client.close();
		const floor = coreAndCarry(
			`n8n "Get Many, Return All" of ${ORGANISATION} users at 20 ms latency: Huma node vs its in-engine floor, time`,
			humaTime,
			networkTime,
			carryTime,
			'bare core paging the same list',
		);
		return [
			floor,
			{
				name: `n8n "Get Many, Return All" of ${ORGANISATION} users at 20 ms latency: Huma node vs HTTP Request node with offset pagination (+ Split Out), time`,
				ratio,
				// Information beside the floor goal above, which replaced the former goal of 5x (issue #22):
				// both are bound by n8n's per-page and per-item work, not by how they page.
				goal: 'report',
				pass: true,
				detail: `${humaTime} vs ${httpTime} ms, same ${ORGANISATION} users, best of two runs each; no goal: the floor goal replaced the former >= 5`,
			},
		];
	} finally {
		await sb.close();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = async function n8nBenchmark() {
	return [...(await getManyBenchmark()), ...(await getUserBenchmark())];
};
