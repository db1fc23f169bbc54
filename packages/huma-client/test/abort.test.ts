// Abort and time limits end as HumaConnectionError, never a TypeError.
import { HumaConnectionError, sleep as realSleep } from '@huma-integrations/huma-client/node';
import { useHardeningSandbox, caught } from './hardening-helpers';

const { sandbox, client } = useHardeningSandbox();

describe('abort and time limits', () => {
	it('ends as a HumaConnectionError for abort() and AbortSignal.timeout(), never a TypeError', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		sandbox().sandbox.setFaults({ latencyMs: 5_000 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 20);
		const aborted = await caught(c.users.get({ id: 'me' }, { signal: controller.signal }));
		const timedOut = await caught(c.users.get({ id: 'me' }, { signal: AbortSignal.timeout(20) }));
		sandbox().sandbox.setFaults({});
		expect(aborted).toBeInstanceOf(HumaConnectionError);
		expect(aborted).toMatchObject({ code: 'ABORTED' });
		expect(timedOut).toBeInstanceOf(HumaConnectionError);
		expect(timedOut).toMatchObject({ code: 'TIMEOUT' });
		expect((timedOut as Error).message).toContain('timed out');
		await c.close();
	});

	it('ends as a HumaConnectionError when aborted during a retry back-off', async () => {
		const controller = new AbortController();
		const c = client({
			// The abort lands exactly while the client waits before its retry.
			sleep: (ms, signal) => {
				controller.abort();
				return realSleep(ms, signal);
			},
		});
		await c.users.get({ id: 'me' });
		sandbox().sandbox.script({ operation: 'user.get', status: 503 });
		const error = await caught(c.users.get({ id: 'me' }, { signal: controller.signal }));
		expect(error).toBeInstanceOf(HumaConnectionError);
		expect(error).toMatchObject({ code: 'ABORTED', operation: 'user.get' });
		await c.close();
	});
});
