// The Request Options deadline in n8n's real execution engine, through the fault proxy.
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { useSandbox } from '../helpers/sandbox';
import { runHuma, stopEngineTimers, TestCredentialsHelper } from './harness';

const sandbox = useSandbox({ users: 20, seed: 23 });
let proxy: FaultProxy;
let credentials: TestCredentialsHelper;

beforeAll(async () => {
	proxy = await startFaultProxy(sandbox().url);
});
beforeEach(() => {
	credentials = new TestCredentialsHelper();
	credentials.store.set('cred-1', {
		environment: 'custom',
		baseUrl: proxy.url,
		...sandbox().credentials,
		accessToken: '',
	});
});
afterAll(async () => {
	stopEngineTimers();
	await proxy.close();
});

describe('Huma node deadline (Request Options)', () => {
	it('ends an item whose server trickles forever at its deadline, naming it', async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		proxy.script({ fault: { kind: 'trickle', everyMs: 50 }, match: /^GET \/users\// });
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id, requestOptions: { deadline: 1 } },
			[{}],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatchObject({
			name: 'HumaConnectionError',
			code: 'TIMEOUT',
			message: expect.stringContaining('deadline of 1 s'),
		});
		expect(proxy.pending()).toBe(0);
	});

	it('leaves calls without the option as they were', async () => {
		const id = sandbox().sandbox.store.serviceUserId;
		const { items, error } = await runHuma(
			credentials,
			{ resource: 'user', operation: 'get', id },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(id);
	});
});
