import {
	createHumaClient,
	type CreateHumaClientOptions,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

/**
 * The sandbox the core's HTTP tests share (237 users, seed 7, faults cleared after each test),
 * started once per test file, with a client factory and the sandbox's request counters.
 */
export function useClientSandbox() {
	const sandbox = useSandbox({ users: 237, seed: 7 });
	afterEach(() => sandbox().sandbox.setFaults({}));

	/** A client with recorded, instant sleeps so retry tests run fast and can assert the delays. */
	function client(extra: Partial<CreateHumaClientOptions> = {}) {
		const sleeps: number[] = [];
		const c = createHumaClient({
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
			sleep: async (ms) => {
				sleeps.push(ms);
			},
			random: () => 0.5,
			// Each test's client learns its own limits: none is shared with the file's other tests.
			rateLimit: { key: false },
			...extra,
		});
		return { c, sleeps };
	}

	const counters = () => sandbox().sandbox.counters;
	const opCount = (name: string) => counters().byOperation[name] ?? 0;
	return { sandbox, client, counters, opCount };
}
