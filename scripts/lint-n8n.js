// Runs `n8n-node lint` (strict, n8n's unmodified eslint config) over the n8n package as it is
// published: package.json, credentials/ and nodes/. The workspace packages are not part of it.
const { cpSync, mkdirSync, rmSync, symlinkSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

const root = join(__dirname, '..');
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

// n8n's community-package scanner also runs @n8n/eslint-plugin-community-nodes' no-hardcoded-secrets
// rule over the published JavaScript (the bundled core included). Run that rule over every .js file
// the packed tarball holds, so a constant it mistakes for a secret fails here and not at n8n.
async function scanPackedFiles() {
	const packed = JSON.parse(
		require('node:child_process').execFileSync(
			'npm',
			['pack', '--dry-run', '--json', '--ignore-scripts'],
			{ cwd: root, encoding: 'utf8' },
		),
	);
	const files = packed[0].files.map((f) => f.path).filter((p) => p.endsWith('.js'));
	if (files.length === 0)
		throw new Error('The packed tarball holds no JavaScript: run `npm run build` first');
	const { ESLint } = require('eslint');
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const eslint = new ESLint({
		cwd: root,
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['**/*.js'],
				plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
				rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'error' },
			},
		],
	});
	const results = await eslint.lintFiles(files);
	const problems = results.flatMap((r) =>
		r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.message}`),
	);
	console.log(
		`\n> no-hardcoded-secrets over ${files.length} packed .js files: ${problems.length} problem(s)`,
	);
	if (problems.length) {
		console.error(problems.join('\n'));
		process.exit(1);
	}
}
scanPackedFiles().catch((error) => {
	console.error(error);
	process.exit(1);
});
