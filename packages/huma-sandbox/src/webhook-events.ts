// Which of Huma's webhooks each change sends, and the profile they carry; webhooks.ts delivers them.
import { simplify, type OperationSpec } from '@huma-integrations/huma-client';
import type { Store, UserData } from './store';
import { userDetailsView } from './views';
import type { WebhookSender } from './webhooks';

/** The profile a webhook carries for a user: id, email, then field values; custom fields in exports only. */
export function webhookProfile(
	store: Store,
	u: UserData,
	withCustom = false,
): Record<string, unknown> {
	const profile = simplify<Record<string, unknown>>(userDetailsView(store, u));
	delete profile.bankAccount;
	delete profile.identifications;
	if (!withCustom) delete profile.custom;
	return { id: u.id, email: u.email, ...profile };
}

/** Huma's profile webhooks for API writes; group events under topic names that are the sandbox's guess. */
export function sendOperationWebhooks(
	webhooks: WebhookSender,
	store: Store,
	op: OperationSpec,
	pathParams: Record<string, string>,
	body: unknown,
): void {
	if (!webhooks.config) return;
	const userById = (id: string | undefined) =>
		id ? store.users.get(id === 'me' ? store.serviceUserId : id) : undefined;
	switch (op.name) {
		case 'user.create': {
			const u = userById((body as { id?: string } | undefined)?.id);
			if (u) webhooks.send('users-create', { users: [webhookProfile(store, u)] });
			return;
		}
		case 'user.update':
		case 'user.addToGroups':
		case 'user.removeFromGroups': {
			const u = userById(pathParams.id);
			if (u) webhooks.send('users-update', { users: [webhookProfile(store, u)] });
			if (u && op.name !== 'user.update') {
				webhooks.send(
					op.name === 'user.addToGroups' ? 'group-members-add' : 'group-members-remove',
					{
						users: [{ id: u.id, email: u.email }],
					},
				);
			}
			return;
		}
		case 'group.create':
		case 'group.update': {
			const group = body as { id?: string; type?: string } | undefined;
			const type = group?.type ?? store.groups.get(pathParams.id)?.type;
			if (type)
				webhooks.send(`${type}s-${op.action === 'create' ? 'create' : 'update'}`, {
					groups: [body],
				});
			return;
		}
		default:
	}
}

/** Removes a user (no Open API operation deletes one) and sends `users-delete`. */
export function deleteUser(webhooks: WebhookSender, store: Store, id: string): boolean {
	const u = store.users.get(id);
	if (!u) return false;
	store.users.delete(id);
	store.sortedUserIds = undefined;
	for (const other of store.users.values())
		if (other.supervisorId === id) other.supervisorId = undefined;
	webhooks.send('users-delete', { users: [{ id: u.id, email: u.email }] });
	return true;
}

/** Deactivates or reactivates a user (not an Open API operation) and sends `users-update`. */
export function setUserActive(
	webhooks: WebhookSender,
	store: Store,
	id: string,
	active: boolean,
): boolean {
	const u = store.users.get(id);
	if (!u) return false;
	u.active = active;
	webhooks.send('users-update', { users: [webhookProfile(store, u)] });
	return true;
}

/** Sends every profile as `users-export`, in deliveries of `batch` users (the batching is the sandbox's guess). */
export function exportUsers(webhooks: WebhookSender, store: Store, batch = 500): number {
	const users = [...store.users.values()];
	for (let i = 0; i < users.length; i += batch) {
		webhooks.send('users-export', {
			users: users.slice(i, i + batch).map((u) => webhookProfile(store, u, true)),
		});
	}
	return users.length;
}
