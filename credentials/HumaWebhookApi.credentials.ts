import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

// The secret and token an admin sets on a webhook in Huma's own settings. Huma signs each
// delivery with the secret (huma-hmac-sha256) and sends the token as a bearer token; the Huma
// Trigger node checks either or both. Nothing here calls Huma.
export class HumaWebhookApi implements ICredentialType {
	name = 'humaWebhookApi';

	displayName = 'Huma Webhook API';

	icon: Icon = { light: 'file:../nodes/Huma/huma.svg', dark: 'file:../nodes/Huma/huma.dark.svg' };

	documentationUrl = 'https://openapi.humahr.com/redoc/index.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The client secret set on the webhook in Huma's settings: each delivery must carry its HMAC-SHA256 signature (header huma-hmac-sha256). Set it, the access token, or both.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The access token set on the webhook in Huma's settings: each delivery must carry it as a bearer token",
		},
	];
}
