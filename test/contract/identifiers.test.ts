// Resource, operation, parameter and node names are a public contract: saved n8n workflows and
// Node-RED flows refer to them. This fails when a released one disappears (a rename, a dropped
// field); new identifiers are fine and get recorded at the next release.
const {
	currentIdentifiers,
	releasedIdentifiers,
} = require('../../scripts/build/public-identifiers');

describe('public identifiers', () => {
	it('keeps every released resource, operation, parameter and node name', () => {
		const current = new Set<string>(currentIdentifiers());
		const gone = (releasedIdentifiers() as string[]).filter((id) => !current.has(id));
		expect(gone).toEqual([]);
	});

	it('reads every surface: core operations, the n8n node and credential, the Node-RED nodes', () => {
		const current = currentIdentifiers() as string[];
		expect(current).toEqual(
			expect.arrayContaining([
				'core user.get',
				'n8n node huma',
				'n8n credential humaApi clientSecret',
				'n8n user.getAll',
				'n8n user.get id mode=list',
				'n8n user.getAll filters.team',
				'node-red node huma-user',
				'node-red huma-user list team',
				'node-red huma-config credential clientSecret',
			]),
		);
		expect(current.filter((id) => id.startsWith('core ')).length).toBe(36);
	});
});
