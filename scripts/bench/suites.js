// `npm run bench`: prints each benchmark as a ratio against a baseline measured in the same run,
// then a table of every goal with its figure, and writes the same to bench/results.json.
// `npm run bench -- core load node-red n8n n8n-queue triggers upsert` picks suites; all by default. n8n
// needs scripts/test/engines.js; n8n-queue also Redis and PostgreSQL (installed on first use).
// Each suite reports its own goals ({ name, ratio, unit?, goal, pass, detail }); this file only
// collects them. results.json is this machine's last run (not committed: figures depend on the
// machine): the table shows each goal's figure beside the one from the run before.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const all = {
	core: '../../bench/core',
	load: '../../bench/load',
	'node-red': '../../bench/node-red',
	n8n: '../../bench/n8n',
	'n8n-queue': '../../bench/n8n-queue',
	triggers: '../../bench/triggers',
	upsert: '../../bench/upsert',
};
const RESULTS = join(__dirname, '..', '..', 'bench', 'results.json');
const picked = process.argv.slice(2).filter((a) => a in all);
const suites = (picked.length ? picked : Object.keys(all)).map((name) => [
	name,
	require(all[name]),
]);

const figure = (r) => `${Number(r.ratio.toFixed(2))}${r.unit ?? 'x'}`;

function lastRun() {
	try {
		return existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : undefined;
	} catch {
		return undefined;
	}
}

(async () => {
	const last = lastRun();
	const results = [];
	for (const [suite, run] of suites) {
		console.log(`\n## ${suite}`);
		for (const r of await run()) {
			results.push({ suite, ...r });
			console.log(
				`${r.pass ? 'met   ' : 'MISSED'}  ${r.name}: ${figure(r)} (goal ${r.goal}; ${r.detail})`,
			);
		}
	}
	const before = new Map((last?.results ?? []).map((r) => [`${r.suite}: ${r.name}`, r]));
	console.log('\n## Goals\n');
	console.log('| Suite | Goal | Figure | Last run | Met |');
	console.log('| --- | --- | --- | --- | --- |');
	for (const r of results) {
		const previous = before.get(`${r.suite}: ${r.name}`);
		console.log(
			`| ${r.suite} | ${r.name} (goal ${r.goal}) | ${figure(r)} | ${previous ? figure(previous) : '-'} | ${r.pass ? 'met' : 'missed'} |`,
		);
	}
	// A run of some suites keeps the other suites' last figures.
	const kept = (last?.results ?? []).filter((r) => !suites.some(([name]) => name === r.suite));
	writeFileSync(
		RESULTS,
		`${JSON.stringify(
			{
				date: new Date().toISOString(),
				node: process.version,
				results: [...kept, ...results].map(({ suite, name, ratio, unit, goal, pass, detail }) => ({
					suite,
					name,
					ratio,
					unit: unit ?? 'x',
					goal,
					met: pass,
					detail,
				})),
			},
			null,
			'\t',
		)}\n`,
	);
	const failed = results.filter((r) => !r.pass).length;
	console.log(failed ? `\n${failed} benchmark goal(s) missed` : '\nAll benchmark goals met');
	console.log(`Written to ${RESULTS}`);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
