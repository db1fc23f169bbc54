// `npm run release:dry`: what the release workflow would publish, without publishing: each package
// in publishing order with its name, version, file list and sizes, from `npm pack --dry-run`.
// Run `npm run build` first (the workflow builds before it publishes).
const { execFileSync } = require('node:child_process');
const { DIRS } = require('./pack');

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let total = 0;
for (const [role, dir] of Object.entries(DIRS)) {
	const [p] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' }),
	);
	total += p.size;
	console.log(
		`\n${p.name}@${p.version} (${role}): ${p.entryCount} files, ${kB(p.size)} packed, ${kB(p.unpackedSize)} unpacked`,
	);
	for (const f of p.files) console.log(`  ${kB(f.size).padStart(10)}  ${f.path}`);
}
// What `lerna version` would bump: the packages changed since their last release tag.
let changed = [];
try {
	changed = JSON.parse(
		execFileSync('npx', ['--no-install', 'lerna', 'changed', '--json', '--loglevel', 'silent'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
} catch {
	// lerna changed exits 1 when nothing changed
}
const names = changed.map((p) => p.name + (p.private ? ' (private, not published)' : ''));
console.log(
	`\nChanged since their last release tag (lerna version bumps these): ${names.join(', ') || 'none'}`,
);
console.log(
	`\n${Object.keys(DIRS).length} packages, ${kB(total)} to publish; nothing was published.`,
);
