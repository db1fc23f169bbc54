import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { executeHuma } from './actions/execute';
import { listSearch, loadOptions, resourceMapping } from './methods';
import { resourceProperties, resourceProperty, subtitle } from './resources/index.generated';
import { requestOptionsProperty } from './shared/requestOptions';

export class Huma implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huma',
		name: 'huma',
		icon: { light: 'file:huma.svg', dark: 'file:huma.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Read and update people data in Huma HR: users, groups, job titles, positions, holidays and more',
		defaults: { name: 'Huma' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'humaApi', required: true }],
		properties: [resourceProperty, ...resourceProperties, requestOptionsProperty],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeHuma.call(this);
	}
}
