// `npm test`: staleness check, build, lint, typecheck, unit and integration tests, end-to-end tests.
const { run } = require('./run');

const npx = (...args) => run('npx', ['--no-install', ...args]);

run('node', ['packages/huma-client/scripts/generate.mjs', '--check']);
run('node', ['scripts/generate-n8n.mjs', '--check']);
run('npm', ['run', 'build']);
run('npm', ['run', 'lint']);
npx('tsc', '-p', 'tsconfig.test.json');
npx('jest', '--ci');
