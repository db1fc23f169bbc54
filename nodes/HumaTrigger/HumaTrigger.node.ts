import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_MAX_WEBHOOK_MB,
	DEFAULT_WEBHOOK_TOPICS,
	maxWebhookBytes,
	OTHER_TOPICS,
	topicWanted,
	verifyWebhook,
	webhookEvents,
} from '@huma-integrations/huma-client';

export class HumaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huma Trigger',
		name: 'humaTrigger',
		icon: { light: 'file:../Huma/huma.svg', dark: 'file:../Huma/huma.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when Huma sends a webhook (someone joins, changes, leaves, …)',
		defaults: { name: 'Huma Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'humaWebhookApi', required: true, testedBy: 'humaWebhookApiTest' }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					"Paste this node's Production URL into the webhook settings in Huma (System settings), with the same client secret and/or access token as in the credential",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...DEFAULT_WEBHOOK_TOPICS],
				description:
					'The Huma topics that start the workflow; other deliveries are acknowledged and ignored',
				options: [
					{
						name: 'Any Other Topic',
						value: OTHER_TOPICS,
						description: 'Team, location, absence and future topics, passed through as they come',
					},
					{ name: 'User Created', value: 'users-create' },
					{ name: 'User Deleted', value: 'users-delete' },
					{ name: 'User Updated', value: 'users-update' },
					{
						name: 'Users Exported',
						value: 'users-export',
						description: 'Every profile, sent to initialise a receiver',
					},
				],
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'user',
				options: [
					{
						name: 'One Item per User',
						value: 'user',
						description: 'Each affected user as an item, with the topic',
					},
					{
						name: 'One Item per Delivery',
						value: 'delivery',
						description: 'The body Huma sent, as it came',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Body Size (MB)',
						name: 'maxBodyMb',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 64 },
						default: DEFAULT_MAX_WEBHOOK_MB,
						description: 'Larger deliveries are refused with 413',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			// Nothing at Huma can check a webhook's secret: the test checks the credential can verify deliveries at all.
			async humaWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				return data.clientSecret || data.accessToken
					? { status: 'OK', message: 'Deliveries will be verified' }
					: {
							status: 'Error',
							message:
								'Set the client secret, the access token, or both, as set on the webhook in Huma',
						};
			},
		},
	};

	// Huma's webhooks are set up by an admin in Huma's settings: the Open API has no endpoint to
	// register one, so there is nothing to create or delete remotely.
	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return true;
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return true;
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('humaWebhookApi');
		const secrets = {
			secret: String(credentials.clientSecret ?? ''),
			token: String(credentials.accessToken ?? ''),
		};
		if (!secrets.secret && !secrets.token) {
			throw new NodeOperationError(
				this.getNode(),
				'The Huma Webhook credential needs the client secret or the access token (or both)',
			);
		}
		const request = this.getRequestObject();
		const raw = (request as unknown as { rawBody?: Uint8Array }).rawBody;
		// n8n keeps the raw bytes for webhooks; the signature covers them, not a re-serialisation.
		const body = raw ?? JSON.stringify(this.getBodyData());
		const verification = verifyWebhook(
			{ headers: this.getHeaderData() as IDataObject as Record<string, string>, body },
			secrets,
			{ maxBytes: maxWebhookBytes(this.getNodeParameter('options.maxBodyMb', '')) },
		);
		const response = this.getResponseObject();
		if (!verification.ok) {
			response.status(verification.status).json({ message: verification.reason });
			return { noWebhookResponse: true };
		}
		const events = this.getNodeParameter('events', []) as string[];
		const topic = verification.delivery.topic;
		if (!topicWanted(topic, events)) {
			response.status(200).json({ received: true, ignored: topic });
			return { noWebhookResponse: true };
		}
		const per = this.getNodeParameter('output', 'user') as 'user' | 'delivery';
		const items = webhookEvents(verification.delivery, per).map((event) => ({
			json: event as unknown as IDataObject,
		}));
		return { workflowData: [items] };
	}
}
