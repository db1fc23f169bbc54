// The Node-RED demo that `npm start` runs, and the example-flow tests reuse: the Huma sandbox,
// Node-RED with the Huma nodes installed in a user folder that is kept from one start to the next,
// a "Huma sandbox" connection, and the example flows deployed once (a user's changes stay).
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { startSandbox } = require('@huma-integrations/huma-sandbox');
const { startNodeRed, linkPackage } = require('../test/node-red-headless');
const { ensurePortFree, listenOn } = require('./demo');

const root = join(__dirname, '..', '..');
const pkg = join(root, 'packages', 'node-red-contrib-huma');
const CONFIG_ID = 'huma-sandbox-config';
/** The secret the sandbox signs its webhooks with, and the example's huma webhook node checks. */
const DEMO_WEBHOOK_SECRET = 'huma-sandbox-demo-webhook-secret';
/** Records which examples were deployed once: one the user deleted is not brought back. */
const RECORD = 'huma-demo-examples.json';

/** The example flows of the package, each with its tab id(s) and nodes. */
function readExamples() {
	const dir = join(pkg, 'examples');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const nodes = JSON.parse(readFileSync(join(dir, file), 'utf8')).filter(
				(n) => n.type !== 'huma-config',
			);
			return { file, tabs: nodes.filter((n) => n.type === 'tab').map((n) => n.id), nodes };
		});
}

const isSandboxConnection = (node) =>
	node.environment === 'custom' && /^http:\/\/127\.0\.0\.1:\d+\/?$/.test(node.baseUrl ?? '');

/**
 * The flows to deploy: the user's flows as they are, the "Huma sandbox" connection pointed at the
 * running sandbox (unless the user pointed it elsewhere), and the examples not deployed before.
 * Answers null when nothing changes.
 */
function mergeDemoFlows(current, sandbox, deployedBefore) {
	const flows = current.map((n) => ({ ...n }));
	const ids = new Set(flows.map((n) => n.id));
	let changed = false;
	let config = flows.find((n) => n.id === CONFIG_ID);
	if (!config) {
		config = {
			id: CONFIG_ID,
			type: 'huma-config',
			name: 'Huma sandbox',
			environment: 'custom',
			baseUrl: sandbox.url,
			credentials: sandbox.credentials,
		};
		flows.push(config);
		changed = true;
	} else if (isSandboxConnection(config)) {
		// The sandbox may run on another port than last time; its demo key is sent again either way.
		Object.assign(config, { baseUrl: sandbox.url, credentials: sandbox.credentials });
		changed = true;
	}
	const deployed = new Set(deployedBefore);
	for (const example of readExamples()) {
		const known = example.tabs.every((t) => deployed.has(t) || ids.has(t));
		for (const t of example.tabs) deployed.add(t);
		if (known) continue;
		for (const node of example.nodes) {
			if (node.type === 'huma-webhook')
				flows.push({ ...node, credentials: { secret: DEMO_WEBHOOK_SECRET } });
			else flows.push(node.huma ? { ...node, huma: CONFIG_ID } : node);
		}
		changed = true;
	}
	return { flows: changed ? flows : null, deployed: [...deployed] };
}

/** A people.csv for the "Import people from a CSV file" example: three new people, two known ones. */
function samplePeople(store) {
	const team = [...store.groups.values()].find((g) => g.type === 'team');
	const known = [...store.users.values()].slice(1, 3);
	const rows = [
		['ada.new@example.com', 'Ada', 'New', team.name, known[0].email],
		['ben.new@example.com', 'Ben', 'New', team.name, ''],
		['cleo.new@example.com', 'Cleo', 'New', '', ''],
		...known.map((u) => [u.email, u.givenName, u.familyName, '', '']),
	];
	return (
		['E-mail,First name,Last name,Team,Manager', ...rows.map((r) => r.join(','))].join('\n') + '\n'
	);
}

/**
 * @param {object} o
 * @param {{ port: number, flag: string, envName: string }} o.sandboxPort
 * @param {{ port: number, flag: string, envName: string }} o.nodeRedPort
 * @param {string} o.userDir Node-RED user folder, kept between starts
 * @param {string} o.exportDir where file nodes write (the CSV example)
 * @param {string} [o.redJs] @param {string} [o.node] @param {boolean} [o.quiet] @param {number} [o.users] @param {boolean} [o.strict]
 */
async function startNodeRedDemo(o) {
	await ensurePortFree(o.nodeRedPort, 'Node-RED');
	const sandbox = await listenOn(o.sandboxPort, 'the Huma sandbox', (port) =>
		startSandbox({ port, users: o.users ?? 200, strict: o.strict }),
	);
	try {
		linkPackage(o.userDir, 'node-red-demo');
		mkdirSync(o.exportDir, { recursive: true });
		const people = join(o.exportDir, 'people.csv');
		if (!existsSync(people)) writeFileSync(people, samplePeople(sandbox.sandbox.store));
		const red = await startNodeRed({
			redJs: o.redJs ?? require.resolve('node-red/red.js'),
			node: o.node,
			userDir: o.userDir,
			port: o.nodeRedPort.port,
			quiet: o.quiet,
			fileWorkingDirectory: o.exportDir,
		});
		const recordFile = join(o.userDir, RECORD);
		const before = existsSync(recordFile)
			? JSON.parse(readFileSync(recordFile, 'utf8')).deployed
			: [];
		const { flows, deployed } = mergeDemoFlows(await red.flows(), sandbox, before);
		if (flows) await red.deploy(flows);
		writeFileSync(recordFile, JSON.stringify({ deployed }, null, 2));
		// The sandbox's webhooks go to the first huma webhook node deployed (the welcome example's).
		const receiver = (flows ?? (await red.flows())).find(
			(n) => n.type === 'huma-webhook' && !n.d && n.url,
		);
		if (receiver)
			sandbox.sandbox.webhooks.configure({
				url: `${red.url}${receiver.url}`,
				secret: DEMO_WEBHOOK_SECRET,
			});
		return { red, sandbox };
	} catch (error) {
		await sandbox.close();
		throw error;
	}
}

module.exports = { startNodeRedDemo, readExamples, CONFIG_ID, DEMO_WEBHOOK_SECRET };
