// Writes generated files, or with --check fails when the files on disk differ from them.
// Shared by every generator in the repo.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * @param {Record<string, string>} files content by absolute path
 * @param {{ check: boolean, clean?: string, root: string }} options `clean`: a folder emptied first, so
 *   files no longer generated disappear; `root`: paths are reported relative to it.
 */
export function syncGenerated(files, { check, clean, root }) {
	const paths = Object.keys(files);
	if (check) {
		const stale = paths.filter((path) => {
			try {
				return readFileSync(path, 'utf8') !== files[path];
			} catch {
				return true;
			}
		});
		if (stale.length) {
			console.error(
				`Generated files are stale: ${stale.map((p) => relative(root, p)).join(', ')}. Run \`npm run generate\`.`,
			);
			process.exit(1);
		}
		console.log(`${paths.length} generated files are up to date.`);
		return;
	}
	if (clean) rmSync(clean, { recursive: true, force: true });
	for (const path of paths) {
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, files[path]);
	}
	console.log(`Wrote ${paths.map((p) => relative(root, p)).join(', ')}`);
}
