// `npm run pack`: builds, then writes the installable tarballs into dist-packages/:
// n8n-nodes-huma-<version>.tgz (this repo's root package), huma-integrations-node-red-huma-<version>.tgz
// and the core it depends on, huma-integrations-huma-client-<version>.tgz (installed beside it
// until the core is on the registry).
// --no-build packs what is built; --dest <dir> writes elsewhere.
const { execFileSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..');
const PACKAGES = {
	'n8n-nodes-huma': root,
	'@huma-integrations/huma-client': join(root, 'packages', 'huma-client'),
	'@huma-integrations/node-red-huma': join(root, 'packages', 'node-red-contrib-huma'),
};

/** Packs one package (by name) into dest and answers the tarball's path. */
function pack(name, dest) {
	mkdirSync(dest, { recursive: true });
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], {
		cwd: PACKAGES[name],
		encoding: 'utf8',
	});
	return join(dest, out.trim().split('\n').pop());
}

if (require.main === module) {
	const { run } = require('./run');
	const { option } = require('./demo');
	const argv = process.argv.slice(2);
	const dest = resolve(option(argv, '--dest', 'HUMA_PACK_DEST', join(root, 'dist-packages')));
	if (!argv.includes('--no-build')) run('npm', ['run', 'build'], { cwd: root });
	for (const name of Object.keys(PACKAGES)) console.log(pack(name, dest));
}

module.exports = { pack, PACKAGES };
