// n8n 2.x in queue mode on one machine, as a self-hosting user scales it out: Redis as the queue
// (Debian's redis-server, installed on first use), PostgreSQL 17 as the database (the npm
// registry's build, from scripts/test/engines.js), one n8n main and n8n workers sharing one user folder
// with the packed n8n-nodes-huma installed. Everything lives in one work folder and stops
// together. Used by `npm run start:n8n -- --queue`, test/e2e/n8n-queue and bench/n8n-queue.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } = require('node:fs');
const { createServer, connect } = require('node:net');
const { dirname, join } = require('node:path');
const { ensure } = require('./engines');
const n8n = require('./n8n-headless');

/** Installs redis-server from Debian's packages when it is missing (needs root and apt). */
function ensureRedis() {
	if (spawnSync('redis-server', ['--version']).status === 0) return 'redis-server';
	if (process.getuid?.() !== 0)
		throw new Error(
			'redis-server is missing: install it (apt-get install redis-server), or run this as root to have it installed',
		);
	const apt = (args) =>
		execFileSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	// Wait for another apt (a parallel job) rather than fail on its lock.
	apt(['-o', 'DPkg::Lock::Timeout=600', 'update']);
	apt([
		'-o',
		'DPkg::Lock::Timeout=600',
		'install',
		'-y',
		'--no-install-recommends',
		'redis-server',
	]);
	return 'redis-server';
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
	});
}

/**
 * A long-running process in its own process group (so that Ctrl+C in a terminal reaches only
 * us, and we stop the group in order), its output in a log file.
 */
function startProcess(command, args, { env, log }) {
	const fd = openSync(log, 'a');
	const child = spawn(command, args, { env, stdio: ['ignore', fd, fd], detached: true });
	closeSync(fd);
	const state = { alive: true };
	child.once('exit', () => (state.alive = false));
	return {
		child,
		log,
		alive: () => state.alive,
		read: () => readFileSync(log, 'utf8'),
		stop: () =>
			new Promise((resolve) => {
				if (!state.alive) return resolve();
				const force = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 30_000);
				child.once('exit', () => {
					clearTimeout(force);
					// n8n's task runners live in the same group: nothing of it may outlive it.
					killGroup(child.pid, 'SIGKILL');
					resolve();
				});
				killGroup(child.pid, 'SIGTERM');
			}),
	};
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

async function waitFor(what, check, proc, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// not up yet
		}
		if (proc && !proc.alive())
			throw new Error(
				`${what} exited before it was ready; its log (${proc.log}):\n${proc.read().slice(-4000)}`,
			);
		if (Date.now() > deadline)
			throw new Error(
				`${what} was not ready within ${timeoutMs / 1000} s${proc ? `; its log (${proc.log}):\n${proc.read().slice(-4000)}` : ''}`,
			);
		await sleep(500);
	}
}

const httpOk = (url) => fetch(url).then((r) => r.ok);

/** PostgreSQL refuses to run as root: it runs as the `postgres` system user, created if missing. */
function postgresUser() {
	if (process.getuid?.() !== 0) return undefined;
	if (spawnSync('id', ['-u', 'postgres']).status !== 0)
		execFileSync(
			'useradd',
			['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
			{ stdio: 'inherit' },
		);
	return 'postgres';
}

function asPostgres(user, command, args) {
	const [cmd, argv] = user ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args];
	const result = spawnSync(cmd, argv, { encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(
			`${command} ${args.join(' ')} failed (${result.status ?? result.error}):\n${result.stdout}${result.stderr}`,
		);
	return result.stdout;
}

async function startPostgres(workDir, port) {
	const bin = dirname(ensure('postgres-17'));
	const user = postgresUser();
	const pgDir = join(workDir, 'pg');
	const data = join(pgDir, 'data');
	if (user) {
		const access = spawnSync('runuser', ['-u', user, '--', 'test', '-x', join(bin, 'postgres')]);
		if (access.status !== 0)
			throw new Error(
				`the postgres user cannot run ${bin}/postgres: a folder above it is not readable by others`,
			);
	}
	mkdirSync(pgDir, { recursive: true });
	if (user) {
		// The work folder may come from mkdtemp (mode 700): postgres must reach its data below it.
		for (let d = pgDir; d !== dirname(workDir); d = dirname(d)) chmodSync(d, 0o755);
		execFileSync('chown', ['-R', `${user}:`, pgDir]);
	}
	if (!existsSync(join(data, 'PG_VERSION')))
		asPostgres(user, join(bin, 'initdb'), [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--no-sync',
		]);
	const pgCtl = (...args) => asPostgres(user, join(bin, 'pg_ctl'), ['-D', data, '-w', ...args]);
	// fsync off: a throwaway database, on a disk other jobs share.
	pgCtl(
		'-l',
		join(pgDir, 'postgres.log'),
		'-t',
		'120',
		'-o',
		`-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
		'start',
	);
	return {
		port,
		stop: async () => {
			try {
				pgCtl('-m', 'fast', 'stop');
			} catch (error) {
				console.error(String(error));
			}
		},
	};
}

/**
 * Starts Redis, PostgreSQL, n8n main and `workers` workers in `workDir`, after installing the
 * packed package into its user folder and importing `credentials` and `workflows` (those with
 * `publish: true` are published, so main registers their production webhooks).
 * `workers: 0` with `mode: 'regular'` starts main alone, executing everything itself.
 */
async function startQueue({
	workDir,
	credentials = [],
	workflows = [],
	workers = 2,
	mainPort,
	mode = 'queue',
	concurrency = 10,
	logLevel = 'info',
	onStep = () => {},
}) {
	const stops = [];
	const stopAll = async () => {
		for (const stop of stops.splice(0).reverse()) await stop();
	};
	try {
		mkdirSync(workDir, { recursive: true });
		const userFolder = join(workDir, 'user');
		const ports = {
			redis: await freePort(),
			postgres: await freePort(),
			main: mainPort ?? (await freePort()),
		};
		onStep('Starting Redis');
		const redisBin = ensureRedis();
		const redis = startProcess(
			redisBin,
			[
				'--port',
				String(ports.redis),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				workDir,
			],
			{ env: process.env, log: join(workDir, 'redis.log') },
		);
		stops.push(redis.stop);
		await waitFor('redis-server', () => redisPing(ports.redis), redis, 30_000);
		onStep('Starting PostgreSQL 17');
		const postgres = await startPostgres(workDir, ports.postgres);
		stops.push(postgres.stop);

		const shared = {
			EXECUTIONS_MODE: mode,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(ports.redis),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(ports.postgres),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: logLevel,
		};
		// Every n8n process, CLI commands included, needs its own task runner broker port.
		const env = async (extra = {}) =>
			n8n.env(userFolder, {
				...shared,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				...extra,
			});

		onStep('Installing the packed n8n-nodes-huma into the user folder');
		n8n.prepareUserFolder(userFolder);
		onStep('Importing credentials and workflows (the first n8n command creates the database)');
		const cli = async (args) => {
			const out = n8n.n8n(userFolder, args, await env({ N8N_LOG_LEVEL: 'warn' }));
			if (out.status !== 0)
				throw new Error(`n8n ${args.join(' ')} failed: ${out.stdout}\n${out.stderr}`);
		};
		if (credentials.length)
			await cli([
				'import:credentials',
				`--input=${n8n.writeJson(userFolder, 'credentials', credentials)}`,
			]);
		// (`publish`, our own flag, is a field n8n ignores on import.)
		if (workflows.length)
			await cli(['import:workflow', `--input=${n8n.writeJson(userFolder, 'workflow', workflows)}`]);
		// Importing cannot activate in queue mode; publishing can, read by main when it starts.
		for (const workflow of workflows.filter((w) => w.publish))
			await cli(['publish:workflow', `--id=${workflow.id}`]);

		const node = ensure('node24');
		const bin = ensure('n8n');
		onStep(`Starting n8n main${workers ? ` and ${workers} workers` : ''}`);
		const main = startProcess(node, [bin, 'start'], {
			env: await env({ N8N_PORT: String(ports.main) }),
			log: join(workDir, 'main.log'),
		});
		stops.push(main.stop);
		const url = `http://127.0.0.1:${ports.main}`;
		const workerProcs = [];
		for (let i = 1; i <= workers; i++) {
			const healthPort = await freePort();
			// n8n names a worker after its host; in a container (these machines have /.dockerenv) all
			// would share one id. As root, each gets its own UTS namespace and hostname.
			const [command, args] =
				process.getuid?.() === 0
					? [
							'unshare',
							[
								'--uts',
								'sh',
								'-c',
								`hostname huma-worker${i} && exec "$@"`,
								'_',
								node,
								bin,
								'worker',
								`--concurrency=${concurrency}`,
							],
						]
					: [node, [bin, 'worker', `--concurrency=${concurrency}`]];
			const worker = startProcess(command, args, {
				env: await env({
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				}),
				log: join(workDir, `worker${i}.log`),
			});
			stops.push(worker.stop);
			workerProcs.push({ ...worker, healthPort });
		}
		await Promise.all([
			waitFor(
				'n8n main',
				async () => (await httpOk(`${url}/healthz/readiness`)) && httpOk(`${url}/rest/settings`),
				main,
				180_000,
			),
			...workerProcs.map((w, i) =>
				waitFor(
					`n8n worker ${i + 1}`,
					() => httpOk(`http://127.0.0.1:${w.healthPort}/healthz/readiness`),
					w,
					180_000,
				),
			),
		]);
		// Main answers before it has registered the production webhooks (404 until then). A CORS
		// preflight lists a path's registered methods without running the workflow.
		const webhooks = workflows
			.filter((w) => w.publish)
			.flatMap((w) => w.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook'));
		for (const { parameters } of webhooks) {
			const method = parameters.httpMethod ?? 'GET';
			const registered = async () => {
				const response = await fetch(`${url}/webhook/${parameters.path}`, {
					method: 'OPTIONS',
					headers: { origin: url, 'access-control-request-method': method },
				});
				return (response.headers.get('access-control-allow-methods') ?? '')
					.split(', ')
					.includes(method);
			};
			await waitFor(`the webhook ${method} ${parameters.path}`, registered, main, 180_000);
		}
		return { url, userFolder, ports, main, workers: workerProcs, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** The executions a worker's log says it finished (n8n logs them at `info`). */
function finishedExecutions(log) {
	return [...log.matchAll(/Worker finished execution (\S+)/g)].map((m) => m[1]);
}

module.exports = { startQueue, ensureRedis, freePort, finishedExecutions };
