// jobTitle.*
import { invalidFields, notFound } from '../errors';
import { ok, type Handler, type HandlerContext, type OperationsOf } from './context';

function jobTitleOr404(ctx: HandlerContext) {
	const id = String(ctx.params.id);
	const title = ctx.store.jobTitles.get(id);
	if (!title) throw notFound('JobTitle', id);
	return title;
}

export const jobTitleHandlers = {
	'jobTitle.list': (ctx) => {
		const search = typeof ctx.params.search === 'string' ? ctx.params.search.toLowerCase() : '';
		return ok(
			[...ctx.store.jobTitles.values()]
				.filter((t) => !search || t.name.toLowerCase().includes(search))
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((t) => ({ id: t.id, name: t.name })),
		);
	},
	'jobTitle.create': (ctx) => {
		const b = ctx.body as { name: string; description?: string };
		if (!b.name.trim()) throw invalidFields(['name']);
		if (
			[...ctx.store.jobTitles.values()].some(
				(t) => t.name.toLowerCase() === b.name.trim().toLowerCase(),
			)
		) {
			throw invalidFields(['name'], 'A job title with this name already exists');
		}
		const title = {
			id: ctx.newId(),
			name: b.name.trim(),
			...(b.description ? { description: b.description } : {}),
		};
		ctx.store.jobTitles.set(title.id, title);
		return ok(title);
	},
	'jobTitle.get': (ctx) => ok(jobTitleOr404(ctx)),
	'jobTitle.update': (ctx) => {
		const title = jobTitleOr404(ctx);
		const b = ctx.body as { name?: string; description?: string };
		if (b.name !== undefined) {
			if (!b.name.trim()) throw invalidFields(['name']);
			title.name = b.name.trim();
		}
		if (b.description !== undefined) title.description = b.description;
		return ok(title);
	},
} satisfies { [N in OperationsOf<'jobTitle'>]: Handler };
