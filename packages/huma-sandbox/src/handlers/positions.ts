// position.*: a user's employment positions.
import { invalidFields, notFound } from '../errors';
import type { PositionData, UserData } from '../store';
import { positionSummaryView, positionView } from '../views';
import {
	ok,
	page,
	userOr404,
	type Handler,
	type HandlerContext,
	type OperationsOf,
} from './context';

function positionOr404(ctx: HandlerContext): { user: UserData; position: PositionData } {
	const user = userOr404(ctx, ctx.params.userId);
	const id = String(ctx.params.id);
	const position = user.positions.find((p) => p.id === id);
	if (!position) throw notFound('Position', id);
	return { user, position };
}

const POSITION_FIELDS = [
	'contractStartDate',
	'contractEndDate',
	'firstDayOfWork',
	'lastDayOfWork',
	'contractCountry',
	'contractType',
	'percentage',
	'probationEndDate',
	'titleId',
	'description',
	'note',
	'terminationNoticeDate',
	'endReason',
	'endNote',
	'wantedEnd',
] as const;

function applyPosition(
	ctx: HandlerContext,
	position: PositionData,
	b: Record<string, unknown>,
): void {
	if (b.titleId !== undefined && !ctx.store.jobTitles.has(String(b.titleId)))
		throw notFound('JobTitle', String(b.titleId));
	const next = { ...position } as Record<string, unknown>;
	for (const key of POSITION_FIELDS) if (b[key] !== undefined) next[key] = b[key];
	const merged = next as unknown as PositionData;
	if (merged.contractEndDate && merged.contractEndDate < merged.contractStartDate) {
		throw invalidFields(
			['contractEndDate'],
			'contractEndDate must not be before contractStartDate',
		);
	}
	Object.assign(position, merged);
}

export const positionHandlers = {
	'position.list': (ctx) => {
		const user = userOr404(ctx, ctx.params.userId);
		const sorted = [...user.positions].sort((a, b) =>
			b.contractStartDate.localeCompare(a.contractStartDate),
		);
		const result = page(sorted, ctx.params, sorted.length || 1);
		return ok({
			total: result.total,
			items: result.items.map((p) => positionSummaryView(ctx.store, p)),
		});
	},
	'position.create': (ctx) => {
		const user = userOr404(ctx, ctx.params.userId);
		const b = ctx.body as Record<string, unknown>;
		const position: PositionData = {
			id: ctx.newId(),
			titleId: '',
			contractStartDate: '',
			contractType: 'Permanent',
			percentage: 100,
		};
		applyPosition(ctx, position, b);
		user.positions.push(position);
		return ok(positionView(ctx.store, position));
	},
	'position.get': (ctx) => ok(positionView(ctx.store, positionOr404(ctx).position)),
	'position.update': (ctx) => {
		const { position } = positionOr404(ctx);
		applyPosition(ctx, position, ctx.body as Record<string, unknown>);
		return ok(positionView(ctx.store, position));
	},
	'position.delete': (ctx) => {
		const { user, position } = positionOr404(ctx);
		user.positions = user.positions.filter((p) => p !== position);
		return ok();
	},
} satisfies { [N in OperationsOf<'position'>]: Handler };
