// User ids: a UUID or the aliases the spec names, anything else refused before sending.
import { HumaValidationError } from '@huma-integrations/huma-client/node';
import { useHardeningSandbox, caught } from './hardening-helpers';

const { client, counters } = useHardeningSandbox();

describe('user ids', () => {
	it('takes a UUID or the aliases the spec names, and refuses anything else before sending', async () => {
		const c = client();
		const me = await c.users.get({ id: 'me' });
		expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
		await expect(c.users.get({ id: me.id! })).resolves.toMatchObject({ id: me.id });
		const none = await c.users.list({ supervisor: 'none', limit: 5 });
		expect(Array.isArray(none.items)).toBe(true);
		const before = counters().requests;
		const bad = await caught(c.users.get({ id: 'not-a-uuid' }));
		expect(bad).toBeInstanceOf(HumaValidationError);
		expect((bad as Error).message).toContain("id must be a user's UUID");
		const inList = await caught(c.users.list({ id: ['me', 'bob'] }));
		expect((inList as HumaValidationError).fields).toEqual(['id[1]']);
		const supervisor = await caught(c.users.list({ supervisor: 'nobody' }));
		expect((supervisor as Error).message).toContain('or "none" or "me" (got "nobody")');
		const userId = await caught(c.positions.list({ userId: 'bob' }));
		expect((userId as HumaValidationError).fields).toEqual(['userId']);
		expect(counters().requests).toBe(before);
		await c.close();
	});
});
