// Node-RED runtime of the Huma nodes, built into lib/huma-runtime.js (the core stays a dependency).
import {
	answerIsSimplifiable,
	answersList,
	baseUrlOf,
	bodyFields,
	bodyIsList,
	bodyValue,
	createHumaClient,
	deadlineMsOf,
	DEFAULT_DEADLINE_SECONDS,
	describeError,
	getOperation,
	HumaApiError,
	HumaError,
	HumaValidationError,
	idListValue,
	listItems,
	listOperations,
	operationAction,
	simplify,
	type HumaClient,
	type OperationName,
	type OperationSpec,
	type PagedOperationName,
} from '@huma-integrations/huma-client/node';
import { registerAdminRoutes, type AdminAPI } from './admin';
import { RESOURCE_NODES, type ResourceNode } from './definitions';
import { translator } from './messages';
import {
	COMPOSITE_ACTIONS,
	isCompositeAction,
	userComposites,
	type UpsertConfig,
} from './composite';

/* Minimal shapes of the Node-RED API we use. */
interface NodeMessage {
	_msgid?: string;
	payload?: unknown;
	parts?: Record<string, unknown>;
	[key: string]: unknown;
}
interface RedNode {
	id: string;
	credentials: Record<string, string | undefined>;
	status(status: { fill?: string; shape?: string; text?: string } | Record<string, never>): void;
	on(
		event: 'input',
		handler: (
			msg: NodeMessage,
			send: (msg: NodeMessage | NodeMessage[]) => void,
			done: (err?: Error) => void,
		) => void,
	): void;
	on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
	error(message: unknown, msg?: NodeMessage): void;
	warn(message: unknown): void;
}
interface NodeAPI extends AdminAPI {
	nodes: AdminAPI['nodes'] & {
		createNode(node: RedNode, config: Record<string, unknown>): void;
		registerType(
			type: string,
			ctor: (this: RedNode, config: Record<string, unknown>) => void,
			options?: Record<string, unknown>,
		): void;
	};
	util: {
		evaluateNodeProperty(
			value: unknown,
			type: string,
			node: RedNode,
			msg: NodeMessage,
			cb: (err: Error | null, result: unknown) => void,
		): void;
		generateId(): string;
	};
}

export interface ConfigNode extends RedNode {
	baseUrl: string;
	getClient(): HumaClient;
}

interface TypedValue {
	value?: string;
	type?: string;
}

interface ResourceNodeConfig {
	huma: string;
	operation: string;
	params?: Record<string, TypedValue>;
	body?: string;
	bodyType?: string;
	/** The body as fields; `ids` holds the list of a body that is a list of IDs. */
	bodyFields?: Record<string, TypedValue>;
	returnAll?: boolean;
	limit?: number | string;
	outputMode?: 'array' | 'items';
	simplify?: boolean;
	/** huma-user's Create or update: its mapping table and options. */
	upsert?: UpsertConfig;
}

function evaluate(
	RED: Pick<NodeAPI, 'util'>,
	node: RedNode,
	typed: TypedValue,
	msg: NodeMessage,
): Promise<unknown> {
	return new Promise((resolve, reject) => {
		RED.util.evaluateNodeProperty(typed.value, typed.type ?? 'str', node, msg, (err, result) =>
			err ? reject(err) : resolve(result),
		);
	});
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** Config wins; what config leaves blank comes from msg.<name> or msg.params.<name>, the body from msg.payload. */
async function gatherParams(
	RED: NodeAPI,
	node: RedNode,
	config: ResourceNodeConfig,
	op: OperationSpec,
	msg: NodeMessage,
) {
	const params: Record<string, unknown> = {};
	const fromMsg = (
		typeof msg.params === 'object' && msg.params !== null ? msg.params : {}
	) as Record<string, unknown>;
	for (const p of op.parameters) {
		// Paged lists take their size from Return all / Limit; msg.offset may still set the start.
		if (op.paged && p.name === 'limit') continue;
		const typed = config.params?.[p.name];
		let value = typed && !isBlank(typed.value) ? await evaluate(RED, node, typed, msg) : undefined;
		if (isBlank(value)) value = fromMsg[p.name] ?? msg[p.name];
		if (!isBlank(value)) params[p.name] = value;
	}
	if (op.body) {
		let body = !isBlank(config.body)
			? await evaluate(RED, node, { value: config.body, type: config.bodyType ?? 'json' }, msg)
			: undefined;
		if (isBlank(body)) body = await bodyFromFields(RED, node, config, op, msg);
		if (isBlank(body)) body = msg.payload;
		if (typeof body === 'string' && /^\s*[{[]/.test(body))
			body = parseJsonBody(op, body, isBlank(config.body) ? 'msg.payload' : 'the Body property');
		if (!isBlank(body)) params.body = body;
	}
	return params;
}

/** A body given as JSON text; unparsable text is bad input naming the body, like any other. */
function parseJsonBody(op: OperationSpec, text: string, source: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new HumaValidationError(op.name, [
			{
				field: 'body',
				message: `must be valid JSON: ${source} is text that does not parse as JSON (${(error as Error).message})`,
			},
		]);
	}
}

/**
 * The body the editor's fields describe, or undefined when none is filled in: each value as the
 * core's field rules read it, as n8n's execute path does.
 */
export async function bodyFromFields(
	RED: Pick<NodeAPI, 'util'>,
	node: RedNode,
	config: Pick<ResourceNodeConfig, 'bodyFields'>,
	op: OperationSpec,
	msg: NodeMessage,
): Promise<unknown> {
	const filled = Object.entries(config.bodyFields ?? {}).filter(
		([, typed]) => typed && !isBlank(typed.value),
	);
	if (!filled.length) return undefined;
	const values = await Promise.all(
		filled.map(async ([name, typed]) => [name, await evaluate(RED, node, typed, msg)] as const),
	);
	if (bodyIsList(op)) {
		const ids = values.find(([name]) => name === 'ids')?.[1];
		return ids === undefined ? undefined : idListValue(op, ids);
	}
	const fields = new Map(bodyFields(op).map((f) => [f.name, f]));
	const body: Record<string, unknown> = {};
	for (const [name, value] of values)
		body[name] = bodyValue(op, fields.get(name) ?? { name, schema: {} }, value);
	return body;
}

function statusText(error: unknown): string {
	if (error instanceof HumaApiError)
		return `${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}`;
	if (error instanceof HumaValidationError) return `invalid ${error.fields.join(', ')}`;
	return (error as Error)?.message?.slice(0, 40) ?? 'failed';
}

/** The config node's deadline, in seconds (the core's default when blank or older than the field; 0 for none), in ms. */
const deadlineMs = (seconds: unknown) => deadlineMsOf(seconds, DEFAULT_DEADLINE_SECONDS);

function registerConfigNode(RED: NodeAPI): void {
	RED.nodes.registerType(
		'huma-config',
		function (this: RedNode, config: Record<string, unknown>) {
			RED.nodes.createNode(this, config);
			const node = this as ConfigNode;
			let client: HumaClient | undefined;
			const baseUrl = baseUrlOf(config as { environment?: string; baseUrl?: string });
			node.baseUrl = baseUrl;
			node.getClient = () => {
				if (!client) {
					// One client per config node: every node using it shares its token and connection pool.
					client = createHumaClient({
						baseUrl,
						credentials: {
							clientId: node.credentials.clientId ?? '',
							clientSecret: node.credentials.clientSecret ?? '',
						},
						deadlineMs: deadlineMs(config.deadline),
					});
				}
				return client;
			};
			node.on('close', (_removed, done) => {
				const closing = client?.close();
				client = undefined;
				Promise.resolve(closing).then(
					() => done(),
					() => done(),
				);
			});
		},
		{ credentials: { clientId: { type: 'text' }, clientSecret: { type: 'password' } } },
	);
	registerAdminRoutes(RED);
}

function registerResourceNode(RED: NodeAPI, definition: ResourceNode): void {
	RED.nodes.registerType(definition.type, function (this: RedNode, raw: Record<string, unknown>) {
		RED.nodes.createNode(this, raw);
		const node = this;
		const t = translator(RED);
		const config = raw as unknown as ResourceNodeConfig;
		const configNode = RED.nodes.getNode(config.huma) as ConfigNode | null;
		const known = new Set(listOperations(definition.resource).map((o) => o.name));
		// huma-user's operations made of several calls (composite.ts).
		const composites =
			definition.resource === 'user'
				? userComposites({
						client: () => configNode!.getClient(),
						status: (status) => node.status(status),
						newId: () => RED.util.generateId(),
						config,
						evaluateParam: async (name, msg) => {
							const typed = config.params?.[name];
							return typed && !isBlank(typed.value) ? evaluate(RED, node, typed, msg) : undefined;
						},
					})
				: undefined;
		if (composites) {
			for (const action of COMPOSITE_ACTIONS) known.add(`user.${action}`);
			node.on('close', (_removed, done) => {
				composites.close();
				done();
			});
		}

		// Lists still paging when the node closes (a redeploy, a stop) stop fetching and sending.
		const listing = new Set<AbortController>();
		node.on('close', (_removed, done) => {
			for (const abort of listing) abort.abort(new HumaError(t('huma.errors.closed')));
			listing.clear();
			done();
		});

		node.on('input', (msg, send, done) => {
			const run = async () => {
				if (!configNode) throw new HumaError(t('huma.errors.noConnection'));
				const action = config.operation || String(msg.operation ?? '');
				if (composites && isCompositeAction(action)) return composites.run(action, msg, send);
				const name = `${definition.resource}.${action}`;
				if (!known.has(name)) {
					throw new HumaError(
						t('huma.errors.unknownOperation', {
							operation: String(config.operation || msg.operation),
							operations: [...known].map((n) => n.split('.')[1]).join(', '),
						}),
					);
				}
				const op = getOperation(name);
				const params = await gatherParams(RED, node, config, op, msg);
				const client = configNode.getClient();
				const doing = operationAction(op);
				node.status({
					fill: 'blue',
					shape: 'dot',
					text: t('huma.status.running', { operation: doing }),
				});

				if (op.paged)
					return listPaged(client, op, params, Number(config.limit ?? 50) || 50, msg, send);
				const result = await client.call(name as OperationName, params as never);
				if (answersList(op)) return sendList(listItems(op, result) as unknown[], msg, send);
				msg.payload =
					config.simplify !== false && answerIsSimplifiable(op) ? simplify(result) : result;
				node.status({
					fill: 'green',
					shape: 'dot',
					text: t('huma.status.done', { operation: doing }),
				});
				send(msg);
			};

			// Every list leaves the same way, paged or not: an array in msg.payload, or one message per item.
			const sendList = (
				items: unknown[],
				input: NodeMessage,
				sendOut: (m: NodeMessage | NodeMessage[]) => void,
			) => {
				if (config.outputMode === 'items') {
					const partsId = input._msgid ?? RED.util.generateId();
					items.forEach((item, index) =>
						sendOut({
							...input,
							_msgid: RED.util.generateId(),
							payload: item,
							parts: { id: partsId, index, count: items.length, type: 'array', len: 1 },
						}),
					);
				} else {
					input.payload = items;
					sendOut(input);
				}
				node.status({
					fill: 'green',
					shape: 'dot',
					text: `${items.length} item${items.length === 1 ? '' : 's'}`,
				});
			};

			const listPaged = async (
				client: HumaClient,
				op: OperationSpec,
				params: Record<string, unknown>,
				limit: number,
				input: NodeMessage,
				sendOut: (m: NodeMessage | NodeMessage[]) => void,
			) => {
				const perItem = config.outputMode === 'items';
				const maxItems = config.returnAll ? undefined : limit;
				const collected: unknown[] = [];
				let index = 0;
				let total = -1;
				let pages = 0;
				let shown = -1;
				const partsId = input._msgid ?? RED.util.generateId();
				const abort = new AbortController();
				listing.add(abort);
				const items = client.paginate(op.name as PagedOperationName, params as never, {
					maxItems,
					signal: abort.signal,
					onPage: (page) => {
						pages++;
						total = page.total;
						// Progress at most once a percent of the list (every 100 pages when Huma gives no
						// total): each status is a translation and a message to every open editor.
						const reached =
							page.total > 0
								? Math.floor(((page.offset + page.count) * 100) / page.total)
								: Math.floor(pages / 100);
						if (pages > 1 && reached === shown) return;
						shown = reached;
						node.status({
							fill: 'blue',
							shape: 'dot',
							text: t('huma.status.page', {
								page: pages,
								count: page.offset + page.count,
								total: page.total,
							}),
						});
					},
				});
				try {
					for await (const item of items) {
						// The pages already fetched are not sent on once the node has closed.
						if (abort.signal.aborted) throw abort.signal.reason;
						if (perItem) {
							const count = Math.min(total, maxItems ?? Infinity);
							// Each item leaves as it arrives, so memory stays flat however large the organisation.
							sendOut({
								...input,
								_msgid: RED.util.generateId(),
								payload: item,
								parts: { id: partsId, index, count, type: 'array', len: 1 },
							});
						} else {
							collected.push(item);
						}
						index++;
					}
				} finally {
					listing.delete(abort);
				}
				if (!perItem) {
					input.payload = collected;
					sendOut(input);
				}
				node.status({
					fill: 'green',
					shape: 'dot',
					text: t(index === 1 ? 'huma.status.item' : 'huma.status.items', { count: index }),
				});
			};

			run().then(
				() => done(),
				(error: unknown) => {
					msg.humaError = describeError(error);
					node.status({ fill: 'red', shape: 'ring', text: statusText(error) });
					done(error instanceof Error ? error : new Error(String(error)));
				},
			);
		});
	});
}

export function register(RED: NodeAPI, type: string): void {
	if (type === 'huma-config') return registerConfigNode(RED);
	const definition = RESOURCE_NODES.find((d) => d.type === type);
	if (!definition) throw new Error(`Unknown Huma node type ${type}`);
	registerResourceNode(RED, definition);
}
