import { createHmac, randomBytes } from 'node:crypto';
import {
	createHumaClient,
	detectAnniversaries,
	detectUserChanges,
	HumaApiError,
	pollHuma,
	watchedUserIds,
	signWebhookBody,
	verifyWebhook,
	verifyWebhookSignature,
	webhookEvents,
	type WatchState,
} from '@huma-integrations/huma-client/node';
import { useSandbox } from '../../../test/helpers/sandbox';

const secret = 'webhook-secret-123';
const body = JSON.stringify({
	topic: 'users-create',
	users: [{ id: 'a1', email: 'a@x.io', givenName: 'Ada', favouriteColour: 'teal' }],
});
const signed = (text: string, enc: 'hex' | 'base64' = 'hex') => ({
	'huma-hmac-sha256': createHmac('sha256', secret).update(text).digest(enc),
	'huma-topic': 'users-create',
});

describe('webhook verification', () => {
	it('accepts a body signed in hex or base64 and keeps unknown fields', () => {
		for (const enc of ['hex', 'base64'] as const) {
			const result = verifyWebhook(
				{ headers: signed(body, enc), body: Buffer.from(body) },
				{ secret },
			);
			expect(result).toMatchObject({ ok: true, delivery: { topic: 'users-create' } });
			if (result.ok) expect(result.delivery.users[0].favouriteColour).toBe('teal');
		}
	});

	it('agrees with node:crypto on random bodies and secrets', () => {
		for (let i = 0; i < 50; i++) {
			const key = randomBytes(1 + (i % 40)).toString('hex');
			const raw = randomBytes(i * 13);
			expect(signWebhookBody(key, raw)).toBe(createHmac('sha256', key).update(raw).digest('hex'));
			expect(
				verifyWebhookSignature(key, raw, createHmac('sha256', key).update(raw).digest('base64')),
			).toBe(true);
			expect(
				verifyWebhookSignature(key + 'x', raw, createHmac('sha256', key).update(raw).digest('hex')),
			).toBe(false);
		}
	});

	it('refuses unsigned, tampered and wrongly keyed deliveries with 401', () => {
		const unsigned = verifyWebhook({ headers: { 'huma-topic': 'users-create' }, body }, { secret });
		expect(unsigned).toEqual({
			ok: false,
			status: 401,
			reason: 'The delivery has no huma-hmac-sha256 signature',
		});
		const tampered = verifyWebhook(
			{ headers: signed(body), body: body.replace('Ada', 'Eve') },
			{ secret },
		);
		expect(tampered).toMatchObject({ ok: false, status: 401 });
		const otherKey = verifyWebhook({ headers: signed(body), body }, { secret: 'another-secret' });
		expect(otherKey).toMatchObject({ ok: false, status: 401 });
		const garbage = verifyWebhook(
			{ headers: { 'huma-hmac-sha256': 'not-a-signature' }, body },
			{ secret },
		);
		expect(garbage).toMatchObject({ ok: false, status: 401 });
	});

	it('checks the bearer token in constant time; a stale token gets 401', () => {
		const ok = verifyWebhook(
			{ headers: { authorization: 'Bearer tok-1', 'huma-topic': 'users-create' }, body },
			{ token: 'tok-1' },
		);
		expect(ok.ok).toBe(true);
		const stale = verifyWebhook(
			{ headers: { authorization: 'Bearer tok-0' }, body },
			{ token: 'tok-1' },
		);
		expect(stale).toMatchObject({ ok: false, status: 401 });
		const both = verifyWebhook(
			{ headers: { ...signed(body), authorization: 'Bearer tok-1' }, body },
			{ token: 'tok-1', secret },
		);
		expect(both.ok).toBe(true);
		const signatureOnly = verifyWebhook(
			{ headers: signed(body), body },
			{ token: 'tok-1', secret },
		);
		expect(signatureOnly).toMatchObject({ ok: false, status: 401 });
	});

	it('refuses oversized (413) and non-JSON (400) deliveries, and needs a secret or a token', () => {
		const big = JSON.stringify({ topic: 'users-export', users: [], pad: 'x'.repeat(2000) });
		expect(
			verifyWebhook({ headers: signed(big), body: big }, { secret }, { maxBytes: 1000 }),
		).toMatchObject({ ok: false, status: 413 });
		expect(
			verifyWebhook({ headers: signed('not json'), body: 'not json' }, { secret }),
		).toMatchObject({ ok: false, status: 400 });
		const mismatch = verifyWebhook(
			{ headers: { ...signed(body), 'huma-topic': 'users-delete' }, body },
			{ secret },
		);
		expect(mismatch).toMatchObject({ ok: false, status: 400 });
		expect(() => verifyWebhook({ headers: {}, body }, {})).toThrow(
			'client secret or its access token',
		);
	});

	it('passes unknown topics through and splits per user or per delivery', () => {
		const teamBody = JSON.stringify({ topic: 'teams-update', team: { id: 't1', name: 'Ops' } });
		const team = verifyWebhook(
			{ headers: { 'huma-hmac-sha256': signWebhookBody(secret, teamBody) }, body: teamBody },
			{ secret },
		);
		expect(team.ok && webhookEvents(team.delivery)).toEqual([
			{
				event: 'teams-update',
				topic: 'teams-update',
				source: 'webhook',
				delivery: { topic: 'teams-update', team: { id: 't1', name: 'Ops' } },
			},
		]);
		const two = JSON.stringify({
			topic: 'users-update',
			users: [
				{ id: 'u1', email: 'a@x' },
				{ id: 'u2', email: 'b@x' },
			],
		});
		const result = verifyWebhook(
			{ headers: { 'huma-hmac-sha256': signWebhookBody(secret, two, 'base64') }, body: two },
			{ secret },
		);
		if (!result.ok) throw new Error(result.reason);
		expect(webhookEvents(result.delivery).map((e) => [e.event, e.userId])).toEqual([
			['userChanged', 'u1'],
			['userChanged', 'u2'],
		]);
		expect(webhookEvents(result.delivery, 'delivery')).toHaveLength(1);
	});
});

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const user = (n: number, extra: Record<string, unknown> = {}) => ({
	id: uuid(n),
	givenName: `Given${n}`,
	familyName: `Family${n}`,
	email: `u${n}@example.com`,
	jobTitles: [{ id: uuid(9000 + (n % 7)), name: `Title ${n % 7}` }],
	teams: [
		{ id: uuid(8000), name: 'A', type: 'team' },
		{ id: uuid(8001), name: 'B', type: 'team' },
	],
	type: 'user',
	status: { active: true },
	...extra,
});

describe('change detection', () => {
	const base = [user(1), user(2), user(3), user(4)];

	it('sets a baseline on the first poll and emits nothing, unless asked for the current state', () => {
		expect(detectUserChanges(undefined, base).events).toEqual([]);
		const current = detectUserChanges(undefined, base, { emitCurrent: true }).events;
		expect(current.map((e) => [e.event, e.userId, e.initial])).toEqual(
			base.map((u) => ['userAdded', u.id, true]),
		);
	});

	it('gives exactly the events of what changed between two polls', () => {
		const { state } = detectUserChanges(undefined, base);
		const next = [
			user(1, { givenName: 'Renamed', phone: '+47 1234' }),
			user(2, { status: { active: false } }),
			user(3, { teams: [...user(3).teams].reverse() }), // same teams, other order: no change
			user(5),
		];
		const { events, state: after } = detectUserChanges(state, next);
		expect(events).toEqual([
			{
				event: 'userChanged',
				source: 'poll',
				userId: uuid(1),
				user: next[0],
				changedFields: ['givenName', 'phone'],
				changes: { givenName: 'Renamed', phone: '+47 1234' },
			},
			{ event: 'userDeactivated', source: 'poll', userId: uuid(2), user: next[1] },
			{ event: 'userAdded', source: 'poll', userId: uuid(5), user: next[3] },
			{ event: 'userRemoved', source: 'poll', userId: uuid(4) },
		]);
		// Nothing new: nothing emitted twice.
		expect(detectUserChanges(after, next).events).toEqual([]);
		const reactivated = detectUserChanges(after, [
			...next.slice(0, 1),
			user(2),
			...next.slice(2),
		]).events;
		expect(reactivated.map((e) => e.event)).toEqual(['userReactivated']);
	});

	it('reports a change of a field it does not know by name', () => {
		const { state } = detectUserChanges(undefined, [user(1, { costCentre: 'A' })]);
		const { events } = detectUserChanges(state, [user(1, { costCentre: 'B' })]);
		expect(events).toMatchObject([
			{ event: 'userChanged', changedFields: ['costCentre'], changes: { costCentre: 'B' } },
		]);
	});

	it('keeps under 64 bytes of state per user and reads back every id', () => {
		const users = Array.from({ length: 10_000 }, (_, i) => user(i));
		const { state } = detectUserChanges(undefined, users);
		expect(JSON.stringify(state).length / users.length).toBeLessThan(64);
		expect(watchedUserIds(state)).toEqual(users.map((u) => u.id));
	});

	it('bounds the state and refuses a damaged one', () => {
		expect(() => detectUserChanges(undefined, base, { maxUsers: 3 })).toThrow(
			'more than the 3 users a watch keeps',
		);
		expect(() => detectUserChanges({ v: 1, packed: 'abc' }, base)).toThrow('damaged');
	});

	it('announces each anniversary once and forgets past ones', () => {
		const jubilee = (id: number, date: string) => ({
			type: 'work_anniversary',
			date,
			originalDate: '2020-01-01',
			years: 3,
			public: true,
			user: { id: uuid(id) },
		});
		const first = detectAnniversaries(undefined, [jubilee(1, '2026-03-02')], {
			fromDate: '2026-03-01',
		});
		expect(first.events).toEqual([]);
		const second = detectAnniversaries(
			first.state,
			[jubilee(1, '2026-03-02'), jubilee(2, '2026-03-05')],
			{ fromDate: '2026-03-01' },
		);
		expect(second.events.map((e) => e.userId)).toEqual([uuid(2)]);
		const later = detectAnniversaries(second.state, [jubilee(2, '2026-03-05')], {
			fromDate: '2026-03-04',
		});
		expect(later.events).toEqual([]);
		expect(later.state).toEqual([`${uuid(2)}|work_anniversary|2026-03-05`]);
	});
});

describe('pollHuma against the sandbox', () => {
	const sandbox = useSandbox({ users: 60, seed: 3 });
	const client = () =>
		createHumaClient({
			baseUrl: sandbox().url,
			credentials: sandbox().credentials,
			sleep: async () => undefined,
		});

	it('finds a user created, changed and deactivated between two polls, and a failed poll changes nothing', async () => {
		const huma = client();
		const options = {
			events: ['userAdded', 'userChanged', 'userDeactivated', 'userRemoved'] as const,
			today: '2026-01-10',
		};
		const first = await pollHuma(huma, undefined, { ...options, events: [...options.events] });
		expect(first).toMatchObject({ events: [], baseline: true });
		const someone = [...sandbox().sandbox.store.users.values()][5];
		const leaver = [...sandbox().sandbox.store.users.values()][6];
		const created = await huma.users.create({
			body: {
				givenName: 'New',
				familyName: 'Starter',
				email: 'new.starter@example.com',
				groups: [],
			},
		} as never);
		await huma.users.update({ id: someone.id, body: { familyName: 'Changed' } } as never);
		leaver.active = false;
		const second = await pollHuma(huma, first.state, { ...options, events: [...options.events] });
		expect(second.events.map((e) => [e.event, e.userId]).sort()).toEqual([
			['userAdded', (created as { id: string }).id],
			['userChanged', someone.id],
			['userDeactivated', leaver.id],
		]);
		sandbox().sandbox.script({ operation: 'user.list', status: 500 });
		await expect(
			pollHuma(huma, second.state, { ...options, events: [...options.events] }),
		).rejects.toBeInstanceOf(HumaApiError);
		// The caller kept the previous state: the next poll finds nothing new, no false events.
		const third = await pollHuma(huma, second.state as WatchState, {
			...options,
			events: [...options.events],
		});
		expect(third.events).toEqual([]);
		expect(third.state.users).toEqual(second.state.users);
		await huma.close();
	});
});
