import { generateOrganization, startSandbox } from '@huma-integrations/huma-sandbox';
import { sandboxWithApi } from './api';

const { sandbox, api } = sandboxWithApi();

describe('faults', () => {
	it('rate limits with Retry-After', async () => {
		sandbox().sandbox.setFaults({ rateLimit: { requests: 2, windowMs: 60_000 } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push(await api('GET', '/users/me'));
		expect(statuses.map((s) => s.status)).toEqual([200, 200, 429, 429]);
		expect(Number(statuses[2].headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('injects errors at a seeded rate, resets, malformed bodies and latency', async () => {
		sandbox().sandbox.setFaults({ errorRate: 0.5 });
		const statuses = [];
		for (let i = 0; i < 40; i++) statuses.push((await api('GET', '/users/me')).status);
		const errors = statuses.filter((s) => s >= 500).length;
		expect(errors).toBeGreaterThan(8);
		expect(errors).toBeLessThan(32);
		expect(statuses.every((s) => [200, 500, 502, 503].includes(s))).toBe(true);

		sandbox().sandbox.setFaults({ resetRate: 1 });
		await expect(api('GET', '/users/me')).rejects.toThrow();
		sandbox().sandbox.setFaults({ malformedRate: 1 });
		await expect(api('GET', '/users/me')).rejects.toThrow(SyntaxError);
		sandbox().sandbox.setFaults({ latencyMs: 120 });
		const start = Date.now();
		await api('GET', '/users/me');
		expect(Date.now() - start).toBeGreaterThanOrEqual(110);
	});

	it('is deterministic under a seed', async () => {
		const run = async () => {
			const s = await startSandbox({ users: 5, seed: 99, faults: { errorRate: 0.3 } });
			const t = (
				await (
					await fetch(`${s.url}/auth/oauth/token`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({
							grant_type: 'client_credentials',
							client_id: s.credentials.clientId,
							client_secret: s.credentials.clientSecret,
						}),
					})
				).json()
			).access_token;
			const out = [];
			for (let i = 0; i < 20; i++)
				out.push(
					(await fetch(`${s.url}/users/me`, { headers: { authorization: `Bearer ${t}` } })).status,
				);
			await s.close();
			return out;
		};
		const first = await run();
		expect(await run()).toEqual(first);
		expect(generateOrganization({ users: 30, seed: 5 }).users.size).toBe(30);
		expect([...generateOrganization({ users: 30, seed: 5 }).users.keys()]).toEqual([
			...generateOrganization({ users: 30, seed: 5 }).users.keys(),
		]);
	});
});
