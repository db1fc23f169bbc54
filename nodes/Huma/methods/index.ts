import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { humaClient } from '../transport';

async function groupOptions(ctx: ILoadOptionsFunctions, type?: 'team' | 'location' | 'company'): Promise<INodePropertyOptions[]> {
  const client = await humaClient(ctx);
  const groups = await client.listAll('group.list', type ? { type: [type] } : {});
  return groups.map((g) => ({ name: type ? g.name : `${g.name} (${g.type})`, value: g.id })).sort((a, b) => a.name.localeCompare(b.name));
}

export const loadOptions = {
  async getGroups(this: ILoadOptionsFunctions) {
    return groupOptions(this);
  },
  async getTeams(this: ILoadOptionsFunctions) {
    return groupOptions(this, 'team');
  },
  async getLocations(this: ILoadOptionsFunctions) {
    return groupOptions(this, 'location');
  },
  async getCompanies(this: ILoadOptionsFunctions) {
    return groupOptions(this, 'company');
  },
  async getJobTitles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    const client = await humaClient(this);
    const titles = await client.jobTitles.list({});
    return titles.map((t) => ({ name: t.name, value: t.id }));
  },
};

export const listSearch = {
  async searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
    const client = await humaClient(this);
    const offset = Number(paginationToken ?? 0);
    const page = await client.users.list({ search: filter || undefined, limit: 50, offset });
    const next = offset + page.items.length;
    return {
      results: page.items.map((u) => ({ name: `${u.givenName} ${u.familyName} (${u.email})`, value: u.id })),
      paginationToken: page.total !== undefined && next < page.total ? String(next) : undefined,
    };
  },
  async searchGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
    const client = await humaClient(this);
    const offset = Number(paginationToken ?? 0);
    const page = await client.groups.list({ search: filter || undefined, limit: 25, offset });
    const next = offset + page.items.length;
    return {
      results: page.items.map((g) => ({ name: `${g.name} (${g.type})`, value: g.id })),
      paginationToken: page.total !== undefined && next < page.total ? String(next) : undefined,
    };
  },
  async searchJobTitles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
    const client = await humaClient(this);
    const titles = await client.jobTitles.list({ search: filter || undefined });
    return { results: titles.map((t) => ({ name: t.name, value: t.id })) };
  },
};
