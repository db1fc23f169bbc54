// Core client benchmarks. Each result is a ratio against a baseline measured in this same run.
const { request, Agent } = require('undici');
const { startSandbox } = require('@huma-integrations/huma-sandbox');
const { startSandboxProcess } = require('./sandbox-process');
const { createHumaClient } = require('@huma-integrations/huma-client/node');

async function time(fn) {
	const start = process.hrtime.bigint();
	await fn();
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall and CPU time of fn in ms. CPU time is this process's own work, which other processes on a shared machine do not stretch. */
async function times(fn) {
	const cpu = process.cpuUsage();
	const wall = await time(fn);
	const used = process.cpuUsage(cpu);
	return { wall, cpu: (used.user + used.system) / 1000 };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function overhead() {
	const sb = await startSandbox({ users: 50 });
	const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
	const token = await client.getAccessToken();
	const agent = new Agent({ connections: 16 });
	const id = sb.sandbox.store.serviceUserId;
	const N = 1500;
	const bare = async () => {
		for (let i = 0; i < N; i++) {
			const res = await request(`${sb.url}/users/${id}`, {
				headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
				dispatcher: agent,
			});
			JSON.parse(await res.body.text());
		}
	};
	const core = async () => {
		for (let i = 0; i < N; i++) await client.users.get({ id });
	};
	await bare();
	await core();
	// Rounds in pairs, each core round against the bare round just before it, so that the load
	// of a shared machine, which drifts, weighs on both sides of each ratio alike.
	const rounds = [];
	for (let r = 0; r < 7; r++) rounds.push({ bare: await times(bare), core: await times(core) });
	const ratio = median(rounds.map((r) => r.core.cpu / r.bare.cpu));
	const wallRatio = median(rounds.map((r) => r.core.wall / r.bare.wall));
	const perRequest = (side, kind) => (median(rounds.map((r) => r[side][kind])) / N).toFixed(3);
	await client.close();
	await agent.close();
	await sb.close();
	return {
		name: 'user.get per-request overhead (core vs bare undici, CPU time)',
		ratio,
		goal: '<= 1.10',
		pass: ratio <= 1.1,
		detail:
			`${perRequest('core', 'cpu')} ms vs ${perRequest('bare', 'cpu')} ms CPU per request; ` +
			`wall ${wallRatio.toFixed(2)}x, ${perRequest('core', 'wall')} ms vs ${perRequest('bare', 'wall')} ms`,
	};
}

async function paging() {
	const sb = await startSandboxProcess(['--users', '10000', '--latency', '20']);
	const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
	await client.getAccessToken();
	let sequentialCount = 0;
	const sequential = await time(async () => {
		for (let offset = 0; ; offset += 50) {
			const page = await client.users.list({ limit: 50, offset });
			sequentialCount += page.items.length;
			if (offset + 50 >= page.total) break;
		}
	});
	const concurrency = 8;
	let count = 0;
	const paginated = await time(async () => {
		for await (const _user of client.paginate('user.list', {}, { concurrency })) count++;
	});
	// What the same concurrency gives bare undici (first page, then `concurrency` workers): the
	// floor below leaves out the first page's own round trip and the server's time per page.
	const token = await client.getAccessToken();
	const agent = new Agent({ connections: 16 });
	const page = async (offset) => {
		const res = await request(`${sb.url}/users?limit=50&offset=${offset}`, {
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			dispatcher: agent,
		});
		return JSON.parse(await res.body.text());
	};
	let bareCount = 0;
	const bare = await time(async () => {
		const first = await page(0);
		bareCount += first.items.length;
		let next = 50;
		const worker = async () => {
			for (let offset = next; offset < first.total; offset = next) {
				next += 50;
				const { items } = await page(offset);
				bareCount += items.length;
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
	});
	await agent.close();
	await client.close();
	await sb.close();
	if (count !== 10_000 || sequentialCount !== 10_000 || bareCount !== 10_000)
		throw new Error(`expected 10000 users, got ${count}, ${sequentialCount} and ${bareCount}`);
	const ratio = sequential / paginated;
	// The floor the concurrency allows: every page one latency, `concurrency` of them at a time.
	const floor = (10_000 / 50 / concurrency) * 20;
	return [
		{
			name: `list 10,000 users at 20 ms latency (paginate, concurrency ${concurrency}, vs sequential paging)`,
			ratio,
			goal: '>= 5',
			pass: ratio >= 5,
			detail: `${Math.round(paginated)} ms vs ${Math.round(sequential)} ms`,
		},
		{
			name: `list 10,000 users at 20 ms latency vs the floor of concurrency ${concurrency} (pages / concurrency x latency)`,
			ratio: paginated / floor,
			goal: '<= 1.5',
			pass: paginated / floor <= 1.5,
			detail: `${Math.round(paginated)} ms vs ${floor} ms floor; bare undici at concurrency ${concurrency}: ${Math.round(bare)} ms`,
		},
	];
}

async function singleFlight() {
	const sb = await startSandbox({ users: 50 });
	const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
	await Promise.all(Array.from({ length: 1000 }, () => client.users.get({ id: 'me' })));
	const tokens = sb.sandbox.counters.tokenRequests;
	await client.close();
	await sb.close();
	return {
		name: '1,000 concurrent calls on a cold client: token requests',
		ratio: tokens,
		unit: '',
		goal: '== 1',
		pass: tokens === 1,
		detail: `${tokens} token request(s)`,
	};
}

module.exports = async function runCoreBenchmarks() {
	return [await overhead(), ...(await paging()), await singleFlight()];
};
