// Builds the n8n package into dist/: the node and the credential are bundled with the core
// client, so the published package has no runtime dependencies (n8n-workflow is the host's).
const { buildSync } = require('esbuild');
const { copyFileSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

const root = join(__dirname, '..');
run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.n8n.json'], { cwd: root });
rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const [entry, out] of [
	['nodes/Huma/Huma.node.ts', 'dist/nodes/Huma/Huma.node.js'],
	['credentials/HumaApi.credentials.ts', 'dist/credentials/HumaApi.credentials.js'],
	['nodes/HumaTrigger/HumaTrigger.node.ts', 'dist/nodes/HumaTrigger/HumaTrigger.node.js'],
	[
		'nodes/HumaPollingTrigger/HumaPollingTrigger.node.ts',
		'dist/nodes/HumaPollingTrigger/HumaPollingTrigger.node.js',
	],
	['credentials/HumaWebhookApi.credentials.ts', 'dist/credentials/HumaWebhookApi.credentials.js'],
]) {
	buildSync({
		entryPoints: [join(root, entry)],
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		outfile: join(root, out),
		logLevel: 'warning',
	});
}
mkdirSync(join(root, 'dist', 'nodes', 'Huma'), { recursive: true });
for (const file of ['huma.svg', 'huma.dark.svg', 'Huma.node.json']) {
	copyFileSync(join(root, 'nodes', 'Huma', file), join(root, 'dist', 'nodes', 'Huma', file));
}
for (const name of ['HumaTrigger', 'HumaPollingTrigger']) {
	copyFileSync(
		join(root, 'nodes', name, `${name}.node.json`),
		join(root, 'dist', 'nodes', name, `${name}.node.json`),
	);
}
console.log('Built dist/ for n8n');
