// What the Node-RED Flow Library's scorecard does not check of the built package: every node's
// files, help, messages and icon, and CommonJS. The scorecard itself (node-red-dev validate) runs
// on the packed tarball in test/contract/pack.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', 'packages', 'node-red-contrib-huma');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const nodeTypes = Object.keys(pkg['node-red'].nodes);

describe('the built Node-RED package', () => {
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
