// Builds the Node-RED package from src/:
//   src/index.ts            → lib/huma-runtime.js (the runtime bundled with the core: no runtime dependencies)
//   src/nodes/*.{js,html}   → nodes/            (each node's .js/.html pair, as written)
//   src/locales/<lang>/*    → nodes/locales/<lang>/ (help); messages.json as <node>.json for every node,
//                                                 since Node-RED reads a node's messages under its file name
//   src/icons/*.svg         → nodes/icons/
//   src/editor/*.js         → resources/        (served to the editor)
//   the catalogue           → resources/huma-catalogue.json (operations, fields and their words, as data),
//                             and the Operations section of each resource node's help
// A hand-written node only needs its files in src/nodes and src/locales (its own <type>.json
// messages are merged with messages.json), its icon in src/icons, and an entry in package.json.
const { buildSync } = require('esbuild');
const {
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
	entryPoints: [src('index.ts')],
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	outfile: out('lib', 'huma-runtime.js'),
	logLevel: 'warning',
});

cpSync(src('nodes'), out('nodes'), { recursive: true });
cpSync(src('icons'), out('nodes', 'icons'), { recursive: true });
cpSync(src('editor'), out('resources'), { recursive: true });

const nodeTypes = readdirSync(src('nodes'))
	.filter((f) => f.endsWith('.js'))
	.map((f) => f.slice(0, -3));

const { RESOURCE_NODES, editorOperations } = require(out('lib', 'huma-runtime.js'));
const catalogue = Object.fromEntries(
	RESOURCE_NODES.map((def) => [
		def.type,
		{ resource: def.resource, operations: editorOperations(def.resource) },
	]),
);
writeFileSync(out('resources', 'huma-catalogue.json'), JSON.stringify(catalogue));

// Every resource node must be declared in package.json and have a palette label and help.
const declared = require(out('package.json'))['node-red'].nodes;
const palette = JSON.parse(readFileSync(src('locales', 'en-US', 'messages.json'), 'utf8')).huma
	.palette;
for (const { type } of RESOURCE_NODES) {
	if (!palette[type]) throw new Error(`messages.json needs the palette label huma.palette.${type}`);
	if (!existsSync(src('locales', 'en-US', `${type}.html`)))
		throw new Error(`${type} needs its help, src/locales/en-US/${type}.html`);
	if (declared[type] !== `nodes/${type}.js`)
		throw new Error(`package.json must declare the Node-RED node ${type} as nodes/${type}.js`);
}

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

for (const lang of readdirSync(src('locales'))) {
	const dir = out('nodes', 'locales', lang);
	mkdirSync(dir, { recursive: true });
	for (const file of readdirSync(src('locales', lang)).filter((f) => f.endsWith('.html'))) {
		const help = readFileSync(src('locales', lang, file), 'utf8');
		const operations = catalogue[file.slice(0, -'.html'.length)]?.operations;
		writeFileSync(join(dir, file), operations ? fillHelp(file, help, operations) : help);
	}
	const shared = JSON.parse(readFileSync(src('locales', lang, 'messages.json'), 'utf8'));
	for (const type of nodeTypes) {
		// A node's own <type>.json, if it has one, is kept beside the shared messages.
		const own = src('locales', lang, `${type}.json`);
		const messages = existsSync(own)
			? { ...shared, ...JSON.parse(readFileSync(own, 'utf8')) }
			: shared;
		writeFileSync(join(dir, `${type}.json`), JSON.stringify(messages, null, 2));
	}
}
console.log(`Built ${nodeTypes.length} Node-RED nodes`);

// The event nodes (huma-webhook, huma-watch) have a runtime of their own, bundled the same way.
buildSync({
	entryPoints: [src('events-runtime.ts')],
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	outfile: out('lib', 'huma-events.js'),
	logLevel: 'warning',
});
