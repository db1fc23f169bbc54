// Builds the n8n package into dist/. The package keeps no runtime dependencies (n8n's rule for
// verified community nodes; n8n-workflow is the host's), so the core client ships inside it: bundled
// once into dist/shared/huma-client.js, which every entry (node, triggers, credentials) requires by a
// relative path. esbuild's code splitting needs ESM and n8n loads CommonJS, hence this by hand.
const { build } = require('esbuild');
const { copyFileSync, mkdirSync, rmSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { run } = require('../lib/run');

const root = join(__dirname, '..', '..');
const CORE = '@huma-integrations/huma-client';
const CORE_OUT = 'dist/shared/huma-client.js';
const ENTRIES = [
	['nodes/Huma/Huma.node.ts', 'dist/nodes/Huma/Huma.node.js'],
	['nodes/HumaTrigger/HumaTrigger.node.ts', 'dist/nodes/HumaTrigger/HumaTrigger.node.js'],
	[
		'nodes/HumaPollingTrigger/HumaPollingTrigger.node.ts',
		'dist/nodes/HumaPollingTrigger/HumaPollingTrigger.node.js',
	],
	['credentials/HumaApi.credentials.ts', 'dist/credentials/HumaApi.credentials.js'],
	['credentials/HumaWebhookApi.credentials.ts', 'dist/credentials/HumaWebhookApi.credentials.js'],
];
const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	external: ['n8n-workflow'],
	logLevel: 'warning',
};

/** Points an entry's imports of the core at the one shared bundle, relative to the entry's file. */
const sharedCore = (outfile) => ({
	name: 'shared-core',
	setup(build) {
		const path = relative(dirname(outfile), join(root, CORE_OUT)).split('\\').join('/');
		build.onResolve({ filter: /^@huma-integrations\/huma-client$/ }, () => ({
			path: path.startsWith('.') ? path : `./${path}`,
			external: true,
		}));
	},
});

async function main() {
	run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.n8n.json'], { cwd: root });
	rmSync(join(root, 'dist'), { recursive: true, force: true });
	await build({ ...common, entryPoints: [require.resolve(CORE)], outfile: join(root, CORE_OUT) });
	for (const [entry, out] of ENTRIES) {
		const outfile = join(root, out);
		await build({
			...common,
			entryPoints: [join(root, entry)],
			outfile,
			plugins: [sharedCore(outfile)],
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
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
