// Small helpers shared by the repo scripts: run a command, fail loudly.
const { spawnSync } = require('node:child_process');

function run(command, args, options = {}) {
	const label = [command, ...args].join(' ');
	console.log(`\n> ${label}`);
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.status !== 0) {
		console.error(`\nFailed (${result.status ?? result.signal}): ${label}`);
		process.exit(result.status || 1);
	}
}

module.exports = { run };
