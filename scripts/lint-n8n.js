// Runs `n8n-node lint` (strict, n8n's unmodified eslint config) over the n8n package as it is
// published: package.json, credentials/ and nodes/. The workspace packages are not part of it.
const { cpSync, mkdirSync, rmSync, symlinkSync } = require('node:fs');
const { join } = require('node:path');
const { run } = require('./run');

const root = join(__dirname, '..');
const stage = join(root, '.cache', 'n8n-lint');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of ['package.json', 'eslint.config.mjs', 'tsconfig.base.json', 'credentials', 'nodes', 'README.md']) {
  cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
cpSync(join(root, 'tsconfig.n8n.json'), join(stage, 'tsconfig.json'));
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
run(join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], { cwd: stage });
