// auth.revoke through call(): the client's current token is revoked.
import { useHardeningSandbox } from './hardening-helpers';

const { client, counters } = useHardeningSandbox();

describe('auth.revoke through call()', () => {
	it("revokes the client's current token", async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		const tokensBefore = counters().tokenRequests;
		const unauthorizedBefore = counters().byStatus['401'] ?? 0;
		await expect(c.call('auth.revoke')).resolves.toBeUndefined();
		expect(counters().byStatus['401'] ?? 0).toBe(unauthorizedBefore);
		// The next call needs a new token: the old one is revoked.
		await c.users.get({ id: 'me' });
		expect(counters().tokenRequests).toBe(tokensBefore + 1);
		await c.close();
	});
});
