// `npm run pack` writes both installable tarballs; the end-to-end tests install exactly these
// (scripts/pack.js), into a Node-RED user folder and into n8n's ~/.n8n/nodes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

it('writes the n8n and the Node-RED package', () => {
	expect(readdirSync(dest).sort()).toEqual([
		`n8n-nodes-huma-${version('.')}.tgz`,
		`node-red-contrib-huma-${version('packages/node-red-contrib-huma')}.tgz`,
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

it('packs every Node-RED node with its runtime and the example flows', () => {
	const files = list(`node-red-contrib-huma-${version('packages/node-red-contrib-huma')}.tgz`);
	const declared = Object.values(
		require(join(root, 'packages', 'node-red-contrib-huma', 'package.json'))['node-red'].nodes,
	) as string[];
	expect(files).toEqual(expect.arrayContaining(declared.map((f) => `package/${f}`)));
	const examples = readdirSync(join(root, 'packages', 'node-red-contrib-huma', 'examples'));
	expect(files).toEqual(expect.arrayContaining(examples.map((f) => `package/examples/${f}`)));
});
