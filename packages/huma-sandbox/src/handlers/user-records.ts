// A user's children, emergency contacts and identifications: records with the same create, update and delete.
import { invalidFields, notFound } from '../errors';
import { today } from '../store';
import { ok, userOr404, type Handler, type HandlerContext, type OperationsOf } from './context';

function childLike<K extends 'children' | 'emergencyContacts' | 'identifications'>(
	key: K,
	type: string,
): { create: Handler; update: Handler; remove: Handler } {
	const find = (ctx: HandlerContext) => {
		const user = userOr404(ctx, ctx.params.userId);
		const list = user[key] as { id: string }[];
		const index = list.findIndex((e) => e.id === String(ctx.params.id));
		if (index === -1) throw notFound(type, String(ctx.params.id));
		return { list, index };
	};
	const check = (b: Record<string, unknown>) => {
		if (key === 'children' && b.birthDate !== undefined && String(b.birthDate) > today()) {
			throw invalidFields(['birthDate'], 'birthDate can be Past or Present only');
		}
	};
	return {
		create: (ctx) => {
			const user = userOr404(ctx, ctx.params.userId);
			const b = ctx.body as Record<string, unknown>;
			check(b);
			const entry = { id: ctx.newId(), ...b };
			(user[key] as unknown[]).push(entry);
			return ok(entry);
		},
		update: (ctx) => {
			const { list, index } = find(ctx);
			const b = ctx.body as Record<string, unknown>;
			check(b);
			list[index] = { id: list[index].id, ...b };
			return ok(list[index]);
		},
		remove: (ctx) => {
			const { list, index } = find(ctx);
			list.splice(index, 1);
			return ok();
		},
	};
}

const children = childLike('children', 'UserChild');
const emergency = childLike('emergencyContacts', 'UserEmergencyContact');
const identifications = childLike('identifications', 'UserIdentification');

export const userRecordHandlers = {
	'userChild.create': children.create,
	'userChild.update': children.update,
	'userChild.delete': children.remove,
	'userEmergencyContact.create': emergency.create,
	'userEmergencyContact.update': emergency.update,
	'userEmergencyContact.delete': emergency.remove,
	'userIdentification.create': identifications.create,
	'userIdentification.update': identifications.update,
	'userIdentification.delete': identifications.remove,
} satisfies {
	[N in OperationsOf<'userChild' | 'userEmergencyContact' | 'userIdentification'>]: Handler;
};
