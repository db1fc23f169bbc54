import { parseArgs } from 'node:util';
import { startSandbox } from './server';

const HELP = `huma-sandbox: a local Huma Open API with a seeded demo organisation

Usage: huma-sandbox [options]

  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <addr>         address to bind (default 127.0.0.1)
  --users <n>           users in the demo organisation (default 40, up to 100000)
  --seed <n>            seed of the generated data and faults (default 1)
  --client-id <id>      API key client ID (default: a seeded UUID, printed at start)
  --client-secret <s>   API key client secret (default: a seeded UUID, printed at start)
  --token-lifetime <s>  lifetime of issued tokens in seconds (default 3600)
  --latency <ms>        added latency per request
  --jitter <ms>         extra random latency up to this much
  --error-rate <0..1>   share of requests answered 500/502/503
  --reset-rate <0..1>   share of requests whose connection is reset
  --rate-limit <n/ms>   e.g. 100/1000: 429 past 100 requests a second
  --webhook-url <url>   send Huma's webhooks (users-create, users-update, …) to this URL
  --webhook-secret <s>  sign them with this client secret (header huma-hmac-sha256)
  --webhook-token <t>   send this access token with them (Authorization: Bearer)
  --strict              check every answer against the spec's response schemas
  --log                 log each request
  -h, --help            show this help

Admin endpoints (not part of Huma's API): GET /__sandbox/counters, PUT /__sandbox/faults,
POST /__sandbox/script, POST /__sandbox/expire-tokens, GET /__sandbox/violations,
GET|PUT /__sandbox/webhook, POST /__sandbox/webhook/export, POST /__sandbox/webhook/send,
DELETE /__sandbox/users/<id>, PUT /__sandbox/users/<id>/active.`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			users: { type: 'string' },
			seed: { type: 'string' },
			'client-id': { type: 'string' },
			'client-secret': { type: 'string' },
			'token-lifetime': { type: 'string' },
			latency: { type: 'string' },
			jitter: { type: 'string' },
			'error-rate': { type: 'string' },
			'reset-rate': { type: 'string' },
			'rate-limit': { type: 'string' },
			'webhook-url': { type: 'string' },
			'webhook-secret': { type: 'string' },
			'webhook-token': { type: 'string' },
			strict: { type: 'boolean' },
			log: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(HELP);
		return;
	}
	const num = (name: string, v: string | undefined) => {
		if (v === undefined) return undefined;
		const n = Number(v);
		if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a number, got "${v}"`);
		return n;
	};
	const rate = values['rate-limit']?.split('/');
	if (!values['webhook-url'] && (values['webhook-secret'] || values['webhook-token'])) {
		throw new Error('--webhook-secret and --webhook-token need --webhook-url');
	}
	const users = num('users', values.users);
	if (users !== undefined && (users < 1 || users > 100_000))
		throw new Error('--users expects 1 to 100000');
	const running = await startSandbox({
		port: num('port', values.port) ?? 4010,
		host: values.host ?? '127.0.0.1',
		users,
		seed: num('seed', values.seed),
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		tokenLifetimeSeconds: num('token-lifetime', values['token-lifetime']),
		strict: values.strict,
		log: values.log,
		...(values['webhook-url']
			? {
					webhook: {
						url: values['webhook-url'],
						secret: values['webhook-secret'],
						token: values['webhook-token'],
					},
				}
			: {}),
		faults: {
			latencyMs: num('latency', values.latency),
			jitterMs: num('jitter', values.jitter),
			errorRate: num('error-rate', values['error-rate']),
			resetRate: num('reset-rate', values['reset-rate']),
			...(rate
				? { rateLimit: { requests: Number(rate[0]), windowMs: Number(rate[1] ?? 1000) } }
				: {}),
		},
	});
	console.log(
		`Huma sandbox listening on ${running.url} with ${running.sandbox.store.users.size} users`,
	);
	if (values['webhook-url']) console.log(`Sending Huma webhooks to ${values['webhook-url']}`);
	if (!values['client-id'] || !values['client-secret']) {
		console.log(
			`Demo API key: client ID ${running.credentials.clientId}, client secret ${running.credentials.clientSecret}`,
		);
	}
	const stop = () => running.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(`huma-sandbox: ${(error as Error).message}`);
	process.exit(1);
});
