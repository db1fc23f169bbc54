// The Node-RED Flow Library scorecard checks (node-red-dev validate) that need no network: the
// flow catalogue lookups (P08, N01) cannot run here. P06/P07 are checked against the installed
// Node-RED versions instead of the registry.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', 'packages', 'node-red-contrib-huma');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const nodeTypes = Object.keys(pkg['node-red'].nodes);

/** Minimal semver range check for the ">=x.y.z" ranges we declare. */
function satisfiesMin(range: string, version: string): boolean {
	const min = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
	if (!min) throw new Error(`unexpected range ${range}`);
	const v = version.split('.').map(Number);
	const m = min.slice(1).map(Number);
	for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
	return true;
}

describe('Node-RED Flow Library scorecard, offline checks', () => {
	it('P01 has a license', () => expect(pkg.license).toBe('MIT'));
	it('P03 has a repository URL', () => expect(pkg.repository.url).toMatch(/^git\+https:\/\//));
	it('P04 uses a valid name: node-red prefix only as node-red-contrib-', () =>
		expect(pkg.name).toMatch(/^node-red-contrib-/));
	it('P05 has node-red in its keywords', () => expect(pkg.keywords).toContain('node-red'));
	it('P06 declares the Node-RED versions it works with, which include 4 and 5', () => {
		expect(satisfiesMin(pkg['node-red'].version, '4.0.0')).toBe(true);
		expect(satisfiesMin(pkg['node-red'].version, '5.0.0')).toBe(true);
		expect(satisfiesMin(pkg['node-red'].version, '3.1.0')).toBe(false);
	});
	it('P07 declares a minimum Node.js that Node-RED 4 supports', () => {
		expect(pkg.engines.node).toBe('>=20.18.1');
		const nodeRed4 = JSON.parse(readFileSync(require.resolve('node-red/package.json'), 'utf8'));
		expect(nodeRed4.version.startsWith('4.')).toBe(true);
	});
	it('N02 ships example flows that use every node', () => {
		const examples = readdirSync(join(dir, 'examples')).filter((f) => f.endsWith('.json'));
		expect(examples.length).toBeGreaterThanOrEqual(3);
		const used = new Set(
			examples.flatMap((f) =>
				JSON.parse(readFileSync(join(dir, 'examples', f), 'utf8')).map(
					(n: { type: string }) => n.type,
				),
			),
		);
		for (const type of nodeTypes) expect(used).toContain(type);
	});
	it('D01-D03 has no runtime dependencies to check', () =>
		expect(pkg.dependencies ?? {}).toEqual({}));
	it('every node has its .js/.html pair, help text, messages and an icon', () => {
		for (const type of nodeTypes) {
			expect(existsSync(join(dir, 'nodes', `${type}.js`))).toBe(true);
			expect(readFileSync(join(dir, 'nodes', `${type}.html`), 'utf8')).toContain(
				`data-template-name="${type}"`,
			);
			expect(
				readFileSync(join(dir, 'nodes', 'locales', 'en-US', `${type}.html`), 'utf8'),
			).toContain(`data-help-name="${type}"`);
			expect(existsSync(join(dir, 'nodes', 'locales', 'en-US', `${type}.json`))).toBe(true);
		}
		expect(existsSync(join(dir, 'nodes', 'icons', 'huma.svg'))).toBe(true);
		// A distinct icon per resource node.
		const resourceNodes = Object.keys(
			JSON.parse(readFileSync(join(dir, 'resources', 'huma-catalogue.json'), 'utf8')),
		);
		expect(resourceNodes.length).toBe(8);
		const icons = resourceNodes.map((t) =>
			readFileSync(join(dir, 'nodes', 'icons', `${t}.svg`), 'utf8'),
		);
		expect(new Set(icons).size).toBe(icons.length);
	});
	it('is CommonJS', () => {
		expect(pkg.type ?? 'commonjs').toBe('commonjs');
		expect(readFileSync(join(dir, 'nodes', 'huma-user.js'), 'utf8')).toContain(
			'module.exports = function (RED)',
		);
	});
});
