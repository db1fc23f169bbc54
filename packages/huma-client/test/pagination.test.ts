import { HumaClient } from '@huma-integrations/huma-client/node';
import { useClientSandbox } from './client-sandbox';

const { sandbox, client, opCount } = useClientSandbox();

describe('pagination', () => {
	it('yields every user once, in order, prefetching pages concurrently', async () => {
		const { c } = client();
		const sequential: string[] = [];
		for (let offset = 0; ; offset += 50) {
			const page = await c.users.list({ limit: 50, offset });
			sequential.push(...page.items.map((u) => u.id));
			if (offset + 50 >= page.total!) break;
		}
		const before = opCount('user.list');
		const pages: number[] = [];
		const ids: string[] = [];
		for await (const user of c.paginate(
			'user.list',
			{},
			{ concurrency: 3, onPage: (p) => pages.push(p.offset) },
		))
			ids.push(user.id);
		expect(ids).toEqual(sequential);
		expect(new Set(ids).size).toBe(sandbox().sandbox.store.users.size);
		expect(opCount('user.list') - before).toBe(Math.ceil(ids.length / 50));
		expect(pages).toEqual([0, 50, 100, 150, 200]);
		await c.close();
	});

	it('honours filters, maxItems and the smaller group page size', async () => {
		const { c } = client();
		const active = await c.listAll('user.list', { isActive: true });
		expect(active.every((u) => u.status.active)).toBe(true);
		expect(await c.listAll('user.list', {}, { maxItems: 73 })).toHaveLength(73);
		const before = opCount('group.list');
		const groups = await c.listAll('group.list', {}, { pageSize: 5 });
		expect(groups.length).toBe(sandbox().sandbox.store.groups.size);
		expect(opCount('group.list') - before).toBe(Math.ceil(groups.length / 5));
		await expect(c.listAll('group.list', {}, { pageSize: 30 })).rejects.toThrow(
			'limit must be at most 25',
		);
		await c.close();
	});

	it('raises a failed prefetched page when it is reached, after the pages before it', async () => {
		const { c } = client({ retry: { maxAttempts: 1 } });
		const ids: string[] = [];
		await c.users.list({ limit: 1 }); // token first, so the scripted fault hits a page
		sandbox().sandbox.script({ operation: 'user.list', after: 2, status: 500 });
		await expect(
			(async () => {
				for await (const u of c.paginate('user.list', {}, { concurrency: 4 })) ids.push(u.id);
			})(),
		).rejects.toMatchObject({ status: 500 });
		expect(ids).toHaveLength(100);
		await c.close();
	});

	it('walks page by page when an answer has no total, until a short page or maxItems', async () => {
		// A server that leaves out the total: the sandbox always sends one.
		const users = (count: number) =>
			Array.from({ length: count }, (_, i) => ({
				id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			}));
		const pagesOf = (all: { id: string }[]) => {
			const asked: number[] = [];
			const c = new HumaClient({
				baseUrl: 'http://127.0.0.1:9',
				sleep: jest.fn(),
				transport: {
					request: async (req) => {
						const query = new URL(req.url).searchParams;
						const offset = Number(query.get('offset'));
						asked.push(offset);
						return {
							status: 200,
							headers: {},
							body: '',
							json: { items: all.slice(offset, offset + Number(query.get('limit'))) },
						};
					},
				},
			});
			return { c, asked };
		};
		const twelve = pagesOf(users(12));
		const pages: { offset: number; count: number; total: number }[] = [];
		const ids: string[] = [];
		for await (const user of twelve.c.paginate(
			'user.list',
			{},
			{ pageSize: 5, concurrency: 4, onPage: (p) => pages.push(p) },
		))
			ids.push(user.id);
		expect(ids).toEqual(users(12).map((u) => u.id));
		expect(pages).toEqual([
			{ offset: 0, count: 5, total: -1 },
			{ offset: 5, count: 5, total: -1 },
			{ offset: 10, count: 2, total: -1 },
		]);
		expect(twelve.asked).toEqual([0, 5, 10]);
		// Full pages to the end: an empty page says there is no more.
		const ten = pagesOf(users(10));
		expect(await ten.c.listAll('user.list', {}, { pageSize: 5 })).toHaveLength(10);
		expect(ten.asked).toEqual([0, 5, 10]);
		const capped = pagesOf(users(12));
		expect(await capped.c.listAll('user.list', {}, { pageSize: 5, maxItems: 7 })).toEqual(users(7));
		expect(capped.asked).toEqual([0, 5]);
	});
});
