// `npm run bench`: prints each benchmark as a ratio against a baseline measured in the same run.
const suites = [['core', require('../bench/core')]];

(async () => {
  let failed = 0;
  for (const [name, suite] of suites) {
    console.log(`\n## ${name}`);
    for (const r of await suite()) {
      if (!r.pass) failed++;
      console.log(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${Number(r.ratio.toFixed(2))}x (goal ${r.goal}; ${r.detail})`);
    }
  }
  console.log(failed ? `\n${failed} benchmark goal(s) missed` : '\nAll benchmark goals met');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
