// `npm run pack`: builds, then writes the three installable tarballs into dist-packages/: the core
// client (@huma-integrations/huma-client), the Node-RED package and the n8n package (this repo's
// root). --no-build packs what is built; --dest <dir> writes elsewhere; --dirs only prints each
// package's folder in publishing order (what the release workflow publishes).
const { execFileSync } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..', '..');
/** Each published package's folder, in publishing order (a dependency before its dependents). */
const DIRS = {
	core: join(root, 'packages', 'huma-client'),
	'node-red': join(root, 'packages', 'node-red-contrib-huma'),
	n8n: root,
};
const manifest = (role) => JSON.parse(readFileSync(join(DIRS[role], 'package.json'), 'utf8'));
/** Package name → folder; names are read from each package.json, never written here. */
const PACKAGES = Object.fromEntries(
	Object.keys(DIRS).map((role) => [manifest(role).name, DIRS[role]]),
);

/** Packs one package (a role: core, node-red, n8n; or its name) into dest; answers the tarball's path. */
function pack(which, dest) {
	const dir = DIRS[which] ?? PACKAGES[which];
	if (!dir) throw new Error(`No package "${which}": one of ${Object.keys(DIRS).join(', ')}`);
	mkdirSync(dest, { recursive: true });
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], {
		cwd: dir,
		encoding: 'utf8',
	});
	return join(dest, out.trim().split('\n').pop());
}

/**
 * The tarballs a user installs together for one package: the package and, for the Node-RED
 * package, the core it depends on (not on the registry until released), so that `npm install`
 * of these finds everything in them.
 */
function packForInstall(role, dest) {
	return role === 'node-red' ? [pack('core', dest), pack('node-red', dest)] : [pack(role, dest)];
}

if (require.main === module) {
	const { run } = require('../lib/run');
	const { option } = require('../dev/demo');
	const argv = process.argv.slice(2);
	if (argv.includes('--dirs')) {
		console.log(Object.values(DIRS).join('\n'));
		process.exit(0);
	}
	const dest = resolve(option(argv, '--dest', 'HUMA_PACK_DEST', join(root, 'dist-packages')));
	if (!argv.includes('--no-build')) run('npm', ['run', 'build'], { cwd: root });
	for (const role of Object.keys(DIRS)) console.log(pack(role, dest));
}

module.exports = { pack, packForInstall, manifest, DIRS, PACKAGES };
