// Operations made of several calls (issue #20), not one catalogue operation each: their words
// here, their fields in upsert.ts and findByEmail.ts, their run in execute.ts. The generator
// (scripts/generate-n8n.mjs) lists them in their resource's Operation options next to the
// catalogue's, so the node, its tool variant and docs/operations.md describe them alike.
// The core's COMPOSITE_OPERATIONS own what each is built from; this adds n8n's words.
// No n8n-workflow import: the generator bundles this file to read it.

export interface CompositeOperation {
	resource: 'user';
	/** The operation value: a public identifier, never renamed. */
	value: 'upsert' | 'findByEmail';
	name: string;
	/** Also what an AI agent reads of the tool variant: it says what to pass and what comes back. */
	description: string;
	action: string;
	/** The module under nodes/Huma/composite/ with the operation's fields. */
	module: string;
	/** The core's composite operation it runs (COMPOSITE_OPERATIONS). */
	core: 'user.upsert' | 'user.findByEmail';
}

export const N8N_COMPOSITE_OPERATIONS: CompositeOperation[] = [
	{
		resource: 'user',
		value: 'upsert',
		name: 'Create or Update',
		description:
			'Create the users that do not exist yet and update those that do, from one row per input item, matched by e-mail, employment ID or ID; unchanged users are not written. One output item per row, with its action (created, updated, unchanged, failed) and changes.',
		action: 'Create or update users',
		module: 'upsert',
		core: 'user.upsert',
	},
	{
		resource: 'user',
		value: 'findByEmail',
		name: 'Find by E-Mail',
		description:
			'Find the user with an e-mail address (compared without case); outputs the user, or nothing when Return Nothing if Not Found is on and no user has it',
		action: 'Find a user by e-mail',
		module: 'findByEmail',
		core: 'user.findByEmail',
	},
];

export const isComposite = (resource: string, operation: string) =>
	N8N_COMPOSITE_OPERATIONS.some((o) => o.resource === resource && o.value === operation);
