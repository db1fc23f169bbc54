// `npm run screenshots`: the editor browser test (test/browser/), run to write the README's
// pictures into docs/images/: node-red-editor.png, node-red-config.png, node-red-upsert-mapping.png,
// n8n-editor.png, n8n-node-panel.png and n8n-upsert-mapper.png. The same steps as in `npm test`, so the pictures stay true.
const { join } = require('node:path');
const { run } = require('../lib/run');
const { ensure } = require('../test/engines');
const { ensureChromium } = require('../test/browser');

const root = join(__dirname, '..', '..');
ensureChromium();
ensure('n8n');
run('npx', ['--no-install', 'jest', '--ci', 'test/browser'], {
	env: { ...process.env, HUMA_BROWSER: '1', HUMA_SCREENSHOTS: join(root, 'docs', 'images') },
});
