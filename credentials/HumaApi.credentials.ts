import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestHelper,
  IHttpRequestOptions,
  INodeProperties,
  Icon,
} from 'n8n-workflow';
import { buildTokenRequest, parseTokenResponse, resolveBaseUrl } from '@huma-integrations/huma-client';

export class HumaApi implements ICredentialType {
  name = 'humaApi';

  displayName = 'Huma API';

  icon: Icon = { light: 'file:../nodes/Huma/huma.svg', dark: 'file:../nodes/Huma/huma.dark.svg' };

  documentationUrl = 'https://openapi.humahr.com/redoc/index.html';

  properties: INodeProperties[] = [
    {
      displayName: 'Environment',
      name: 'environment',
      type: 'options',
      options: [
        { name: 'Production', value: 'production', description: 'https://openapi.humahr.com' },
        { name: 'Demo', value: 'demo', description: 'https://demo.openapi.humahr.com' },
        { name: 'Custom URL', value: 'custom' },
      ],
      default: 'production',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://openapi.humahr.com',
      description: 'Where the Huma Open API answers. Plain http is refused except for localhost.',
      displayOptions: { show: { environment: ['custom'] } },
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
      description: "The API key's client ID, from Huma's System settings > Open API",
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
    },
    {
      displayName: 'Access Token',
      name: 'accessToken',
      type: 'hidden',
      typeOptions: { expirable: true, password: true },
      default: '',
    },
  ];

  // Fetches the client-credentials token; n8n stores it in the hidden, expirable field and
  // calls this again when Huma answers 401.
  async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
    const baseUrl = resolveBaseUrl(humaBaseUrl(credentials));
    const request = buildTokenRequest(baseUrl, {
      clientId: String(credentials.clientId ?? ''),
      clientSecret: String(credentials.clientSecret ?? ''),
    });
    const response = await this.helpers.httpRequest({
      method: 'POST',
      url: request.url,
      headers: request.headers,
      body: request.body,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      json: false,
    });
    const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const token = parseTokenResponse({ status: response.statusCode, headers: response.headers, body }, Date.now());
    return { accessToken: token.accessToken };
  }

  // A function rather than a generic expression: n8n evaluates expressions for every request,
  // and this runs for every request a workflow makes.
  authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
    ...requestOptions,
    headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
  });

  test: ICredentialTestRequest = {
    request: {
      baseURL:
        '={{$credentials.environment === "custom" ? $credentials.baseUrl : $credentials.environment === "demo" ? "https://demo.openapi.humahr.com" : "https://openapi.humahr.com"}}',
      url: '/users/me',
      method: 'GET',
    },
  };
}

function humaBaseUrl(credentials: ICredentialDataDecryptedObject): string {
  return credentials.environment === 'custom' ? String(credentials.baseUrl ?? '') : String(credentials.environment ?? 'production');
}
