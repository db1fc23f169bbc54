// Shared by the demo scripts: ports from flags or the environment, a clear message when one is
// taken, print where things run, and stop them all on Ctrl+C.
const { createServer } = require('node:net');

/** An error meant for the person starting the demo: printed as is, without a stack. */
class DemoError extends Error {}

/**
 * A setting from `--flag value` or `--flag=value`, else the environment variable, else the default.
 * @param {string[]} argv
 */
function option(argv, flag, envName, fallback) {
	const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
	if (i === -1) return process.env[envName] || fallback;
	const value = argv[i].includes('=') ? argv[i].slice(flag.length + 1) : argv[i + 1];
	if (value === undefined || value.startsWith('--')) throw new DemoError(`${flag} needs a value`);
	return value;
}

/** A port number from `--flag`, the environment variable or the default. */
function portOption(argv, flag, envName, fallback) {
	const raw = option(argv, flag, envName, String(fallback));
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new DemoError(
			`${flag} (or ${envName}) must be a port number from 1 to 65535, not "${raw}"`,
		);
	}
	return { port, flag, envName };
}

const portTaken = ({ port, flag, envName }, what) =>
	new DemoError(
		`Port ${port} on 127.0.0.1, for ${what}, is already in use (another demo, or another program?).\n` +
			`Stop what holds it, or choose another port: ${flag} <port> or ${envName}=<port>.`,
	);

/** Fails with what to do when the port is taken, before anything is started on it. */
function ensurePortFree(setting, what) {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', (error) =>
			reject(error.code === 'EADDRINUSE' ? portTaken(setting, what) : error),
		);
		server.listen(setting.port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/** Starts a server on a port; a taken port becomes the same clear message. */
async function listenOn(setting, what, start) {
	try {
		return await start(setting.port);
	} catch (error) {
		if (error?.code === 'EADDRINUSE') throw portTaken(setting, what);
		throw error;
	}
}

function runDemo(start) {
	start()
		.then(({ banner, stops }) => {
			console.log(`\n${banner}\n\n  Press Ctrl+C to stop.\n`);
			const stop = async () => {
				for (const fn of stops) await fn();
				process.exit(0);
			};
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(error instanceof DemoError ? `\n${error.message}\n` : error);
			process.exit(1);
		});
}

module.exports = { runDemo, DemoError, option, portOption, ensurePortFree, listenOn };
