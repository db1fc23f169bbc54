import {
	startSandbox,
	type RunningSandbox,
	type SandboxOptions,
} from '@huma-integrations/huma-sandbox';

/** A strict sandbox for one test file; fails the file if any answer broke the spec. */
export function useSandbox(options: SandboxOptions = {}): () => RunningSandbox {
	let running: RunningSandbox | undefined;
	beforeAll(async () => {
		running = await startSandbox({ strict: true, ...options });
	});
	afterAll(async () => {
		const violations = running?.sandbox.violations ?? [];
		await running?.close();
		expect(violations).toEqual([]);
	});
	return () => {
		if (!running) throw new Error('sandbox not started');
		return running;
	};
}
