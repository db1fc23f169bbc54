// Operations made of several calls (issue #20), not one catalogue operation each: their words
// here, their fields in upsert.ts and findByEmail.ts, their run in execute.ts. The generator
// (scripts/build/generate-n8n.mjs) lists them in their resource's Operation options next to the
// catalogue's, so the node, its tool variant and docs/operations.md describe them alike.
// The core's COMPOSITE_OPERATIONS own what each is built from; this adds n8n's words.
// No n8n-workflow import: the generator bundles this file to read it.

export interface CompositeOperation {
	resource: 'user';
	/** The operation value: a public identifier, never renamed. */
	value: 'upsert' | 'findByEmail';
	name: string;
	/** Also what an AI agent reads of the tool variant, with the fields' descriptions. */
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
		// n8n's lint rules want these words for every upsert; the Columns field says the rest.
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		action: 'Create or update users',
		module: 'upsert',
		core: 'user.upsert',
	},
	{
		resource: 'user',
		value: 'findByEmail',
		name: 'Find by E-Mail',
		description:
			'Find the user with an e-mail address, compared without case. Returns the user, or no item when Return Nothing if Not Found is on and no user has it.',
		action: 'Find a user by email',
		module: 'findByEmail',
		core: 'user.findByEmail',
	},
];

export const isComposite = (resource: string, operation: string) =>
	N8N_COMPOSITE_OPERATIONS.some((o) => o.resource === resource && o.value === operation);
