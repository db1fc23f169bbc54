import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** The fields of User → Find by E-Mail. Names are public identifiers. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'The e-mail address of the user to find, compared without case',
	},
	{
		displayName: 'Return Nothing if Not Found',
		name: 'returnNothingIfNotFound',
		type: 'boolean',
		default: false,
		description:
			'Whether to output no item when no user has the e-mail; otherwise that is an error of the item',
	},
];

const displayOptions = { show: { resource: ['user'], operation: ['findByEmail'] } };

export const description = updateDisplayOptions(displayOptions, properties);
