// `npm install` must leave package-lock.json as committed: it rewrites the lock when the lock's
// record of a package.json's dependencies differs from the file, or when the lock lists
// packages nothing depends on ("extraneous", left by an install into a tree that had them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const lock = read('package-lock.json').packages as Record<string, Record<string, unknown>>;
const fields = [
	'dependencies',
	'devDependencies',
	'optionalDependencies',
	'peerDependencies',
	'engines',
] as const;

it.each(['', 'packages/huma-client', 'packages/huma-sandbox', 'packages/node-red-contrib-huma'])(
	'the lock records the dependencies of %s/package.json as they are',
	(dir) => {
		const manifest = read(join(dir, 'package.json'));
		for (const field of fields)
			expect([dir, field, lock[dir][field]]).toEqual([dir, field, manifest[field]]);
	},
);

it('lists no package that nothing depends on', () => {
	expect(Object.keys(lock).filter((name) => lock[name].extraneous)).toEqual([]);
});
