// `npm test`: staleness check, build, lint, typecheck, unit and integration tests, end-to-end tests.
const { dirname, join } = require('node:path');
const { run } = require('../lib/run');
const { ensure } = require('./engines');
const { ensureChromium } = require('./browser');

const npx = (...args) => run('npx', ['--no-install', ...args]);

run('node', ['packages/huma-client/scripts/generate.mjs', '--check']);
run('node', ['scripts/build/generate-n8n.mjs', '--check']);
run('npm', ['run', 'build']);
run('npm', ['run', 'lint']);
npx('tsc', '-p', 'tsconfig.test.json');
npx('jest', '--ci');

// The n8n node on the execution engine of n8n 1.x (the latest 1.123 release's n8n-core).
const n8nCore1 = dirname(dirname(dirname(ensure('n8n-core-1'))));
run('npx', ['--no-install', 'jest', '--ci', 'test/n8n'], {
	env: { ...process.env, HUMA_N8N_CORE_DIR: n8nCore1, HUMA_EXPECT_N8N_CORE: '1' },
});

// Node 24 stage: Node-RED 5 (node tests and end to end) and real n8n 2.x and 1.x (end to end).
const node24 = ensure('node24');
const nodeRed5 = dirname(ensure('node-red-5'));
ensure('n8n');
ensure('n8n-1');
const jest = join(__dirname, '..', '..', 'node_modules', 'jest', 'bin', 'jest.js');
run(node24, [jest, '--ci', 'test/node-red', 'test/e2e/node-red'], {
	env: {
		...process.env,
		HUMA_NODE_RED: nodeRed5,
		HUMA_NODE_RED_DIR: nodeRed5,
		HUMA_NODE_BIN: node24,
		HUMA_EXPECT_NODE_RED: '5',
	},
});
run('npx', ['--no-install', 'jest', '--ci', 'test/e2e/n8n-real'], {
	env: { ...process.env, HUMA_N8N_REAL: '1' },
});
run('npx', ['--no-install', 'jest', '--ci', 'test/e2e/n8n-real'], {
	env: { ...process.env, HUMA_N8N_REAL: '1', HUMA_N8N_APP: 'n8n-1', HUMA_EXPECT_N8N: '1' },
});

// The three tarballs installed as a user installs them, in clean folders with nothing of the
// workspace in reach: the core under a plain Node script, Node-RED 4 and n8n 2.x (about 75 s).
run('npx', ['--no-install', 'jest', '--ci', 'test/e2e/tarball-install'], {
	env: { ...process.env, HUMA_INSTALL_E2E: '1' },
});

// n8n 2.x in queue mode (main, two workers, Redis, PostgreSQL 17): the test installs
// redis-server from apt and PostgreSQL through scripts/test/engines.js when they are missing.
run('npx', ['--no-install', 'jest', '--ci', 'test/e2e/n8n-queue'], {
	env: { ...process.env, HUMA_N8N_QUEUE: '1' },
});

// The editors in a real headless Chromium (Debian's chromium, installed by apt-get when missing):
// the Node-RED editor and the n8n 2.x editor, against the sandbox.
ensureChromium();
run('npx', ['--no-install', 'jest', '--ci', 'test/browser'], {
	env: { ...process.env, HUMA_BROWSER: '1' },
});
