// n8n, in real n8n 2.x with 20 ms sandbox latency, side by side in one run:
// - "Get Many, Return All" of 10,000 users: the Huma node vs the HTTP Request node with its own
//   pagination option (offset paging, a Split Out node for the items), as a user builds it today;
// - "Get user" for 1,000 input items: the Huma node vs the HTTP Request node making the same
//   calls with a bearer token. n8n 2.x's HTTP Request node sends every item's request at once
//   (batching only spaces out their start), so both are bound by n8n's per-item work: the goal
//   is to be at least as fast.
// Each also against its in-engine floor, measured in the same run: what the network needs (the
// bare core doing the same requests, at the node's page or item concurrency, over undici) plus
// what n8n itself needs to carry the same items (a Code node returning them, in the same
// execution). Goal: the Huma node within 1.3x of that floor.
const { mkdtempSync, rmSync } = require('node:fs');
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

function floorResult(name, humaMs, networkMs, carryMs, what) {
	const floor = networkMs + carryMs;
	const ratio = humaMs / floor;
	return {
		name,
		ratio,
		goal: `<= ${FLOOR_GOAL}`,
		pass: ratio <= FLOOR_GOAL,
		detail: `Huma node ${Math.round(humaMs)} ms vs floor ${Math.round(floor)} ms = ${what} ${Math.round(networkMs)} ms + Code node carrying the same items ${Math.round(carryMs)} ms`,
	};
}

async function getUserBenchmark() {
	const sb = await startSandboxProcess(['--users', String(ITEMS), '--latency', '20']);
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
		// Each node runs twice, in alternating order (HTTP first), and its faster run counts: neither
		// pays alone for warming up the engine, nor for collecting the garbage the other left behind.
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
		const runs = [
			http('r1', 'HTTP get 1', 0),
			huma('h1', 'Huma get 1', 200),
			http('r2', 'HTTP get 2', 400),
			huma('h2', 'Huma get 2', 600),
			carry('c1', 'Carry 1', 800),
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
		const best = (names) =>
			Math.min(
				...names.map((name) => {
					const run = n8n.nodeRun(data, name);
					if (run.items.length !== ITEMS)
						throw new Error(`expected ${ITEMS} items from ${name}, got ${run.items.length}`);
					return run.executionTime;
				}),
			);
		const humaTime = best(['Huma get 1', 'Huma get 2']);
		const httpTime = best(['HTTP get 1', 'HTTP get 2']);
		const carryTime = best(['Carry 1', 'Carry 2']);
		const ratio = httpTime / humaTime;
		// The network floor: the same 1,000 calls from the bare core, as many at once as the node.
		const ids = n8n.nodeRun(data, 'Users').items.map((item) => item.json.id);
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
			floorResult(
				`n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node vs its in-engine floor, time`,
				humaTime,
				networkTime,
				carryTime,
				`bare core, ${ITEMS} calls ${ITEM_CONCURRENCY} at a time`,
			),
			{
				name: `n8n "Get user" for ${ITEMS} items at 20 ms latency: Huma node (64 items at a time) vs HTTP Request node (all at once), items/s`,
				ratio,
				goal: '>= 1',
				pass: ratio >= 1,
				detail: `${Math.round((ITEMS / humaTime) * 1000)} vs ${Math.round((ITEMS / httpTime) * 1000)} items/s, best of two runs each`,
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
		const floor = floorResult(
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
				goal: '>= 5',
				pass: ratio >= 5,
				detail: `${humaTime} vs ${httpTime} ms, same ${ORGANISATION} users, best of two runs each`,
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
