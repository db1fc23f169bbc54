// `npm run pack` writes the three installable tarballs; the end-to-end tests install exactly these
// (scripts/release/pack.js). The n8n package's verification rules that can be checked offline are checked
// here on its tarball, as n8n's verification reads the published package; the Node-RED tarball
// goes through the Flow Library's own scorecard, `node-red-dev validate`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const { manifest } = require(join(root, 'scripts', 'release', 'pack.js'));
let dest: string;
let n8nDir: string;
const tarballs: Record<string, string> = {};
beforeAll(() => {
	dest = mkdtempSync(join(tmpdir(), 'huma-pack-'));
	const out = execFileSync(
		process.execPath,
		[join(root, 'scripts', 'release', 'pack.js'), '--no-build', '--dest', dest],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [core, nodeRed, n8n] = out.trim().split('\n');
	Object.assign(tarballs, { core, 'node-red': nodeRed, n8n });
	// Unpacked under the repository (dist-packages/ is ignored), so that the node files find
	// n8n-workflow in its node_modules as they find n8n's in n8n.
	mkdirSync(join(root, 'dist-packages'), { recursive: true });
	n8nDir = mkdtempSync(join(root, 'dist-packages', 'pack-test-'));
	execFileSync('tar', ['-xzf', n8n, '-C', n8nDir]);
	n8nDir = join(n8nDir, 'package');
}, 120_000);
afterAll(() => {
	rmSync(dest, { recursive: true, force: true });
	rmSync(dirname(n8nDir), { recursive: true, force: true });
});

const list = (role: string) =>
	execFileSync('tar', ['-tzf', tarballs[role]], { encoding: 'utf8' }).trim().split('\n');
const packedJson = (role: string) =>
	JSON.parse(
		execFileSync('tar', ['-xzOf', tarballs[role], 'package/package.json'], { encoding: 'utf8' }),
	);

it('writes the core, the Node-RED and the n8n package, each named as its package.json says', () => {
	expect(readdirSync(dest).sort()).toEqual(
		Object.values(tarballs)
			.map((f) => f.slice(dest.length + 1))
			.sort(),
	);
	for (const role of ['core', 'node-red', 'n8n'])
		expect([role, packedJson(role).name, packedJson(role).version]).toEqual([
			role,
			manifest(role).name,
			manifest(role).version,
		]);
});

it.each(['core', 'node-red', 'n8n'])(
	'%s: MIT, with the LICENSE file and the metadata a registry page shows',
	(role) => {
		expect(list(role)).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md']));
		const pkg = packedJson(role);
		expect(pkg.license).toBe('MIT');
		for (const field of ['author', 'homepage', 'bugs', 'repository', 'description'])
			expect([field, pkg[field]]).toEqual([field, expect.anything()]);
		expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
	},
);

it('packs the core client with its types and the spec it was generated from', () => {
	const files = list('core');
	expect(files).toEqual(
		expect.arrayContaining([
			'package/dist/index.js',
			'package/dist/index.d.ts',
			'package/dist/node.js',
			'package/dist/node.d.ts',
			`package/spec/openapi-${require(join(root, 'packages/huma-client/dist/index.js')).SPEC_VERSION}.yaml`,
		]),
	);
	// Source maps would point at src/, which is not shipped.
	expect(files.filter((f) => /tsbuildinfo|\.map$|\/src\/|\/test\//.test(f))).toEqual([]);
});

it('packs the built n8n nodes and credentials, without node_modules or the workspaces', () => {
	const files = list('n8n');
	const declared = [...packedJson('n8n').n8n.nodes, ...packedJson('n8n').n8n.credentials];
	expect(files).toEqual(expect.arrayContaining(declared.map((f: string) => `package/${f}`)));
	expect(
		files.filter((f) => f.includes('node_modules') || f.startsWith('package/packages/')),
	).toEqual([]);
});

it('n8n: one copy of the core, shared by every node and credential file', () => {
	const js = list('n8n').filter((f) => f.endsWith('.js'));
	// The catalogue's paths are the core's bulk: they stand in one file only.
	const holding = js.filter((f) =>
		readFileSync(join(n8nDir, f.slice('package/'.length)), 'utf8').includes('/users/{id}'),
	);
	expect(holding).toEqual(['package/dist/shared/huma-client.js']);
});

describe('n8n verification, on the tarball', () => {
	it('declares no runtime dependencies, n8n-workflow as the host peer, strict mode and provenance', () => {
		const pkg = packedJson('n8n');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.name).toMatch(/^(@[^/]+\/)?n8n-nodes-/);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	it('names a public repository whose root is the package (no repository.directory)', () => {
		expect(Object.keys(packedJson('n8n').repository).sort()).toEqual(['type', 'url']);
	});

	const load = (file: string) => {
		const exports = require(join(n8nDir, file));
		const Class = Object.values(exports)[0] as new () => Record<string, any>;
		return new Class();
	};

	it('offers the action node to AI agents (usableAsTool), and not the triggers', () => {
		const usable = Object.fromEntries(
			packedJson('n8n').n8n.nodes.map((file: string) => {
				const { description } = load(file);
				return [description.name, description.usableAsTool === true];
			}),
		);
		expect(usable).toEqual({ huma: true, humaTrigger: false, humaPollingTrigger: false });
	});

	it('gives every node and credential an icon for light and for dark themes, packed beside it', () => {
		const pkg = packedJson('n8n');
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const item = load(file);
			const icon = item.description?.icon ?? item.icon;
			expect([file, Object.keys(icon).sort()]).toEqual([file, ['dark', 'light']]);
			for (const theme of ['light', 'dark']) {
				const svg = resolve(dirname(join(n8nDir, file)), icon[theme].replace(/^file:/, ''));
				expect([file, theme, readFileSync(svg, 'utf8')]).toEqual([
					file,
					theme,
					expect.stringContaining('<svg'),
				]);
			}
		}
	});

	it("passes n8n's community-package scanner (no process.env, fs, timers, console or secrets)", () => {
		// The scanner's tarball leg, offline: every .js file and package.json of the tarball.
		const scan = `import('@n8n/scan-community-package/scanner/scanner.mjs')
			.then((s) => s.analyzePackage(process.argv[1], ['**/*.js', 'package.json']))
			.then((r) => console.log(JSON.stringify(r)))`;
		const result = JSON.parse(
			execFileSync(process.execPath, ['-e', scan, n8nDir], {
				cwd: root,
				encoding: 'utf8',
				env: { ...process.env, TMPDIR: dirname(n8nDir) },
			}),
		);
		expect(result).toEqual({ passed: true });
	}, 60_000);
});

const nodeRedDir = join(root, 'packages', 'node-red-contrib-huma');

it('packs every Node-RED node with its runtime and the example flows, and none of the core', () => {
	const files = list('node-red');
	const declared = Object.values(manifest('node-red')['node-red'].nodes) as string[];
	expect(files).toEqual(expect.arrayContaining(declared.map((f) => `package/${f}`)));
	const examples = readdirSync(join(nodeRedDir, 'examples'));
	expect(files).toEqual(expect.arrayContaining(examples.map((f) => `package/examples/${f}`)));
	// The core and undici are dependencies, installed once: the runtime is the package's own code.
	expect(files.filter((f) => f.startsWith('package/lib/'))).toEqual([
		'package/lib/huma-events.js',
		'package/lib/huma-runtime.js',
	]);
	const lib = execFileSync('tar', ['-xzOf', tarballs['node-red'], 'package/lib/huma-runtime.js'], {
		encoding: 'utf8',
	});
	expect(lib).toContain('require("@huma-integrations/huma-client/node")');
	expect(lib).not.toContain('class HumaApiError');
	expect(packedJson('node-red').dependencies).toEqual({
		'@huma-integrations/huma-client': `^${manifest('core').version}`,
	});
});

describe('the packed Node-RED package', () => {
	let dir: string;
	let declared: Record<string, string>;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'huma-packed-'));
		execFileSync('tar', ['-xzf', tarballs['node-red'], '-C', dir]);
		declared = packedJson('node-red')['node-red'].nodes;
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
	// and registry documents it fetches are answered by scripts/build/node-red-validate.js (see there).
	it('passes every check of node-red-dev validate, with no warning and every node parsed', async () => {
		const { validateDir } = require('../../scripts/build/node-red-validate');
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
