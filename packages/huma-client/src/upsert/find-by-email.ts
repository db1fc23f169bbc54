// user.findByEmail: the one user with this e-mail, exactly and in any case, from Huma's fuzzy search.
import type { HumaClient } from '../client';
import { HumaValidationError } from '../errors';
import { shown } from '../values';
import { HumaUserNotFoundError } from './errors';
import { searchByEmail } from './lookup';
import { isEmailAddress } from './rows';
import type { UserListItem } from './types';

/**
 * The Huma user whose e-mail is this one (trimmed, any case), as the user list answers it. One
 * search; its fuzzy hits are confirmed exactly. Throws HumaUserNotFoundError (code NOT_FOUND,
 * naming the e-mail) when none has it, unless `nothingIfNotFound`; AMBIGUOUS when two have it.
 */
export async function findUserByEmail(
	client: HumaClient,
	email: string,
	options: { signal?: AbortSignal; nothingIfNotFound?: boolean } = {},
): Promise<UserListItem | undefined> {
	if (typeof email !== 'string' || !email.trim())
		throw new HumaValidationError('user.findByEmail', [
			{ field: 'email', message: 'is required: the e-mail to find' },
		]);
	// The rows' rule: what cannot be an address is no user's, and is not sent as a search.
	if (!isEmailAddress(email.trim()))
		throw new HumaValidationError('user.findByEmail', [
			{
				field: 'email',
				message: `must be an e-mail address (name@example.com), got ${shown(email.trim())}`,
			},
		]);
	const found = await searchByEmail(client, email, options.signal);
	if (found.length > 1) throw new HumaUserNotFoundError(email.trim(), found.length);
	if (found.length === 1) return found[0];
	if (options.nothingIfNotFound) return undefined;
	throw new HumaUserNotFoundError(email.trim());
}
