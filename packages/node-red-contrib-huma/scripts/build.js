// Builds the Node-RED package from src/. The package ships only its own code: the core
// (@huma-integrations/huma-client, with undici) is an ordinary dependency, so a Node-RED holds
// one copy of it and its error classes are the same between the nodes.
//   src/index.ts, src/events-runtime.ts → lib/huma-runtime.js, lib/huma-events.js
//   src/nodes/*.{js,html}   → nodes/            (the hand-written nodes: config, webhook, watch)
//   src/resource-node/*     → nodes/<type>.{js,html} for each resource node of the core's resource
//                             table, with a header naming this generator
//   src/locales/<lang>/*    → nodes/locales/<lang>/ (help; resource-node.html is every resource
//                             node's help); messages.json as <node>.json for every node, since
//                             Node-RED reads a node's messages under its file name
//   src/icons/*.svg         → nodes/icons/
//   src/editor/*.js         → resources/huma-editor.js (served to the editor)
//   the catalogue           → resources/huma-catalogue.json (operations, fields and their words, as data),
//                             and the Operations section of each resource node's help
//   ../../LICENSE           → LICENSE
// A hand-written node only needs its files in src/nodes and src/locales (its own <type>.json
// messages are merged with messages.json), its icon in src/icons, and an entry in package.json.
// nodes/, lib/ and resources/ are build output (not committed), so they cannot go stale.
const { buildSync } = require('esbuild');
const {
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const src = (...p) => join(root, 'src', ...p);
const out = (...p) => join(root, ...p);
for (const dir of ['lib', 'nodes', 'resources']) rmSync(out(dir), { recursive: true, force: true });

buildSync({
	entryPoints: { 'huma-runtime': src('index.ts'), 'huma-events': src('events-runtime.ts') },
	bundle: true,
	// The core and undici are required at run time, from the package's dependencies.
	packages: 'external',
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	outdir: out('lib'),
	logLevel: 'warning',
});

const pkg = require(out('package.json'));
copyFileSync(join(root, '..', '..', 'LICENSE'), out('LICENSE'));
cpSync(src('nodes'), out('nodes'), { recursive: true });
cpSync(src('icons'), out('nodes', 'icons'), { recursive: true });
// The editor as one script, huma-fields.js first: Node-RED loads a node's scripts asynchronously.
mkdirSync(out('resources'));
writeFileSync(
	out('resources', 'huma-editor.js'),
	['huma-fields.js', 'huma-upsert.js', 'huma-editor.js']
		.map((f) => readFileSync(src('editor', f), 'utf8'))
		.join('\n'),
);

const { RESOURCE_NODES, editorOperations } = require(out('lib', 'huma-runtime.js'));
const catalogue = Object.fromEntries(
	RESOURCE_NODES.map((def) => [
		def.type,
		{ resource: def.resource, operations: editorOperations(def.resource) },
	]),
);
writeFileSync(out('resources', 'huma-catalogue.json'), JSON.stringify(catalogue));

/** A template with its {{name}} slots filled; a slot without a value is an error. */
function fill(template, values, file) {
	return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
		if (values[name] === undefined) throw new Error(`${file}: no value for {{${name}}}`);
		return values[name];
	});
}
/** A help template's leading comment is for whoever edits it, not for the editor. */
const withoutLeadingComment = (text) => text.replace(/^<!--[\s\S]*?-->\n/, '');

// The resource nodes: one .js/.html pair each, from one template. A new node opens on the plain
// list where its resource has one, else on its first operation.
const template = {
	js: readFileSync(src('resource-node', 'node.js'), 'utf8'),
	html: readFileSync(src('resource-node', 'node.html'), 'utf8'),
};
for (const { type } of RESOURCE_NODES) {
	const operations = catalogue[type].operations;
	const operation = (operations.find((op) => op.action === 'list') ?? operations[0]).action;
	for (const ext of ['js', 'html'])
		writeFileSync(
			out('nodes', `${type}.${ext}`),
			fill(template[ext], { type, operation }, `src/resource-node/node.${ext}`),
		);
}

const nodeTypes = readdirSync(out('nodes'))
	.filter((f) => f.endsWith('.js'))
	.map((f) => f.slice(0, -3));

// Every node must be declared in package.json; every resource node needs a palette label.
const declared = pkg['node-red'].nodes;
const messagesOf = (lang) =>
	JSON.parse(readFileSync(src('locales', lang, 'messages.json'), 'utf8'));
const english = messagesOf('en-US').huma;
for (const type of nodeTypes) {
	if (declared[type] !== `nodes/${type}.js`)
		throw new Error(`package.json must declare the Node-RED node ${type} as nodes/${type}.js`);
}
for (const { type } of RESOURCE_NODES) {
	for (const group of ['palette', 'about'])
		if (!english[group][type])
			throw new Error(`messages.json needs huma.${group}.${type} (src/locales/en-US)`);
}
for (const type of Object.keys(declared))
	if (!nodeTypes.includes(type))
		throw new Error(`package.json declares ${type}, which has no node`);

// The editor's files are served under the package's name: every reference must use it.
const served = `resources/${pkg.name}/`;
for (const file of readdirSync(out('nodes')).filter((f) => f.endsWith('.html'))) {
	const html = readFileSync(out('nodes', file), 'utf8');
	for (const [path] of html.matchAll(/resources\/[^"']*\//g))
		if (path !== served) throw new Error(`${file} loads ${path}, not ${served}`);
}
const editor = readFileSync(src('editor', 'huma-editor.js'), 'utf8');
if (!editor.includes(`var MODULE = '${pkg.name}';`))
	throw new Error(`src/editor/huma-editor.js must set var MODULE = '${pkg.name}';`);

// Each resource node's help lists its operations from the same data, so a new operation needs no
// hand-written help.
const OPERATION_LIST = '<!-- operation-list -->';
const OPERATIONS = '    <!-- operations: filled in by scripts/build.js from the catalogue -->';
const escape = (text) =>
	String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function fillHelp(file, help, operations) {
	if (!help.includes(OPERATION_LIST) || !help.includes(OPERATIONS))
		throw new Error(`${file} needs the markers ${OPERATION_LIST} and ${OPERATIONS.trim()}`);
	const entries = operations.map((op) => {
		const needs = op.params.filter((p) => p.required).map((p) => `<i>${escape(p.label)}</i>`);
		const notes = [escape(op.description.endsWith('.') ? op.description : `${op.description}.`)];
		if (needs.length) notes.push(`Needs: ${needs.join(', ')}.`);
		if (op.paged) notes.push('Paged: <i>Return all</i> walks every page.');
		const body = op.body
			? `\n      <p>Body, for example: <code>${escape(op.body.example)}</code></p>`
			: '';
		return `    <dt>${escape(op.label)}</dt>\n    <dd>${notes.join(' ')}${body}</dd>`;
	});
	return help
		.replace(OPERATION_LIST, operations.map((op) => op.label.toLowerCase()).join(', '))
		.replace(OPERATIONS, entries.join('\n'));
}

const RESOURCE_HELP = 'resource-node.html';
for (const lang of readdirSync(src('locales'))) {
	const dir = out('nodes', 'locales', lang);
	mkdirSync(dir, { recursive: true });
	const shared = messagesOf(lang);
	const helps = readdirSync(src('locales', lang)).filter(
		(f) => f.endsWith('.html') && f !== RESOURCE_HELP,
	);
	for (const file of helps)
		writeFileSync(join(dir, file), readFileSync(src('locales', lang, file), 'utf8'));
	const resourceHelp = withoutLeadingComment(
		readFileSync(src('locales', lang, RESOURCE_HELP), 'utf8'),
	);
	for (const { type } of RESOURCE_NODES) {
		const about = shared.huma.about?.[type] ?? english.about[type];
		const help = fill(resourceHelp, { type, about: escape(about) }, `${lang}/${RESOURCE_HELP}`);
		writeFileSync(
			join(dir, `${type}.html`),
			fillHelp(`${lang}/${type}.html`, help, catalogue[type].operations),
		);
	}
	for (const type of nodeTypes) {
		// A node's own <type>.json, if it has one, is kept beside the shared messages.
		const own = src('locales', lang, `${type}.json`);
		const messages = existsSync(own)
			? { ...shared, ...JSON.parse(readFileSync(own, 'utf8')) }
			: shared;
		writeFileSync(join(dir, `${type}.json`), JSON.stringify(messages, null, 2));
	}
}
console.log(
	`Built ${nodeTypes.length} Node-RED nodes (${RESOURCE_NODES.length} from the resource table)`,
);
