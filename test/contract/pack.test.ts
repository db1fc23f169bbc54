// `npm run pack` writes the installable tarballs; the end-to-end tests install exactly these
// (scripts/pack.js), into a Node-RED user folder and into n8n's ~/.n8n/nodes. The Node-RED
// tarball also goes through the Flow Library's own scorecard, `node-red-dev validate`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
let dest: string;
beforeAll(() => {
	dest = mkdtempSync(join(tmpdir(), 'huma-pack-'));
	execFileSync(process.execPath, [join(root, 'scripts', 'pack.js'), '--no-build', '--dest', dest], {
		stdio: 'pipe',
	});
}, 120_000);
afterAll(() => rmSync(dest, { recursive: true, force: true }));

const list = (file: string) =>
	execFileSync('tar', ['-tzf', join(dest, file)], { encoding: 'utf8' })
		.trim()
		.split('\n');
const version = (dir: string) => require(join(root, dir, 'package.json')).version;
const nodeRedDir = join(root, 'packages', 'node-red-contrib-huma');
const nodeRedTarball = `huma-integrations-node-red-huma-${version('packages/node-red-contrib-huma')}.tgz`;

it('writes the n8n package, the Node-RED package and the core the Node-RED package depends on', () => {
	expect(readdirSync(dest).sort()).toEqual([
		`huma-integrations-huma-client-${version('packages/huma-client')}.tgz`,
		nodeRedTarball,
		`n8n-nodes-huma-${version('.')}.tgz`,
	]);
});

it('packs the built n8n node and credential, without node_modules or the workspaces', () => {
	const files = list(`n8n-nodes-huma-${version('.')}.tgz`);
	expect(files).toEqual(
		expect.arrayContaining([
			'package/package.json',
			'package/dist/nodes/Huma/Huma.node.js',
			'package/dist/credentials/HumaApi.credentials.js',
		]),
	);
	expect(
		files.filter((f) => f.includes('node_modules') || f.startsWith('package/packages/')),
	).toEqual([]);
});

it('packs every Node-RED node with its runtime and the example flows, and none of the core', () => {
	const files = list(nodeRedTarball);
	const declared = Object.values(
		require(join(nodeRedDir, 'package.json'))['node-red'].nodes,
	) as string[];
	expect(files).toEqual(expect.arrayContaining(declared.map((f) => `package/${f}`)));
	const examples = readdirSync(join(nodeRedDir, 'examples'));
	expect(files).toEqual(expect.arrayContaining(examples.map((f) => `package/examples/${f}`)));
	expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md']));
	// The core and undici are dependencies, installed once: the runtime is the package's own code.
	expect(files.filter((f) => f.startsWith('package/lib/'))).toEqual([
		'package/lib/huma-events.js',
		'package/lib/huma-runtime.js',
	]);
	const lib = execFileSync(
		'tar',
		['-xzOf', join(dest, nodeRedTarball), 'package/lib/huma-runtime.js'],
		{
			encoding: 'utf8',
		},
	);
	expect(lib).toContain('require("@huma-integrations/huma-client/node")');
	expect(lib).not.toContain('class HumaApiError');
	expect(require(join(nodeRedDir, 'package.json')).dependencies).toEqual({
		'@huma-integrations/huma-client': `^${version('packages/huma-client')}`,
	});
});

describe('the packed Node-RED package', () => {
	let dir: string;
	let declared: Record<string, string>;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'huma-packed-'));
		execFileSync('tar', ['-xzf', join(dest, nodeRedTarball), '-C', dir]);
		declared = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8'))['node-red']
			.nodes;
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	// The Flow Library and node-red-dev find a node's definition by this literal call, with the
	// definition inline; a helper that registers the type hides the node from them.
	it("registers each node in its .html with a literal RED.nodes.registerType('<type>', { … })", () => {
		for (const [type, file] of Object.entries(declared)) {
			const html = readFileSync(join(dir, 'package', file.replace(/\.js$/, '.html')), 'utf8');
			expect([type, html.includes(`RED.nodes.registerType('${type}', {`)]).toEqual([type, true]);
		}
	});

	// node-red-dev validate, the Flow Library's scorecard, on the tarball, offline: the catalogue
	// and registry documents it fetches are answered by scripts/node-red-validate.js (see there).
	it('passes every check of node-red-dev validate, with no warning and every node parsed', async () => {
		const { validateDir } = require('../../scripts/node-red-validate');
		const { output, problems } = await validateDir(join(dir, 'package'));
		expect(problems).toEqual([]);
		for (const check of [
			'Package is MIT licensed',
			'Repository/Bugs Link Supplied',
			'Package uses a Scoped Name',
			'No similar named packages found',
			'Node-RED Keyword Found',
			'Compatible with Node-RED',
			'Compatible NodeJS Version found',
			'Nodes all have unique names',
			'Examples found for all nodes',
			'Package has 1 dependencies',
			'No incompatible packages found in dependency tree',
			'All prod dependencies using latest versions',
		])
			expect(output).toContain(`✅ ${check}`);
	}, 60_000);
});
