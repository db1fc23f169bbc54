// Runs `n8n-node lint` (strict, n8n's unmodified eslint config) over the n8n package as it is
// published: package.json, credentials/ and nodes/. The workspace packages are not part of it.
const { cpSync, mkdirSync, rmSync, symlinkSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { run } = require('../lib/run');

const root = join(__dirname, '..', '..');
const stage = join(root, '.cache', 'n8n-lint');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of [
	'package.json',
	'eslint.config.mjs',
	'tsconfig.base.json',
	'credentials',
	'nodes',
	'README.md',
]) {
	cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
cpSync(join(root, 'tsconfig.n8n.json'), join(stage, 'tsconfig.json'));
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
run(join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], { cwd: stage });

// n8n's community-package scanner (@n8n/scan-community-package, the gate for verified nodes), run
// offline: its source leg over package.json, nodes/ and credentials/, and its tarball leg over the
// .js files and package.json of the tarball `npm pack` writes (the bundled core included). Only its
// download and provenance steps need the registry; those are checked by test/contract/pack.test.ts.
async function scan() {
	const scanDir = join(root, '.cache', 'n8n-scan');
	rmSync(scanDir, { recursive: true, force: true });
	mkdirSync(join(scanDir, 'package'), { recursive: true });
	// The scanner makes a temporary folder as it loads: keep it in .cache, not in /tmp.
	process.env.TMPDIR = scanDir;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scanDir], {
			cwd: root,
			encoding: 'utf8',
		}),
	)[0];
	if (!packed.files.some((f) => f.path.endsWith('.js')))
		throw new Error('The packed tarball holds no JavaScript: run `npm run build` first');
	execFileSync('tar', ['-xzf', join(scanDir, packed.filename), '-C', join(scanDir, 'package')]);
	const legs = [
		['source', root, SOURCE_FILE_PATTERNS],
		['tarball', join(scanDir, 'package', 'package'), ['**/*.js', 'package.json']],
	];
	let failed = false;
	for (const [leg, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		console.log(`\n> n8n community-package scanner, ${leg}: ${result.passed ? 'clean' : 'FAILED'}`);
		if (!result.passed) {
			failed = true;
			console.error(result.message, result.details ?? '');
		}
	}
	rmSync(scanDir, { recursive: true, force: true });
	if (failed) process.exit(1);
}
scan().catch((error) => {
	console.error(error);
	process.exit(1);
});
