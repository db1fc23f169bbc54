// Bench only (bench/n8n.js), never packed or published: the least an n8n node needs to do for
// the Huma node's "Get user" of each item, its in-engine floor. Per item it only reads the `id`
// parameter (the same `={{ $json.id }}` expression) and makes one authenticated GET through
// n8n's own helper with the Huma credential, 64 items at a time like the Huma node, and returns
// the answer with its pairedItem. No validation, no error mapping, no retries, no rate limit, no
// deadline. Like the Huma node it reads every item's id before the first request (measured on
// the 2-core bench machine, reading each id just before its request was no faster), and, like
// the Huma node and n8n's declarative nodes, it decrypts the credential once per execution and
// hands it to each request, rather than having n8n decrypt it for every request.
// Loaded as a custom node (n8n's `.n8n/custom` folder): its type is `CUSTOM.humaFloorGet`.
const CONCURRENCY = 64;

class HumaFloorGet {
	description = {
		displayName: 'Huma floor (bench)',
		name: 'humaFloorGet',
		group: ['transform'],
		version: 1,
		description: 'Bench only: per item, one GET /users/{id} and nothing else',
		defaults: { name: 'Huma floor' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'humaApi', required: true }],
		properties: [{ displayName: 'ID', name: 'id', type: 'string', default: '' }],
	};

	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('humaApi');
		const reference = this.getNode().credentials.humaApi;
		const credentialsDecrypted = {
			id: reference.id,
			name: reference.name,
			type: 'humaApi',
			data: credentials,
		};
		const ids = items.map((_, i) => this.getNodeParameter('id', i));
		const results = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const i = next++;
				const body = await this.helpers.httpRequestWithAuthentication.call(
					this,
					'humaApi',
					{ method: 'GET', url: `${credentials.baseUrl}/users/${ids[i]}`, json: true },
					{ credentialsDecrypted },
				);
				results[i] = { json: body, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
		return [results];
	}
}

module.exports = { HumaFloorGet };
