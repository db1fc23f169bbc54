// The identifiers that users' saved n8n workflows, Node-RED flows and code refer to: core
// operation names, n8n node, credential, resource, operation and parameter names, Node-RED node
// types, operations and parameters. Read from the built packages, one identifier per line.
//
// `node scripts/build/public-identifiers.js --record` adds the current ones to the released list
// (test/contract/released-identifiers.txt) at a release; it never removes a line. The contract
// test fails when a released identifier is gone, so a rename cannot ship by accident.
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const RELEASED = join(root, 'test', 'contract', 'released-identifiers.txt');

function n8nIdentifiers(add) {
	const { Huma } = require(join(root, 'dist', 'nodes', 'Huma', 'Huma.node.js'));
	const { HumaApi } = require(join(root, 'dist', 'credentials', 'HumaApi.credentials.js'));
	const credential = new HumaApi();
	add(`n8n credential ${credential.name}`);
	for (const p of credential.properties) add(`n8n credential ${credential.name} ${p.name}`);
	for (const p of credential.properties)
		for (const o of p.options ?? []) add(`n8n credential ${credential.name} ${p.name}=${o.value}`);

	const { name, properties } = new Huma().description;
	add(`n8n node ${name}`);
	const resources = properties.find((p) => p.name === 'resource').options.map((o) => o.value);
	const operations = new Map(resources.map((r) => [r, []]));
	for (const p of properties.filter((p) => p.name === 'operation')) {
		for (const resource of p.displayOptions.show.resource)
			operations.get(resource).push(...p.options.map((o) => o.value));
	}
	for (const resource of resources) {
		add(`n8n ${resource}`);
		for (const operation of operations.get(resource)) add(`n8n ${resource}.${operation}`);
	}
	for (const p of properties) {
		if (p.name === 'resource' || p.name === 'operation') continue;
		const show = p.displayOptions?.show ?? {};
		for (const resource of show.resource ?? resources) {
			for (const operation of (show.operation ?? operations.get(resource)).filter((o) =>
				operations.get(resource).includes(o),
			)) {
				const at = `n8n ${resource}.${operation} ${p.name}`;
				add(at);
				// Collections keep their fields by name; resource locators their modes.
				if (p.type === 'collection' || p.type === 'fixedCollection')
					for (const o of p.options ?? []) add(`${at}.${o.name}`);
				if (p.type === 'resourceLocator')
					for (const m of p.modes ?? []) add(`${at} mode=${m.name}`);
			}
		}
	}
}

/** Trigger nodes (n8n) and event nodes (Node-RED): node names, parameters, option values, credential fields. */
function triggerIdentifiers(add) {
	const { HumaWebhookApi } = require(
		join(root, 'dist', 'credentials', 'HumaWebhookApi.credentials.js'),
	);
	const credential = new HumaWebhookApi();
	add(`n8n credential ${credential.name}`);
	for (const p of credential.properties) add(`n8n credential ${credential.name} ${p.name}`);
	for (const [dir, cls] of [
		['HumaTrigger', 'HumaTrigger'],
		['HumaPollingTrigger', 'HumaPollingTrigger'],
	]) {
		const { name, properties } = new (require(join(root, 'dist', 'nodes', dir, `${dir}.node.js`))[
			cls
		])().description;
		add(`n8n node ${name}`);
		for (const p of properties) {
			if (p.type === 'notice') continue;
			add(`n8n ${name} ${p.name}`);
			for (const o of p.options ?? [])
				add(
					p.type === 'collection'
						? `n8n ${name} ${p.name}.${o.name}`
						: `n8n ${name} ${p.name}=${o.value}`,
				);
		}
	}
	// The Node-RED event nodes: hand-written, not driven by the catalogue like the resource nodes.
	const pkg = join(root, 'packages', 'node-red-contrib-huma');
	const catalogue = JSON.parse(readFileSync(join(pkg, 'resources', 'huma-catalogue.json'), 'utf8'));
	const events = join(pkg, 'src', 'nodes');
	for (const file of existsSync(events)
		? readdirSync(events).filter((f) => f.endsWith('.html'))
		: []) {
		const html = readFileSync(join(events, file), 'utf8');
		const type = /registerType\('([^']+)'/.exec(html)?.[1];
		if (!type || type === 'huma-config' || type in catalogue) continue;
		add(`node-red node ${type}`);
		for (const name of editorProperties(html, 'defaults')) add(`node-red ${type} ${name}`);
		for (const name of editorProperties(html, 'credentials'))
			add(`node-red ${type} credential ${name}`);
	}
}

/** The property names of a Node-RED node's `defaults` (and `credentials`) in its editor script. */
function editorProperties(script, block) {
	const body = new RegExp(`${block}: \\{([\\s\\S]*?)\\n\\s*\\},?\\n`).exec(script)?.[1] ?? '';
	return [...body.matchAll(/(?:^|[{,])\s*(\w+): \{/gm)].map((m) => m[1]);
}

function nodeRedIdentifiers(add) {
	const pkg = join(root, 'packages', 'node-red-contrib-huma');
	const config = readFileSync(join(pkg, 'nodes', 'huma-config.html'), 'utf8');
	for (const name of editorProperties(config, 'defaults')) add(`node-red huma-config ${name}`);
	for (const name of /credentials: \{(.*)\},\n/.exec(config)?.[1].match(/(\w+)(?=: \{)/g) ?? [])
		add(`node-red huma-config credential ${name}`);
	// Every resource node's .html is built from this template.
	const resourceNode = readFileSync(join(pkg, 'src', 'resource-node', 'node.html'), 'utf8');
	for (const name of editorProperties(resourceNode, 'defaults')) add(`node-red every-node ${name}`);
	const catalogue = JSON.parse(readFileSync(join(pkg, 'resources', 'huma-catalogue.json'), 'utf8'));
	const dir = join(pkg, 'nodes');
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
		const html = readFileSync(join(dir, file), 'utf8');
		const type = /registerType\('([^']+)'/.exec(html)?.[1];
		add(`node-red node ${type}`);
		for (const op of catalogue[type]?.operations ?? []) {
			add(`node-red ${type} ${op.action}`);
			for (const param of op.params) add(`node-red ${type} ${op.action} ${param.name}`);
			// Body fields are stored by name in the node's bodyFields.
			for (const field of op.body?.fields ?? [])
				add(`node-red ${type} ${op.action} body.${field.name}`);
			if (op.body?.list) add(`node-red ${type} ${op.action} body.ids`);
		}
	}
}

/** Every public identifier of the built packages, sorted. */
function currentIdentifiers() {
	const ids = new Set();
	const add = (id) => ids.add(id);
	for (const op of require(join(root, 'packages', 'huma-client')).operations)
		add(`core ${op.name}`);
	n8nIdentifiers(add);
	nodeRedIdentifiers(add);
	triggerIdentifiers(add);
	return [...ids].sort();
}

function releasedIdentifiers() {
	return readFileSync(RELEASED, 'utf8')
		.split('\n')
		.filter((l) => l && !l.startsWith('#'));
}

module.exports = { currentIdentifiers, releasedIdentifiers, RELEASED };

if (require.main === module && process.argv.includes('--record')) {
	const header = readFileSync(RELEASED, 'utf8')
		.split('\n')
		.filter((l) => l.startsWith('#'));
	const all = [...new Set([...releasedIdentifiers(), ...currentIdentifiers()])].sort();
	writeFileSync(RELEASED, [...header, ...all, ''].join('\n'));
	console.log(`${all.length} released identifiers in ${RELEASED}`);
}
