import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deadlineMsOf, DEFAULT_DEADLINE_SECONDS } from '@huma-integrations/huma-client';
import { N8N_COMPOSITE_OPERATIONS } from '../composite/operations';

/** Settings of how each call is made, shown for every operation. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	description: 'How each call to Huma is made: a time limit for the whole call, retries included',
	default: {},
	// The operations made of several calls take no per-call deadline: n8n's execution timeout bounds them.
	displayOptions: { hide: { operation: N8N_COMPOSITE_OPERATIONS.map((o) => o.value) } },
	options: [
		{
			displayName: 'Deadline (Seconds)',
			name: 'deadline',
			type: 'number',
			default: DEFAULT_DEADLINE_SECONDS,
			typeOptions: { minValue: 0 },
			description:
				'Longest time one call to Huma may take, retries, back-off and rate-limit waits included (for Return All: each page). 0 for none.',
		},
	],
};

/** The item's deadline in ms, or undefined when none is set (n8n's execution timeout bounds it then). */
export function deadlineOf(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter'>,
	itemIndex: number,
): number | undefined {
	return deadlineMsOf(ctx.getNodeParameter('requestOptions.deadline', itemIndex, ''));
}
