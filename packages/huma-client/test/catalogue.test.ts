import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { operations } from '@huma-integrations/huma-client/node';

const root = join(__dirname, '..');

describe('catalogue', () => {
	it('holds exactly the operations of the spec, both ways', () => {
		const spec = parse(readFileSync(join(root, 'spec', 'openapi-1.53.2.yaml'), 'utf8'));
		const fromSpec: string[] = [];
		for (const [path, item] of Object.entries<Record<string, { operationId: string }>>(
			spec.paths,
		)) {
			for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
				if (item[method])
					fromSpec.push(`${method.toUpperCase()} ${path} ${item[method].operationId}`);
			}
		}
		const fromCatalogue = operations.map((o) => `${o.method} ${o.path} ${o.operationId}`);
		expect(fromCatalogue.sort()).toEqual(fromSpec.sort());
		expect(operations).toHaveLength(36);
		expect(new Set(operations.map((o) => o.name)).size).toBe(36);
		expect(new Set(operations.map((o) => o.tag))).toEqual(
			new Set([
				'Authentication',
				'User',
				'Group',
				'Job Title',
				'Position',
				'Holiday',
				'User child',
				'User emergency contact',
				'User identification',
			]),
		);
	});

	it('generated files are not stale', () => {
		expect(() =>
			execFileSync('node', [join(root, 'scripts', 'generate.mjs'), '--check'], { stdio: 'pipe' }),
		).not.toThrow();
	});

	it('derives paging limits from the spec', () => {
		const paged = Object.fromEntries(
			operations.filter((o) => o.paged).map((o) => [o.name, o.paged!.maxLimit]),
		);
		expect(paged).toEqual({ 'user.list': 50, 'group.list': 25, 'position.list': null });
	});
});
