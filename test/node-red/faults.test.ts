// The Huma Node-RED nodes in the real Node-RED runtime against the fault proxy in front of the
// sandbox: lost answers retried, a trickling server ended at the config node's deadline.
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { useSandbox } from '../helpers/sandbox';
import { helper, humaNode, coreNode } from './setup';

const configNode = humaNode('huma-config');
const userNode = humaNode('huma-user');
const catchNode = coreNode('core/common/25-catch.js');

const sandbox = useSandbox({ users: 20, seed: 29 });
let proxy: FaultProxy;

beforeAll(async () => {
	proxy = await startFaultProxy(sandbox().url);
	await new Promise<void>((resolve) => helper.startServer(resolve));
});
afterAll(async () => {
	await new Promise<void>((resolve) => helper.stopServer(resolve));
	await proxy.close();
});
afterEach(() => helper.unload());

type Msg = Record<string, any>;

/** Deploys config (through the proxy) + user node + catch, sends one message, resolves with what came out or was caught. */
async function run(
	config: Record<string, unknown>,
	input: Msg,
): Promise<{ out?: Msg; caught?: Msg }> {
	await helper.load(
		[configNode, userNode, catchNode],
		[
			{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: proxy.url, ...config },
			{ id: 'n1', type: 'huma-user', huma: 'cfg', operation: 'get', wires: [['out']] },
			{ id: 'out', type: 'helper' },
			{ id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
			{ id: 'caught', type: 'helper' },
		],
		{ cfg: sandbox().credentials },
	);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('nothing came out')), 20_000);
		helper.getNode('out').on('input', (msg: Msg) => {
			clearTimeout(timer);
			resolve({ out: msg });
		});
		helper.getNode('caught').on('input', (msg: Msg) => {
			clearTimeout(timer);
			resolve({ caught: msg });
		});
		helper.getNode('n1').receive(input);
	});
}

describe('Huma nodes in Node-RED behind a faulty network', () => {
	it('retries a read whose answer was lost after Huma got it', async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		proxy.script({ fault: { kind: 'reset-after-forward' }, match: /^GET \/users\// });
		const { out, caught } = await run({}, { id });
		expect(caught).toBeUndefined();
		expect(out?.payload).toMatchObject({ id });
		expect(proxy.pending()).toBe(0);
	});

	it("ends a call to a trickling server at the config node's deadline; Catch sees a TIMEOUT naming it", async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		proxy.script({ fault: { kind: 'trickle', everyMs: 50 }, match: /^GET \/users\// });
		const { out, caught } = await run({ deadline: 1 }, { id });
		expect(out).toBeUndefined();
		expect(caught?.humaError).toMatchObject({
			name: 'HumaConnectionError',
			code: 'TIMEOUT',
			message: expect.stringContaining('deadline of 1 s'),
		});
		expect(proxy.pending()).toBe(0);
	});
});
