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
    for await (const user of c.paginate('user.list', {}, { concurrency: 3, onPage: (p) => pages.push(p.offset) })) ids.push(user.id);
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
    await expect(c.listAll('group.list', {}, { pageSize: 30 })).rejects.toThrow('limit must be at most 25');
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
});
