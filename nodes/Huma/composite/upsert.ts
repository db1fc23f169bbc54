import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** The fields of User → Create or Update. Option names are public identifiers. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description:
			"One row per input item: Huma's user fields (groups by name or ID, supervisor by e-mail or ID) and the organisation's custom fields (custom.&lt;key&gt;). The column to match on (e-mail, employment ID or ID) finds the existing user; a row no user matches creates one. Unchanged users are not written. Outputs one item per row with its action (created, updated, unchanged, wouldCreate, wouldUpdate, failed, skipped) and its changes.",
		typeOptions: {
			loadOptionsDependsOn: [],
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode: 'upsert',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
				matchingFieldsLabels: {
					title: 'Match On',
					description: 'The field that finds the existing user of a row',
					hint: 'E-mail, employment ID or Huma ID: a row whose value no user has creates one',
				},
			},
		},
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		description: 'How the rows are written: dry run, invitations, groups, what a failed row does',
		default: {},
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only say what would change (wouldCreate, wouldUpdate) without writing anything to Huma',
			},
			{
				displayName: 'Groups',
				name: 'groupsMode',
				type: 'options',
				default: 'addMissing',
				description: "How a row's groups apply to the user's groups",
				options: [
					{
						name: 'Add Missing',
						value: 'addMissing',
						description: "Add the user to the row's groups it is not in; never remove one",
					},
					{
						name: 'Exactly These',
						value: 'exactly',
						description:
							"Add the missing groups and remove the user from groups the row doesn't name",
					},
				],
			},
			{
				displayName: 'Invite Language',
				name: 'inviteLanguage',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description:
					'Language of the invitation e-mail as a two-letter ISO 639-1 code, e.g. en or nb',
			},
			{
				displayName: 'Invite Message',
				name: 'inviteMessage',
				type: 'string',
				default: '',
				description: 'Text of the invitation e-mail, when Invite New Users is on',
			},
			{
				displayName: 'Invite New Users',
				name: 'invite',
				type: 'boolean',
				default: false,
				description: 'Whether to send each user created an invitation e-mail',
			},
			{
				displayName: 'Invite Subject',
				name: 'inviteSubject',
				type: 'string',
				default: '',
				description: 'Subject of the invitation e-mail, when Invite New Users is on',
			},
			{
				displayName: 'Stop on First Error',
				name: 'stopOnFirstError',
				type: 'boolean',
				default: false,
				description:
					'Whether to stop at the first row that fails (later rows are skipped) and fail the node; otherwise a failed row is an output item with its error and the other rows go on',
			},
		],
	},
];

const displayOptions = { show: { resource: ['user'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);
