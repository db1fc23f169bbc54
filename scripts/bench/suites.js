// `npm run bench`: prints each benchmark as a ratio against a baseline measured in the same run.
// `npm run bench -- core load node-red n8n n8n-queue triggers` picks suites; all by default. n8n
// needs scripts/test/engines.js; n8n-queue also Redis and PostgreSQL (installed on first use).
const all = {
	core: '../../bench/core',
	load: '../../bench/load',
	'node-red': '../../bench/node-red',
	n8n: '../../bench/n8n',
	'n8n-queue': '../../bench/n8n-queue',
	triggers: '../../bench/triggers',
	upsert: '../../bench/upsert',
};
const picked = process.argv.slice(2).filter((a) => a in all);
const suites = (picked.length ? picked : Object.keys(all)).map((name) => [
	name,
	require(all[name]),
]);

(async () => {
	let failed = 0;
	for (const [name, suite] of suites) {
		console.log(`\n## ${name}`);
		for (const r of await suite()) {
			if (!r.pass) failed++;
			console.log(
				`${r.pass ? 'met   ' : 'MISSED'}  ${r.name}: ${Number(r.ratio.toFixed(2))}${r.unit ?? 'x'} (goal ${r.goal}; ${r.detail})`,
			);
		}
	}
	console.log(failed ? `\n${failed} benchmark goal(s) missed` : '\nAll benchmark goals met');
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
