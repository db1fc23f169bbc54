import {
	getOperation,
	HumaValidationError,
	prepareRequest,
	type OperationName,
	type PreparedRequest,
} from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, counters } = useClientSandbox();

describe('validation before sending', () => {
	const cases: [string, OperationName, Record<string, unknown>, string][] = [
		['a missing path parameter', 'user.get', {}, 'id is required'],
		['a missing body', 'user.create', {}, 'body is required'],
		[
			'missing required body fields',
			'user.create',
			{ body: { givenName: 'A' } },
			'body.email is required; body.familyName is required; body.groups is required',
		],
		[
			'a wrong type',
			'user.list',
			{ isActive: 'maybe' },
			'isActive must be true or false (got "maybe")',
		],
		['a bad uuid', 'jobTitle.get', { id: 'not-a-uuid' }, 'id must be a UUID'],
		[
			'a bad date',
			'holiday.list',
			{ countryCode: 'NO', fromDate: '2025-02-30', toDate: '2025-12-31' },
			'fromDate must be a date in YYYY-MM-DD form (got "2025-02-30")',
		],
		[
			'a bad enum',
			'user.list',
			{ orderDirection: 'UP' },
			'orderDirection must be one of ASC, DESC (got "UP")',
		],
		[
			'a too long string',
			'jobTitle.create',
			{ body: { name: 'x'.repeat(256) } },
			'body.name must be at most 255 characters (got 256)',
		],
		['limit over 50', 'user.list', { limit: 51 }, 'limit must be at most 50 (got 51)'],
		[
			'more than 25 ids',
			'user.list',
			{
				team: Array.from(
					{ length: 26 },
					(_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				),
			},
			'team must have at most 25 items (got 26)',
		],
		[
			'a number out of range',
			'position.create',
			{
				userId: 'me',
				body: {
					contractStartDate: '2024-01-01',
					contractType: 'Permanent',
					titleId: '00000000-0000-4000-8000-000000000000',
					percentage: 120,
				},
			},
			'body.percentage must be at most 100 (got 120)',
		],
		['an unknown parameter', 'user.list', { limt: 5 }, 'limt is not a parameter of user.list'],
		[
			'an unknown body field',
			'jobTitle.create',
			{ body: { name: 'A', titel: 'x' } },
			'body.titel is not a known field',
		],
		[
			'a group type',
			'group.create',
			{ body: { type: 'club', name: 'A' } },
			'body.type must be one of company, location, team (got "club")',
		],
		[
			'a bad country code',
			'holiday.list',
			{ countryCode: 'Norway', fromDate: '2025-01-01', toDate: '2025-01-02' },
			'countryCode must be a two-letter ISO 3166-1 country code',
		],
	];

	it.each(cases)(
		'rejects %s, naming the field, and sends nothing',
		async (_what, name, params, message) => {
			const { c } = client();
			const before = counters().requests;
			const error = await c.call(name, params as never).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(HumaValidationError);
			expect((error as Error).message).toContain(message);
			expect((error as Error).message).toContain('Nothing was sent to Huma');
			expect(counters().requests).toBe(before);
			await c.close();
		},
	);

	it('checks a batch with prepareRequest before sending any of it with send()', async () => {
		const { c } = client();
		const titles = [...sandbox().sandbox.store.jobTitles.values()].slice(0, 3);
		const before = counters().requests;
		const batch = [...titles.map((t) => ({ id: t.id })), { id: 'not-a-uuid' }];
		const checked = batch.map((params) => {
			try {
				return prepareRequest(getOperation('jobTitle.get'), params);
			} catch (error) {
				return error as HumaValidationError;
			}
		});
		expect(checked[3]).toBeInstanceOf(HumaValidationError);
		expect(counters().requests).toBe(before);
		const answers = await Promise.all(
			checked.slice(0, 3).map((prepared) => c.send(prepared as PreparedRequest)),
		);
		expect(answers.map((a) => (a as { id: string }).id)).toEqual(titles.map((t) => t.id));
		await c.close();
	});

	it('coerces text from no-code editors where unambiguous', async () => {
		const { c } = client();
		const page = await c.call('user.list', { limit: '2' as never, isActive: 'true' as never });
		expect(page.items).toHaveLength(2);
		await c.close();
	});
});
