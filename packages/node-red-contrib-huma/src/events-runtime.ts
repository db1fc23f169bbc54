// Node-RED runtime of the event nodes, built into lib/huma-events.js (the core stays a dependency):
// `huma webhook` (an HTTP endpoint on Node-RED's HTTP server receiving Huma's webhooks) and
// `huma watch` (polls Huma and emits what changed). Both use the core's verification and
// change detection, as the n8n triggers do.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	describeError,
	HumaError,
	maxWebhookBytes,
	parseWatchEvents,
	pollHuma,
	splitList,
	topicWanted,
	verifyWebhook,
	webhookEvents,
	type HumaClient,
	type WatchState,
} from '@huma-integrations/huma-client/node';

interface NodeMessage {
	_msgid?: string;
	payload?: unknown;
	topic?: string;
	[key: string]: unknown;
}
type Send = (msg: NodeMessage | NodeMessage[] | NodeMessage[][]) => void;
interface ContextStore {
	get(
		key: string,
		store: string | undefined,
		cb: (err: Error | null, value: unknown) => void,
	): void;
	set(
		key: string,
		value: unknown,
		store: string | undefined,
		cb: (err?: Error | null) => void,
	): void;
}
interface RedNode {
	id: string;
	credentials: Record<string, string | undefined>;
	status(status: { fill?: string; shape?: string; text?: string } | Record<string, never>): void;
	on(
		event: 'input',
		handler: (msg: NodeMessage, send: Send, done: (err?: Error) => void) => void,
	): void;
	on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
	send(msg: NodeMessage | NodeMessage[] | NodeMessage[][]): void;
	error(message: unknown, msg?: NodeMessage): void;
	warn(message: unknown): void;
	context(): ContextStore;
}
type Handler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => void;
interface ExpressApp {
	post(path: string, handler: Handler): void;
	_router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
	router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
}
interface NodeAPI {
	nodes: {
		createNode(node: RedNode, config: Record<string, unknown>): void;
		registerType(
			type: string,
			ctor: (this: RedNode, config: Record<string, unknown>) => void,
			options?: Record<string, unknown>,
		): void;
		getNode(id: string): unknown;
	};
	httpNode?: ExpressApp;
	util: { generateId(): string };
}
interface ConfigNode {
	getClient(): HumaClient;
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** The raw body, up to `maxBytes` (undefined past it); from a parser's rawBody when one ran first. */
function readRawBody(
	req: IncomingMessage & { rawBody?: unknown; body?: unknown },
	maxBytes: number,
): Promise<Buffer | undefined> {
	if (Buffer.isBuffer(req.rawBody))
		return Promise.resolve(req.rawBody.length > maxBytes ? undefined : req.rawBody);
	if (req.readableEnded) {
		// A body parser consumed the stream and kept no raw bytes: the closest is the JSON it parsed.
		return Promise.resolve(
			req.body === undefined
				? Buffer.alloc(0)
				: Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body)),
		);
	}
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let over = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) over = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function removeRoute(app: ExpressApp, path: string): void {
	const stack = (app._router ?? app.router)?.stack;
	if (!stack) return;
	for (let i = stack.length - 1; i >= 0; i--) {
		const route = stack[i].route;
		if (route && route.path === path && route.methods.post) stack.splice(i, 1);
	}
}

function registerWebhookNode(RED: NodeAPI): void {
	RED.nodes.registerType(
		'huma-webhook',
		function (this: RedNode, config: Record<string, unknown>) {
			RED.nodes.createNode(this, config);
			const node = this;
			const app = RED.httpNode;
			let path = String(config.url ?? '').trim();
			if (path && !path.startsWith('/')) path = `/${path}`;
			const secrets = {
				secret: node.credentials.secret || undefined,
				token: node.credentials.token || undefined,
			};
			// Topics from the editor: a comma-separated list, blank for every topic.
			const topics = splitList(String(config.topics ?? ''));
			const per = config.output === 'delivery' ? 'delivery' : 'user';
			const maxBytes = maxWebhookBytes(config.maxBodyMb);
			if (!app) {
				node.status({ fill: 'red', shape: 'ring', text: 'no HTTP server (httpNodeRoot is false)' });
				node.warn('huma webhook: Node-RED serves no HTTP nodes (httpNodeRoot is false)');
				return;
			}
			if (!path) {
				node.status({ fill: 'red', shape: 'ring', text: 'no URL path' });
				node.error(new HumaError('huma webhook: set the URL path Huma posts to, e.g. /huma'));
				return;
			}
			if (!secrets.secret && !secrets.token) {
				node.status({ fill: 'red', shape: 'ring', text: 'no secret or token' });
				node.error(
					new HumaError(
						"huma webhook: set the webhook's client secret or access token (or both), as set in Huma",
					),
				);
				return;
			}
			let received = 0;
			let refused = 0;
			node.status({ fill: 'grey', shape: 'ring', text: `POST ${path}` });

			const handler: Handler = (req, res) => {
				readRawBody(req, maxBytes).then(
					(raw) => {
						const result = raw
							? verifyWebhook(
									{ headers: req.headers as Record<string, string>, body: raw },
									secrets,
									{ maxBytes },
								)
							: ({
									ok: false,
									status: 413,
									reason: `The delivery is larger than ${maxBytes} bytes`,
								} as const);
						if (!result.ok) {
							refused++;
							node.status({
								fill: 'yellow',
								shape: 'ring',
								text: `refused ${result.status} (${refused}), ${received} received`,
							});
							answer(res, result.status, { message: result.reason });
							return;
						}
						// Answer at once: Huma wants a quick 2xx; the flow runs afterwards.
						answer(res, 200, { received: true });
						received++;
						const { topic } = result.delivery;
						if (!topicWanted(topic, topics)) return;
						node.status({
							fill: 'green',
							shape: 'dot',
							text: `${received} received, last ${topic}`,
						});
						for (const event of webhookEvents(result.delivery, per)) {
							node.send({ _msgid: RED.util.generateId(), topic, payload: event });
						}
					},
					(error: unknown) => {
						if (!res.headersSent)
							answer(res, 400, {
								message: `Could not read the delivery: ${(error as Error).message}`,
							});
					},
				);
			};
			app.post(path, handler);
			node.on('close', (_removed, done) => {
				removeRoute(app, path);
				done();
			});
		},
		{ credentials: { secret: { type: 'password' }, token: { type: 'password' } } },
	);
}

const STATE_KEY = 'humaWatch';

function registerWatchNode(RED: NodeAPI): void {
	RED.nodes.registerType('huma-watch', function (this: RedNode, config: Record<string, unknown>) {
		RED.nodes.createNode(this, config);
		const node = this;
		const configNode = RED.nodes.getNode(String(config.huma ?? '')) as ConfigNode | null;
		const store = config.store ? String(config.store) : undefined;
		const context = node.context();
		const intervalMinutes = Number(config.interval ?? 5);
		const daysAhead = Number(config.daysAhead ?? 7);
		const emitCurrent = config.emitCurrent === true;
		let configError: Error | undefined;
		let events: ReturnType<typeof parseWatchEvents> = [];
		try {
			events = parseWatchEvents(config.events, 'Events');
			if (!configNode)
				throw new HumaError(
					'No Huma connection is configured: open the node and pick or add a Huma config',
				);
			if (!Number.isFinite(intervalMinutes) || intervalMinutes < 0)
				throw new HumaError(
					`Interval must be a number of minutes (0: on input only), got ${String(config.interval)}`,
				);
		} catch (error) {
			configError = error as Error;
			node.status({ fill: 'red', shape: 'ring', text: configError.message.slice(0, 60) });
		}
		const load = () =>
			new Promise<WatchState | undefined>((resolve, reject) =>
				context.get(STATE_KEY, store, (err, value) =>
					err ? reject(err) : resolve(value as WatchState | undefined),
				),
			);
		const save = (value: WatchState | undefined) =>
			new Promise<void>((resolve, reject) =>
				context.set(STATE_KEY, value, store, (err) => (err ? reject(err) : resolve())),
			);

		// One poll at a time: a tick or message arriving during a poll waits for it.
		let chain: Promise<unknown> = Promise.resolve();
		const poll = async (send: Send, trigger?: NodeMessage): Promise<void> => {
			if (configError) throw configError;
			node.status({ fill: 'blue', shape: 'dot', text: 'polling…' });
			const now = new Date();
			const previous = await load();
			const result = await pollHuma(configNode!.getClient(), previous, {
				events,
				anniversaryDaysAhead: daysAhead,
				emitCurrent,
				today: now.toISOString().slice(0, 10),
				now: now.toISOString(),
			});
			// Saved only after a whole successful poll: a failed one keeps the previous state.
			await save(result.state);
			const out = result.events.map((event) => ({
				...(trigger ?? {}),
				_msgid: RED.util.generateId(),
				topic: event.event,
				payload: event,
			}));
			if (out.length) send([out]);
			const time = now.toISOString().slice(11, 19);
			node.status({
				fill: 'green',
				shape: 'dot',
				text:
					result.baseline && !out.length
						? `baseline set ${time} UTC`
						: `last poll ${time} UTC: ${out.length} event${out.length === 1 ? '' : 's'}`,
			});
		};
		const fail = (error: unknown, msg?: NodeMessage) => {
			node.status({
				fill: 'red',
				shape: 'ring',
				text: `poll failed: ${(error as Error).message?.slice(0, 40)}`,
			});
			// The config node's client and this code share one copy of the core: its errors are ours.
			if (msg) msg.humaError = describeError(error);
			return error instanceof Error ? error : new Error(String(error));
		};

		node.on('input', (msg, send, done) => {
			chain = chain.then(async () => {
				try {
					if (msg.reset !== undefined || msg.topic === 'reset') {
						await save(undefined);
						node.status({
							fill: 'grey',
							shape: 'ring',
							text: 'state reset: next poll sets the baseline',
						});
						return done();
					}
					await poll(send, msg);
					done();
				} catch (error) {
					done(fail(error, msg));
				}
			});
		});

		let timer: ReturnType<typeof setInterval> | undefined;
		if (!configError && intervalMinutes > 0) {
			const tick = () => {
				chain = chain.then(() =>
					poll((m) => node.send(m)).catch((error: unknown) => {
						const msg: NodeMessage = {};
						node.error(fail(error, msg), msg);
					}),
				);
			};
			timer = setInterval(tick, intervalMinutes * 60_000);
			if (config.pollOnStart !== false) tick();
		}
		node.on('close', (_removed, done) => {
			if (timer) clearInterval(timer);
			chain.then(
				() => done(),
				() => done(),
			);
		});
	});
}

export function registerEvents(RED: NodeAPI, type: string): void {
	if (type === 'huma-webhook') return registerWebhookNode(RED);
	if (type === 'huma-watch') return registerWatchNode(RED);
	throw new Error(`Unknown Huma event node type ${type}`);
}
