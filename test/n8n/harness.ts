// Runs the built Huma node in n8n's real execution engine (n8n-core WorkflowExecute), with a
// credentials helper that uses the credential's own preAuthentication and authenticate, as n8n's
// server does: the token is fetched when the expirable field is empty and again after a 401.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'huma-n8n-'));

import { ExecutionLifecycleHooks, PollContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type IRun,
	type INodeParameters,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

const root = join(__dirname, '..', '..');
const { Huma } = require(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js'));
const { HumaApi } = require(join(root, 'dist', 'credentials', 'HumaApi.credentials.js'));

export const NODE_TYPE = 'n8n-nodes-huma.huma';
export const TRIGGER_TYPE = 'n8n-nodes-huma.humaTrigger';
export const POLLING_TRIGGER_TYPE = 'n8n-nodes-huma.humaPollingTrigger';
const nodeType: INodeType = new Huma();
const credentialType: ICredentialType = new HumaApi();
const { HumaTrigger } = require(join(root, 'dist', 'nodes', 'HumaTrigger', 'HumaTrigger.node.js'));
const { HumaPollingTrigger } = require(
	join(root, 'dist', 'nodes', 'HumaPollingTrigger', 'HumaPollingTrigger.node.js'),
);
const types: Record<string, INodeType> = {
	[NODE_TYPE]: nodeType,
	[TRIGGER_TYPE]: new HumaTrigger(),
	[POLLING_TRIGGER_TYPE]: new HumaPollingTrigger(),
};

/** Runs another build of the Huma node in its place (a test's copy), until the returned function is called. */
export function replaceHumaNode(node: INodeType): () => void {
	const real = types[NODE_TYPE];
	types[NODE_TYPE] = node;
	return () => {
		types[NODE_TYPE] = real;
	};
}

const nodeTypes = {
	getByName: (type: string): INodeType | IVersionedNodeType => {
		if (!types[type]) throw new Error(`Unknown node type ${type}`);
		return types[type];
	},
	getByNameAndVersion: (type: string): INodeType => {
		if (!types[type]) throw new Error(`Unknown node type ${type}`);
		return types[type];
	},
	getKnownTypes: () => ({}),
};

/** Stores credentials by id like n8n's database, and counts token fetches. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();
	preAuthentications = 0;

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const auth = credentialType.authenticate;
		if (typeof auth !== 'function')
			throw new Error('expected the credential to authenticate with a function');
		return auth(credentials, requestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const expirable = credentialType.properties.find((p) => p.typeOptions?.expirable);
		if (!expirable || !credentialType.preAuthentication) return undefined;
		if (!credentialsExpired && credentials[expirable.name]) return undefined;
		const output = await this.runPreAuthentication(helpers, credentials);
		const id = node.credentials?.humaApi?.id;
		if (id) this.store.set(id, { ...this.store.get(id), ...output });
		return { ...credentials, ...output };
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	) {
		this.preAuthentications++;
		return (await credentialType.preAuthentication!.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(nodeCredentials.id ?? '');
		if (!data) throw new Error(`No credentials ${nodeCredentials.id}`);
		return { ...data };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(nodeCredentials.id ?? '', data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

/** Additional data as n8n's host gives it; whatever else the engine asks answers like an empty mock. */
function hostData(
	credentials: ICredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const known = {
		credentialsHelper: credentials,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		userId: 'user-1',
		variables: {},
		...extra,
	} as Partial<IWorkflowExecuteAdditionalData>;
	return new Proxy(known as IWorkflowExecuteAdditionalData, {
		get: (target, key) =>
			key in target
				? target[key as keyof typeof target]
				: key === 'then'
					? undefined
					: () => undefined,
	});
}

/**
 * One poll of the polling trigger in n8n's PollContext, as an active workflow runs it.
 * `staticData` is the workflow's static data, kept by the caller across polls as n8n saves it
 * (pass a JSON round trip of it to model a restart).
 */
export async function pollTrigger(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	staticData: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<INodeExecutionData[][] | null> {
	const node: INode = {
		id: 'poll-node',
		name: 'Huma Polling Trigger',
		type: POLLING_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: { humaApi: { id: 'cred-1', name: 'Huma sandbox' } },
	};
	const workflow = new Workflow({
		id: 'wf-poll',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		staticData,
	});
	const context = new PollContext(
		workflow,
		node,
		hostData(credentials),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	return types[POLLING_TRIGGER_TYPE].poll!.call(context);
}

export interface WebhookCall {
	/** What n8n answered itself (401, 413, …), when the node did not start the workflow. */
	status?: number;
	body?: unknown;
	/** The items the workflow starts with, when it starts. */
	items?: INodeExecutionData[];
}

/** One delivery to the webhook trigger in n8n's WebhookContext, raw body kept as n8n keeps it. */
export async function callWebhook(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	request: { headers: Record<string, string>; body: string },
): Promise<WebhookCall> {
	const node: INode = {
		id: 'webhook-node',
		name: 'Huma Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'huma-hook',
		parameters: parameters as INodeParameters,
		credentials: { humaWebhookApi: { id: 'webhook-cred', name: 'Huma webhook' } },
	};
	const workflow = new Workflow({
		id: 'wf-hook',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	let parsed: unknown;
	try {
		parsed = JSON.parse(request.body);
	} catch {
		parsed = {};
	}
	const answer: WebhookCall = {};
	const res = {
		status(code: number) {
			answer.status = code;
			return res;
		},
		json(body: unknown) {
			answer.body = body;
			return res;
		},
		end() {
			return res;
		},
	};
	const req = {
		headers: request.headers,
		body: parsed,
		rawBody: Buffer.from(request.body),
		params: {},
		query: {},
	};
	const additionalData = hostData(credentials, { httpRequest: req, httpResponse: res } as never);
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'huma-hook/webhook',
		webhookDescription: types[TRIGGER_TYPE].description.webhooks![0],
		workflowId: 'wf-hook',
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData as never,
		[],
		null,
	);
	const result = await types[TRIGGER_TYPE].webhook!.call(context);
	answer.items = result.workflowData?.[0];
	return answer;
}

export interface RunResult {
	items: INodeExecutionData[];
	error?: Error & { httpCode?: string; description?: string; context?: IDataObject };
	run: IRun;
}

/** Runs one Huma node over the given input items, as n8n's manual execution does. */
export async function runHuma(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	options: { continueOnFail?: boolean; credentialId?: string } = {},
): Promise<RunResult> {
	const node: INode = {
		id: 'huma-node',
		name: 'Huma',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: { humaApi: { id: options.credentialId ?? 'cred-1', name: 'Huma sandbox' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
	} as never);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveRun(run));
	const known: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		credentialsHelper: credentials,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
		variables: {},
		executionId: 'exec-1',
		encryptedRunnerIdentity: undefined,
		evalLlmMockHandler: undefined,
	} as Partial<IWorkflowExecuteAdditionalData>;
	// Whatever else the engine asks of its host answers like an empty mock.
	const additionalData = new Proxy(known as IWorkflowExecuteAdditionalData, {
		get: (target, key) =>
			key in target
				? target[key as keyof typeof target]
				: key === 'then'
					? undefined
					: () => undefined,
	});
	const stack = [{ node, data: { main: [input.map((json) => ({ json }))] }, source: null }];
	// n8n 2.x builds run data with a factory; n8n 1.x takes the plain object.
	const runData =
		typeof createRunExecutionData === 'function'
			? createRunExecutionData({ executionData: { nodeExecutionStack: stack } })
			: ({
					resultData: { runData: {} },
					executionData: {
						contextData: {},
						metadata: {},
						waitingExecution: {},
						waitingExecutionSource: null,
						nodeExecutionStack: stack,
					},
				} as unknown as ReturnType<typeof createRunExecutionData>);
	const execute = new WorkflowExecute(additionalData, 'manual', runData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const nodeRun = run.data.resultData.runData.Huma?.[0];
	return {
		items: nodeRun?.data?.main?.[0] ?? [],
		error: (nodeRun?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
	};
}

const engineDir = process.env.HUMA_N8N_CORE_DIR;

/** Version of the n8n execution engine the tests run on. */
export const ENGINE_VERSION: string = require(
	engineDir ? join(engineDir, 'node_modules', 'n8n-core', 'package.json') : 'n8n-core/package.json',
).version;

/** n8n-core 1.x starts a 60 s interval in a singleton that would keep jest alive: stop it. */
export function stopEngineTimers(): void {
	if (!engineDir) return;
	const { Container } = require(join(engineDir, 'node_modules', '@n8n', 'di'));
	const { SSHClientsManager } = require(
		join(
			engineDir,
			'node_modules',
			'n8n-core',
			'dist',
			'execution-engine',
			'ssh-clients-manager.js',
		),
	);
	if (Container.has(SSHClientsManager))
		clearInterval(Container.get(SSHClientsManager).cleanupTimer);
}
