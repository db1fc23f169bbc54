import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	DEFAULT_WATCH_EVENTS,
	parseWatchEvents,
	pollHuma,
	WATCH_EVENT_WORDS,
	WATCH_EVENTS,
	type WatchState,
} from '@huma-integrations/huma-client';
import { toNodeError } from '../Huma/actions/execute';
import { humaClient } from '../Huma/transport';

/** Sample events *Fetch Test Event* shows at most. */
const SAMPLE_EVENTS = 5;

export class HumaPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huma Polling Trigger',
		name: 'humaPollingTrigger',
		icon: { light: 'file:../Huma/huma.svg', dark: 'file:../Huma/huma.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when people join, change, leave or have a work anniversary in Huma, by polling the Open API',
		defaults: { name: 'Huma Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'humaApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...DEFAULT_WATCH_EVENTS],
				description:
					'The first poll only notes the current state; later polls emit what changed since the previous one',
				// The core's events, in its words, sorted by name as n8n lists options.
				options: WATCH_EVENTS.map((value) => ({
					name: WATCH_EVENT_WORDS[value].label,
					value,
					...(WATCH_EVENT_WORDS[value].description
						? { description: WATCH_EVENT_WORDS[value].description }
						: {}),
				})).sort((a, b) => a.name.localeCompare(b.name)),
			},
			{
				displayName: 'Days Ahead',
				name: 'anniversaryDaysAhead',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 365 },
				default: 7,
				description: 'How many days before a work anniversary to announce it (0: on the day)',
				displayOptions: { show: { events: ['workAnniversary'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Current State on First Poll',
						name: 'emitCurrent',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll emits every current user (and anniversary) instead of only setting the baseline',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = parseWatchEvents(this.getNodeParameter('events', []), 'Events');
		const daysAhead = this.getNodeParameter('anniversaryDaysAhead', 7) as number;
		const emitCurrent = this.getNodeParameter('options.emitCurrent', false) as boolean;
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const now = new Date();
		const client = await humaClient(this);
		try {
			if (manual) {
				// Fetch Test Event: a few events from the current state; the saved state is left alone.
				const sample = await pollHuma(client, undefined, {
					events,
					anniversaryDaysAhead: daysAhead,
					emitCurrent: true,
					today: now.toISOString().slice(0, 10),
					now: now.toISOString(),
				});
				const items = sample.events.slice(0, SAMPLE_EVENTS);
				return items.length
					? [this.helpers.returnJsonArray(items as unknown as IDataObject[])]
					: null;
			}
			const result = await pollHuma(client, staticData.watch as WatchState | undefined, {
				events,
				anniversaryDaysAhead: daysAhead,
				emitCurrent,
				today: now.toISOString().slice(0, 10),
				now: now.toISOString(),
			});
			// Saved only after a whole successful poll: a failed one keeps the previous state.
			staticData.watch = result.state as unknown as IDataObject;
			return result.events.length
				? [this.helpers.returnJsonArray(result.events as unknown as IDataObject[])]
				: null;
		} catch (error) {
			throw toNodeError(this, error);
		}
	}
}
