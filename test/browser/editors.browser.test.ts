// The editors in a real headless Chromium (scripts/test/browser.js), offline, against the sandbox:
// Node-RED (headless, the package installed in its user folder) and n8n 2.x (`n8n start`).
// `npm test` runs it in its own stage; `npm run screenshots` runs it with HUMA_SCREENSHOTS set to
// write the README's pictures into docs/images/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useSandbox } from '../helpers/sandbox';
import { listOperations, nodeRedNodes } from '@huma-integrations/huma-client';

const {
	launchBrowser,
	watchErrors,
	nodeRedTour,
	nodeRedUpsertTour,
	n8nTour,
	n8nUpsertTour,
} = require('../../scripts/test/browser');
const { startNodeRed, linkPackage } = require('../../scripts/test/node-red-headless');

const root = join(__dirname, '..', '..');
const screenshots = process.env.HUMA_SCREENSHOTS;
const sandbox = useSandbox({ users: 80, seed: 31 });
const log = (line: string) => process.stdout.write(`  ${line}\n`);

let browser: { context: any; close(): Promise<void> };
beforeAll(async () => {
	if (screenshots) mkdirSync(screenshots, { recursive: true });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => browser?.close());

describe('Node-RED editor', () => {
	let red: { url: string; deploy(flows: unknown[]): Promise<void>; stop(): Promise<void> };
	let userDir: string;

	beforeAll(async () => {
		mkdirSync(join(root, '.cache'), { recursive: true });
		userDir = mkdtempSync(join(root, '.cache', 'node-red-browser-'));
		linkPackage(userDir, 'node-red-browser');
		red = await startNodeRed({
			redJs: require.resolve('node-red/red.js'),
			userDir,
			port: 18900 + (process.pid % 90),
			quiet: true,
		});
		// Every resource node but the user node (opened on its own below), on the operation each
		// node starts with: its plain list where it has one, else create.
		const others = nodeRedNodes()
			.filter((n) => n.type !== 'huma-user')
			.map((n) => [
				n.type,
				listOperations(n.resource).some((op) => op.action === 'list') ? 'list' : 'create',
			]);
		await red.deploy([
			{ id: 'tour-tab', type: 'tab', label: 'Huma' },
			{
				id: 'tour-cfg',
				type: 'huma-config',
				name: 'Huma sandbox',
				environment: 'custom',
				baseUrl: sandbox().url,
				credentials: sandbox().credentials,
			},
			{
				id: 'tour-inject',
				type: 'inject',
				z: 'tour-tab',
				name: 'go',
				props: [{ p: 'payload' }],
				repeat: '',
				crontab: '',
				once: false,
				onceDelay: 0.1,
				topic: '',
				payload: '',
				payloadType: 'date',
				x: 110,
				y: 80,
				wires: [['tour-users']],
			},
			{
				id: 'tour-users',
				type: 'huma-user',
				z: 'tour-tab',
				huma: 'tour-cfg',
				operation: 'list',
				params: { isActive: { value: 'true', type: 'bool' } },
				returnAll: true,
				outputMode: 'array',
				simplify: true,
				x: 320,
				y: 80,
				wires: [['tour-debug']],
			},
			{
				id: 'tour-debug',
				type: 'debug',
				z: 'tour-tab',
				name: 'users in the team',
				active: true,
				tosidebar: true,
				complete: 'payload.length',
				targetType: 'msg',
				x: 560,
				y: 80,
				wires: [],
			},
			{
				id: 'tour-upsert',
				type: 'huma-user',
				z: 'tour-tab',
				name: 'import people',
				huma: 'tour-cfg',
				operation: 'upsert',
				upsert: {
					matchBy: 'email',
					mapping: [
						{ from: 'E-mail', to: 'email' },
						{ from: 'First name', to: 'givenName' },
						{ from: 'Last name', to: 'familyName' },
					],
				},
				x: 320,
				y: 420,
				wires: [[]],
			},
			...others.map(([type, operation], i) => ({
				id: `tour-${type}`,
				type,
				z: 'tour-tab',
				huma: 'tour-cfg',
				operation,
				x: 170 + (i % 3) * 270,
				y: 180 + Math.floor(i / 3) * 70,
				wires: [[]],
			})),
		]);
	}, 120_000);

	afterAll(async () => {
		await red?.stop();
		if (userDir) rmSync(userDir, { recursive: true, force: true });
	});

	it('opens every Huma node, picks a team from a dropdown loaded from Huma, tests the connection, deploys and injects', async () => {
		const store = sandbox().sandbox.store;
		const team = [...store.groups.values()]
			.filter((g) => g.type === 'team')
			.sort((a, b) => a.name.localeCompare(b.name))[0];
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		const result = await nodeRedTour(page, {
			url: red.url,
			teamName: team.name,
			screenshots,
			log,
		}).catch(async (error: Error) => {
			await page.screenshot({ path: join(root, '.cache', 'node-red-browser-failure.png') });
			throw error;
		});
		expect(result.picked).toBe(team.id);
		expect(result.test.text).toMatch(/Connected/);
		const inTeam = [...store.users.values()].filter(
			(u) => u.active && u.groupIds.has(team.id),
		).length;
		expect(result.debug).toContain('msg.payload.length');
		expect(result.debug).toMatch(new RegExp(`msg\\.payload\\.length : number\\s*${inTeam}$`));
		expect(errors.ours()).toEqual([]);
		log(`console errors from elsewhere: ${errors.all().join(' | ') || 'none'}`);
		await page.close();
	}, 180_000);

	it("shows Create or update's mapping table with the organisation's custom fields, and saves a mapping", async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await page.goto(red.url);
		await page.waitForFunction("window.RED && RED.nodes.node('tour-upsert')", null, {
			timeout: 60_000,
		});
		const result = await nodeRedUpsertTour(page, {
			nodeId: 'tour-upsert',
			from: 'Shirt',
			to: 'custom.shirtSize',
			screenshots,
			log,
		}).catch(async (error: Error) => {
			await page.screenshot({ path: join(root, '.cache', 'node-red-upsert-failure.png') });
			throw error;
		});
		expect(result.choices).toEqual(
			expect.arrayContaining([
				'email',
				'groups',
				'supervisor',
				'custom.shirtSize',
				'custom.linkedIn',
			]),
		);
		expect(result.saved.mapping).toEqual([
			{ from: 'E-mail', to: 'email' },
			{ from: 'First name', to: 'givenName' },
			{ from: 'Last name', to: 'familyName' },
			{ from: 'Shirt', to: 'custom.shirtSize' },
		]);
		expect(result.saved.matchBy).toBe('email');
		expect(errors.ours()).toEqual([]);
		await page.close();
	}, 120_000);
});

describe('n8n editor', () => {
	const n8n = require('../../scripts/test/n8n-headless');
	const { exampleWorkflows } = require('../../scripts/dev/n8n-examples');
	let server: { url: string; stop(): Promise<void> };
	let userFolder: string;
	let cookie: { name: string; value: string };
	const credentials = { humaApi: { id: 'hUmAbRoWsErCrEd1', name: 'Huma sandbox' } };

	beforeAll(async () => {
		userFolder = mkdtempSync(join(root, '.cache', 'n8n-browser-'));
		n8n.prepareUserFolder(userFolder);
		n8n.importCredentials(userFolder, [
			{
				id: credentials.humaApi.id,
				name: 'Huma sandbox',
				type: 'humaApi',
				data: { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials },
			},
		]);
		// The example workflow users get (examples/n8n), as `npm run start:n8n` imports it.
		n8n.importWorkflows(userFolder, exampleWorkflows(credentials.humaApi));
		server = await n8n.start(userFolder, 26000 + (process.pid % 1000));
		// An owner, set up headless as on a fresh install; the browser gets the login cookie.
		const post = (path: string, body: unknown) =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const owner = {
			email: 'owner@example.com',
			firstName: 'Hilde',
			lastName: 'Owner',
			password: 'TestPassw0rd!',
		};
		expect((await post('/rest/owner/setup', owner)).status).toBe(200);
		const login = await post('/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		const [name, value] = (login.headers.get('set-cookie') ?? '').split(';')[0].split('=');
		cookie = { name, value };
	}, 300_000);

	afterAll(async () => {
		await server?.stop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	it("opens the example workflow, the Huma node's panel and its From list picker", async () => {
		await browser.context.addCookies([{ ...cookie, url: server.url }]);
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		const result = await n8nTour(page, {
			url: server.url,
			workflowId: exampleWorkflows(credentials.humaApi)[0].id,
			nodeName: 'Their supervisor',
			screenshots,
			log,
		}).catch(async (error: Error) => {
			await page.screenshot({ path: join(root, '.cache', 'n8n-browser-failure.png') });
			throw error;
		});
		// The subtitles read as words.
		expect(result.subtitles.join(' ')).toContain('Get Many: User');
		expect(result.subtitles.join(' ')).toContain('Get Supervisor: User');
		// The picker lists the sandbox's users, loaded through the node's searchUsers.
		const emails = [...sandbox().sandbox.store.users.values()].map((u) => u.email);
		expect(result.listed.length).toBeGreaterThan(0);
		expect(result.listed.every((text: string) => emails.some((e) => text.includes(e)))).toBe(true);
		// n8n probes /schemas/<node>/<version>/<resource>/<operation>.json for optional output
		// schemas, which the package does not ship: a 404 that n8n expects, not an error of ours.
		expect(
			errors.ours().filter((e: string) => !/404.*\/schemas\/n8n-nodes-huma\.huma\//.test(e)),
		).toEqual([]);
		log(`n8n console errors from elsewhere: ${errors.all().length}`);
		await page.close();
	}, 240_000);

	it("shows Create or Update's mapper: Huma's fields and the organisation's custom fields, matched by email", async () => {
		await browser.context.addCookies([{ ...cookie, url: server.url }]);
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		const example = exampleWorkflows(credentials.humaApi).find(
			(w: { id: string }) => w.id === 'hUmAsYnCpEoPlE01',
		);
		const result = await n8nUpsertTour(page, {
			url: server.url,
			workflowId: example.id,
			nodeName: 'Create or update people',
			screenshots,
			log,
		}).catch(async (error: Error) => {
			await page.screenshot({ path: join(root, '.cache', 'n8n-upsert-failure.png') });
			throw error;
		});
		expect(result.shown).toMatch(/Match On/);
		expect(result.shown).toMatch(/Email \(using to match\)/);
		// Required to create a user: shown without adding them.
		expect(result.shown).toMatch(/Given Name/);
		// The custom fields of the sandbox's organisation, loaded with the credential.
		expect(result.offered.join(' | ')).toMatch(/T-shirt size/);
		expect(result.offered.join(' | ')).toMatch(/LinkedIn profile/);
		expect(result.added).toMatch(/T-shirt size/);
		expect(
			errors.ours().filter((e: string) => !/404.*\/schemas\/n8n-nodes-huma\.huma\//.test(e)),
		).toEqual([]);
		await page.close();
	}, 240_000);
});
