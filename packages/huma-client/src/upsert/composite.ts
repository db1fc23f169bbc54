// Operations the catalogue does not have because Huma has no endpoint for them: each is built
// from the API calls listed here. Docs (docs/operations.md) and editors say so.
import type { OperationName } from '../request';

export interface CompositeOperation {
	/** Its name, in the catalogue's style. */
	name: string;
	/** The core's function. */
	function: string;
	summary: string;
	/** The catalogue operations it is built from. */
	builtFrom: readonly OperationName[];
	/** What it costs in requests. */
	cost: string;
}

export const COMPOSITE_OPERATIONS: readonly CompositeOperation[] = [
	{
		name: 'user.upsert',
		function: 'upsertUsers',
		summary:
			'Create or update people from rows: matched by e-mail, employment ID or user id, compared with Huma, only what differs written',
		builtFrom: [
			'user.list',
			'user.get',
			'user.create',
			'user.update',
			'user.addToGroups',
			'user.removeFromGroups',
			'group.list',
		],
		cost: "one search per row, or one list of all users when that is cheaper; details only for fields the list lacks (every user's when matching by employment ID); per changed user one PATCH (and one call per group change), per new user one create (and one PATCH for the fields create does not take), nothing for an unchanged one",
	},
	{
		name: 'user.findByEmail',
		function: 'findUserByEmail',
		summary: 'Find the one user with an e-mail, exactly and in any case',
		builtFrom: ['user.list'],
		cost: 'one search',
	},
];
