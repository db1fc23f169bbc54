// Node-RED: list every user of a 100,000-user sandbox in per-item mode through a real Node-RED,
// sampling the Node-RED process's memory. Baseline: the bare core paging the same list. Floor,
// measured in the same Node-RED: a function node emitting the same users as messages with
// msg.parts (what Node-RED itself needs to stream them); goal: the Huma node within 1.3x of it.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createHumaClient } = require('@huma-integrations/huma-client/node');
const { startSandboxProcess } = require('./sandbox-process');
const { startNodeRed, linkPackage } = require('../scripts/test/node-red-headless');

const USERS = 100_000;
const rssMb = (pid) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

module.exports = async function nodeRedBenchmark() {
	const sb = await startSandboxProcess(['--users', String(USERS)]);
	const userDir = mkdtempSync(join(tmpdir(), 'huma-bench-nr-'));
	linkPackage(userDir, 'bench');
	const red = await startNodeRed({
		redJs: require.resolve('node-red/red.js'),
		userDir,
		port: 18800 + (process.pid % 100),
		quiet: true,
	});
	try {
		await red.deploy([
			{ id: 'bench-tab', type: 'tab', label: 'bench' },
			{
				id: 'bench-cfg',
				type: 'huma-config',
				environment: 'custom',
				baseUrl: sb.url,
				credentials: sb.credentials,
			},
			{
				id: 'bench-in',
				type: 'http in',
				z: 'bench-tab',
				url: '/all-users',
				method: 'get',
				wires: [['bench-users']],
			},
			{
				id: 'bench-users',
				type: 'huma-user',
				z: 'bench-tab',
				huma: 'bench-cfg',
				operation: 'list',
				returnAll: true,
				outputMode: 'items',
				wires: [['bench-count']],
			},
			{
				id: 'bench-count',
				type: 'function',
				z: 'bench-tab',
				func: "const n = (context.get('n') || 0) + 1;\nif (msg.parts.index === msg.parts.count - 1) { context.set('n', 0); msg.payload = { count: n }; return msg; }\ncontext.set('n', n);\nreturn null;",
				outputs: 1,
				wires: [['bench-res']],
			},
			{ id: 'bench-res', type: 'http response', z: 'bench-tab', wires: [] },
			// The floor: the same users, loaded into global context beforehand, emitted as messages.
			{
				id: 'floor-load-in',
				type: 'http in',
				z: 'bench-tab',
				url: '/floor-load',
				method: 'post',
				wires: [['floor-load']],
			},
			{
				id: 'floor-load',
				type: 'function',
				z: 'bench-tab',
				func: "const users = global.get('floorUsers') || [];\nfor (const user of msg.payload) users.push(user);\nglobal.set('floorUsers', users);\nmsg.payload = { count: users.length };\nreturn msg;",
				outputs: 1,
				wires: [['floor-load-res']],
			},
			{ id: 'floor-load-res', type: 'http response', z: 'bench-tab', wires: [] },
			{
				id: 'floor-in',
				type: 'http in',
				z: 'bench-tab',
				url: '/floor',
				method: 'get',
				wires: [['floor-emit']],
			},
			{
				id: 'floor-emit',
				type: 'function',
				z: 'bench-tab',
				func: "const users = global.get('floorUsers');\nconst id = msg._msgid;\nfor (let index = 0; index < users.length; index++)\n\tnode.send({ _msgid: id, req: msg.req, res: msg.res, payload: users[index], parts: { id, index, count: users.length } }, false);\nreturn null;",
				outputs: 1,
				wires: [['floor-count']],
			},
			{
				id: 'floor-count',
				type: 'function',
				z: 'bench-tab',
				func: "const n = (context.get('n') || 0) + 1;\nif (msg.parts.index === msg.parts.count - 1) { context.set('n', 0); msg.payload = { count: n }; return msg; }\ncontext.set('n', n);\nreturn null;",
				outputs: 1,
				wires: [['floor-res']],
			},
			{ id: 'floor-res', type: 'http response', z: 'bench-tab', wires: [] },
		]);
		let res;
		for (let i = 0; i < 100; i++) {
			res = await fetch(`${red.url}/all-users`);
			if (res.status !== 404) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		if (!res.ok) throw new Error(`warm-up failed: ${res.status}`);
		await res.text();
		const baseline = rssMb(red.pid);
		let peak = baseline;
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb(red.pid))), 20);
		const start = Date.now();
		const body = await (await fetch(`${red.url}/all-users`)).json();
		const seconds = (Date.now() - start) / 1000;
		clearInterval(sampler);
		if (body.count !== USERS)
			throw new Error(`Node-RED counted ${body.count} users, expected ${USERS}`);

		const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
		const coreStart = Date.now();
		const users = [];
		for await (const user of client.paginate('user.list')) users.push(user);
		const coreSeconds = (Date.now() - coreStart) / 1000;
		await client.close();
		if (users.length !== USERS) throw new Error(`core listed ${users.length} users`);

		for (let i = 0; i < users.length; i += 1000) {
			const loaded = await fetch(`${red.url}/floor-load`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(users.slice(i, i + 1000)),
			});
			if (!loaded.ok) throw new Error(`loading the floor's users failed: ${loaded.status}`);
		}
		let floorSeconds = Infinity;
		// Best of two: the first also warms up the function node.
		for (let run = 0; run < 2; run++) {
			const floorStart = Date.now();
			const floor = await (await fetch(`${red.url}/floor`)).json();
			floorSeconds = Math.min(floorSeconds, (Date.now() - floorStart) / 1000);
			if (floor.count !== USERS) throw new Error(`the floor emitted ${floor.count} users`);
		}

		const growth = peak - baseline;
		return [
			{
				name: `Node-RED per-item list of ${USERS.toLocaleString('en')} users: peak memory growth`,
				ratio: growth,
				unit: ' MB',
				goal: '< 100 MB',
				pass: growth < 100,
				detail: `RSS ${Math.round(baseline)} -> ${Math.round(peak)} MB`,
			},
			{
				name: `Node-RED per-item list of ${USERS.toLocaleString('en')} users: Huma node vs its floor (a function node emitting the same users with msg.parts), time`,
				ratio: seconds / floorSeconds,
				goal: '<= 1.3',
				pass: seconds / floorSeconds <= 1.3,
				// The floor leaves out the network: the bare core's paging alone is printed beside it.
				detail: `${seconds.toFixed(2)} s vs ${floorSeconds.toFixed(2)} s; the bare core pages the same list in ${coreSeconds.toFixed(2)} s`,
			},
			{
				name: 'Node-RED per-item list: items/s vs the bare core paging the same list',
				ratio: coreSeconds / seconds,
				goal: 'report',
				pass: true,
				detail: `${Math.round(USERS / seconds)} items/s in Node-RED, ${Math.round(USERS / coreSeconds)} items/s bare`,
			},
		];
	} finally {
		await red.stop();
		await sb.close();
		rmSync(userDir, { recursive: true, force: true });
	}
};
