// The example n8n workflows (examples/n8n/*.json), with their Huma nodes bound to one credential.
// `npm run start:n8n` imports them; the real-n8n end-to-end test runs them and checks their output.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', '..', 'examples', 'n8n');

/** @param {{ id: string, name: string }} credential the "Huma API" credential the Huma nodes use */
function exampleWorkflows(credential) {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const workflow = JSON.parse(readFileSync(join(dir, f), 'utf8'));
			for (const node of workflow.nodes)
				if (node.credentials?.humaApi) node.credentials = { humaApi: { ...credential } };
			return workflow;
		});
}

module.exports = { exampleWorkflows };
