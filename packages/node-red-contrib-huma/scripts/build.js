// Builds the Node-RED package from src/:
//   src/index.ts            → lib/huma-runtime.js (the runtime bundled with the core: no runtime dependencies)
//   src/nodes/*.{js,html}   → nodes/            (each node's .js/.html pair, as written)
//   src/locales/<lang>/*    → nodes/locales/<lang>/ (help); messages.json as <node>.json for every node,
//                                                 since Node-RED reads a node's messages under its file name
//   src/icons/*.svg         → nodes/icons/
//   src/editor/*.js         → resources/        (served to the editor)
//   the catalogue           → resources/huma-catalogue.json (operations, fields and their words, as data)
// A hand-written node only needs its files in src/nodes and src/locales (its own <type>.json
// messages are merged with messages.json), its icon in src/icons, and an entry in package.json.
const { buildSync } = require('esbuild');
const { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } = require('node:fs');
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

const nodeTypes = readdirSync(src('nodes')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
for (const lang of readdirSync(src('locales'))) {
  const dir = out('nodes', 'locales', lang);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(src('locales', lang)).filter((f) => f.endsWith('.html'))) copyFileSync(src('locales', lang, file), join(dir, file));
  const shared = JSON.parse(readFileSync(src('locales', lang, 'messages.json'), 'utf8'));
  for (const type of nodeTypes) {
    // A node's own <type>.json, if it has one, is kept beside the shared messages.
    const own = src('locales', lang, `${type}.json`);
    const messages = existsSync(own) ? { ...shared, ...JSON.parse(readFileSync(own, 'utf8')) } : shared;
    writeFileSync(join(dir, `${type}.json`), JSON.stringify(messages, null, 2));
  }
}

const { RESOURCE_NODES, editorOperations } = require(out('lib', 'huma-runtime.js'));
const catalogue = Object.fromEntries(RESOURCE_NODES.map((def) => [def.type, { resource: def.resource, operations: editorOperations(def.resource) }]));
writeFileSync(out('resources', 'huma-catalogue.json'), JSON.stringify(catalogue));
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
