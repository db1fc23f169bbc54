// `npm run bench`: prints each benchmark as a ratio against a baseline measured in the same run.
// `npm run bench -- core node-red n8n` picks suites; all by default. n8n needs scripts/engines.js.
const all = { core: '../bench/core', 'node-red': '../bench/node-red', n8n: '../bench/n8n', triggers: '../bench/triggers' };
const picked = process.argv.slice(2).filter((a) => a in all);
const suites = (picked.length ? picked : Object.keys(all)).map((name) => [name, require(all[name])]);

(async () => {
  let failed = 0;
  for (const [name, suite] of suites) {
    console.log(`\n## ${name}`);
    for (const r of await suite()) {
      if (!r.pass) failed++;
      console.log(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${Number(r.ratio.toFixed(2))}${r.unit ?? 'x'} (goal ${r.goal}; ${r.detail})`);
    }
  }
  console.log(failed ? `\n${failed} benchmark goal(s) missed` : '\nAll benchmark goals met');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
