import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getOperation, recordName } from '@huma-integrations/huma-client';
import { humaClient } from '../transport';

/** The largest page the spec allows for a list: one page per search request. */
const pageSize = (name: string) => getOperation(name).paged?.maxLimit ?? undefined;

/** One page of a paged list as search results; the token is the next page's offset. */
function searchResults<T>(
	page: { total?: number; items: T[] },
	offset: number,
	toResult: (item: T) => INodeListSearchItems,
): INodeListSearchResult {
	const next = offset + page.items.length;
	return {
		results: page.items.map(toResult),
		paginationToken: page.total !== undefined && next < page.total ? String(next) : undefined,
	};
}

async function groupOptions(
	ctx: ILoadOptionsFunctions,
	type?: 'team' | 'location' | 'company',
): Promise<INodePropertyOptions[]> {
	const client = await humaClient(ctx);
	const groups = await client.listAll('group.list', type ? { type: [type] } : {});
	return groups
		.map((g) => ({ name: recordName(type ?? 'group', g), value: g.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
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
		return titles.map((t) => ({ name: recordName('jobTitle', t), value: t.id }));
	},
};

export const listSearch = {
	async searchUsers(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const client = await humaClient(this);
		const offset = Number(paginationToken ?? 0);
		const page = await client.users.list({
			search: filter || undefined,
			limit: pageSize('user.list'),
			offset,
		});
		return searchResults(page, offset, (u) => ({ name: recordName('user', u), value: u.id }));
	},
	async searchGroups(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const client = await humaClient(this);
		const offset = Number(paginationToken ?? 0);
		const page = await client.groups.list({
			search: filter || undefined,
			limit: pageSize('group.list'),
			offset,
		});
		return searchResults(page, offset, (g) => ({ name: recordName('group', g), value: g.id }));
	},
	async searchJobTitles(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const client = await humaClient(this);
		const titles = await client.jobTitles.list({ search: filter || undefined });
		return { results: titles.map((t) => ({ name: recordName('jobTitle', t), value: t.id })) };
	},
};
export { resourceMapping } from './resourceMapping';
