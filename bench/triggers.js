// Trigger benchmarks (issue #10): a poll of 10,000 users at 20 ms latency that finds one change,
// against one list-all in the same run; state bytes per user; webhook verification time per
// delivery, against parsing the same body; Node-RED's huma webhook taking a burst of deliveries.
const { createHmac } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const {
	createHumaClient,
	pollHuma,
	verifyWebhook,
} = require('@huma-integrations/huma-client/node');
const { createServer } = require('node:http');
const { emptyWebhookCounters, startSandbox } = require('@huma-integrations/huma-sandbox');
const { startSandboxProcess } = require('./sandbox-process');
const { startNodeRed, linkPackage } = require('../scripts/test/node-red-headless');

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

async function pollBenchmark() {
	const sb = await startSandboxProcess(['--users', '10000', '--latency', '20']);
	const client = createHumaClient({ baseUrl: sb.url, credentials: sb.credentials });
	try {
		await client.getAccessToken();
		const listRequests = async (fn) => {
			const before = (await sb.admin('GET', '/counters')).byOperation['user.list'] ?? 0;
			const start = process.hrtime.bigint();
			const result = await fn();
			const time = ms(start);
			return {
				result,
				time,
				requests: ((await sb.admin('GET', '/counters')).byOperation['user.list'] ?? 0) - before,
			};
		};
		const options = {
			events: ['userAdded', 'userChanged', 'userDeactivated', 'userRemoved'],
			today: new Date().toISOString().slice(0, 10),
		};
		await client.listAll('user.list'); // warm-up
		const baseline = await pollHuma(client, undefined, options);
		const listAll = await listRequests(() => client.listAll('user.list'));
		const someone = listAll.result[1234];
		await client.users.update({ id: someone.id, body: { preferredName: 'Bench' } });
		const poll = await listRequests(() => pollHuma(client, baseline.state, options));
		const events = poll.result.events;
		if (events.length !== 1 || events[0].userId !== someone.id)
			throw new Error(`expected one change, got ${JSON.stringify(events.map((e) => e.event))}`);
		const ratio = poll.time / listAll.time;
		const bytes = JSON.stringify(baseline.state).length / listAll.result.length;
		return [
			{
				name: 'poll of 10,000 users at 20 ms finding one change: requests vs one list-all',
				ratio: poll.requests / listAll.requests,
				goal: '<= 1',
				pass: poll.requests <= listAll.requests,
				detail: `${poll.requests} vs ${listAll.requests} requests`,
			},
			{
				name: 'poll of 10,000 users finding one change: time vs one list-all',
				ratio,
				goal: '<= 1.5',
				pass: ratio <= 1.5,
				detail: `${Math.round(poll.time)} ms vs ${Math.round(listAll.time)} ms`,
			},
			{
				name: 'poll state per user (JSON, as n8n static data / Node-RED context keep it)',
				ratio: bytes,
				unit: ' bytes',
				goal: '< 64',
				pass: bytes < 64,
				detail: `${JSON.stringify(baseline.state).length} bytes for ${listAll.result.length} users`,
			},
		];
	} finally {
		await client.close();
		await sb.close();
	}
}

function verificationBenchmark() {
	const secret = 'bench-webhook-secret';
	const user = {
		id: '2b5f0cbe-57a6-4b8e-9f51-0d5b9b8e2d11',
		email: 'ada@example.com',
		givenName: 'Ada',
		familyName: 'Lovelace',
		phone: '+47 555 01 234',
		teams: [{ id: 't1', name: 'Engineering' }],
	};
	const body = Buffer.from(JSON.stringify({ topic: 'users-update', users: [user] }));
	const headers = {
		'huma-topic': 'users-update',
		'huma-hmac-sha256': createHmac('sha256', secret).update(body).digest('hex'),
		authorization: 'Bearer tok',
	};
	const N = 20_000;
	for (let i = 0; i < 2000; i++) verifyWebhook({ headers, body }, { secret, token: 'tok' });
	let start = process.hrtime.bigint();
	for (let i = 0; i < N; i++)
		if (!verifyWebhook({ headers, body }, { secret, token: 'tok' }).ok)
			throw new Error('verification failed');
	const verifyUs = (ms(start) * 1000) / N;
	start = process.hrtime.bigint();
	for (let i = 0; i < N; i++) JSON.parse(body.toString('utf8'));
	const parseUs = (ms(start) * 1000) / N;
	return [
		{
			name: `webhook verification per delivery (${body.length}-byte body, HMAC + token + JSON)`,
			ratio: verifyUs,
			unit: ' µs',
			goal: '< 100 µs',
			pass: verifyUs < 100,
			detail: `${(verifyUs / parseUs).toFixed(1)}x a bare JSON.parse of the same body (${parseUs.toFixed(2)} µs)`,
		},
	];
}

async function nodeRedBenchmark() {
	const N = 1000;
	const secret = 'bench-webhook-secret';
	const userDir = mkdtempSync(join(tmpdir(), 'huma-bench-hook-'));
	linkPackage(userDir, 'bench');
	const red = await startNodeRed({
		redJs: require.resolve('node-red/red.js'),
		userDir,
		port: 18900 + (process.pid % 100),
		quiet: true,
	});
	const sb = await startSandbox({ users: 200 });
	try {
		await red.deploy([
			{ id: 'hook-tab', type: 'tab', label: 'bench' },
			{
				id: 'hook-in',
				type: 'huma-webhook',
				z: 'hook-tab',
				url: '/huma-bench',
				topics: '',
				output: 'user',
				credentials: { secret },
				wires: [['hook-count']],
			},
			{
				id: 'hook-count',
				type: 'function',
				z: 'hook-tab',
				func: "global.set('n', (global.get('n') || 0) + 1);\nreturn null;",
				outputs: 1,
				wires: [[]],
			},
			{
				id: 'count-in',
				type: 'http in',
				z: 'hook-tab',
				url: '/huma-bench-count',
				method: 'get',
				wires: [['count-out']],
			},
			{
				id: 'count-out',
				type: 'function',
				z: 'hook-tab',
				func: "msg.payload = { n: global.get('n') || 0 };\nreturn msg;",
				outputs: 1,
				wires: [['count-res']],
			},
			{ id: 'count-res', type: 'http response', z: 'hook-tab', wires: [] },
		]);
		const count = async () => (await (await fetch(`${red.url}/huma-bench-count`)).json()).n;
		for (let i = 0; i < 100; i++) {
			const res = await fetch(`${red.url}/huma-bench-count`).catch(() => undefined);
			if (res?.ok) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		const ids = [...sb.sandbox.store.users.keys()];
		const burst = async (url, received) => {
			sb.sandbox.webhooks.configure({ url, secret });
			sb.sandbox.webhooks.counters = emptyWebhookCounters();
			const start = process.hrtime.bigint();
			for (let i = 0; i < N; i++) sb.sandbox.setUserActive(ids[i % ids.length], i % 2 === 0);
			await sb.sandbox.webhooks.idle();
			let seen = 0;
			for (let i = 0; i < 200 && (seen = await received()) < N; i++)
				await new Promise((r) => setTimeout(r, 50));
			return { seen, rate: seen / (ms(start) / 1000), counters: sb.sandbox.webhooks.counters };
		};
		// Baseline: the same burst into a bare Node.js HTTP server that only counts, so the
		// sandbox's own sending cost shows.
		let bareCount = 0;
		const bare = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				bareCount++;
				res.end();
			});
		});
		await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
		const baseline = await burst(`http://127.0.0.1:${bare.address().port}/`, async () => bareCount);
		await new Promise((resolve) => bare.close(resolve));
		const { seen, rate, counters } = await burst(`${red.url}/huma-bench`, count);
		return [
			{
				name: `Node-RED huma webhook: a burst of ${N} signed sandbox deliveries`,
				ratio: rate,
				unit: ' deliveries/s',
				goal: '>= 200/s, none lost',
				pass: rate >= 200 && seen === N && counters.delivered === N,
				detail: `${seen} of ${N} messages, ${counters.failed} failed, ${counters.rejected} refused; ${(rate / baseline.rate).toFixed(2)}x the ${Math.round(baseline.rate)}/s the sandbox sends to a bare counting server`,
			},
		];
	} finally {
		await sb.close();
		await red.stop();
		rmSync(userDir, { recursive: true, force: true });
	}
}

module.exports = async function triggerBenchmarks() {
	return [...(await pollBenchmark()), ...verificationBenchmark(), ...(await nodeRedBenchmark())];
};
