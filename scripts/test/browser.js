// Drives the real editors in a headless Chromium (Debian's `chromium`, offline) through
// playwright-core: the Node-RED editor and the n8n editor, each against the Huma sandbox.
// Used by the browser test (test/browser/) and by `npm run screenshots`, which writes the
// README's pictures from the very same steps.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.HUMA_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's chromium, installed with apt-get when missing (CI runs as root on Debian). */
function ensureChromium() {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	console.log("Installing Debian's chromium for the editor browser test (apt-get)…");
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (!existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} is still missing after apt-get install chromium`);
	return CHROMIUM;
}

/** A headless Chromium with a fresh profile under .cache/, offline (no background traffic). */
async function launchBrowser() {
	const { chromium } = require('playwright-core');
	const profiles = join(root, '.cache', 'chromium-profiles');
	mkdirSync(profiles, { recursive: true });
	const userDataDir = mkdtempSync(join(profiles, 'profile-'));
	const args = [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-dev-shm-usage',
	];
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: ensureChromium(),
		headless: true,
		args,
		viewport: { width: 1400, height: 900 },
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** Collects what a page logs as errors; `ours()` keeps those that come from our packages. */
function watchErrors(page) {
	const errors = [];
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}\n${error.stack ?? ''}`));
	page.on('console', (message) => {
		if (message.type() === 'error')
			errors.push(`console: ${message.text()} @ ${message.location()?.url ?? ''}`);
	});
	return {
		all: () => errors,
		ours: () => errors.filter((e) => /huma/i.test(e)),
	};
}

const shot = (dir, name) => (dir ? join(dir, name) : undefined);

/**
 * The Node-RED editor: opens every Huma node's dialog, picks a team from the loaded dropdown,
 * runs the connection's Test, deploys, injects and reads the debug output.
 * @returns what the debug sidebar showed
 */
async function nodeRedTour(page, { url, teamName, screenshots, log = () => {} }) {
	await page.goto(url);
	await page.waitForSelector('.red-ui-palette-node[data-palette-type="huma-user"]', {
		timeout: 60_000,
	});
	await page.waitForFunction(() => window.RED && RED.nodes.node('tour-users'), null, {
		timeout: 30_000,
	});
	const labels = await page.$$eval(
		'.red-ui-palette-node[data-palette-type^="huma-"] .red-ui-palette-label',
		(els) => els.map((e) => e.textContent),
	);
	log(`palette: ${labels.join(', ')}`);

	const openDialog = async (id) => {
		await page.evaluate((nodeId) => RED.editor.edit(RED.nodes.node(nodeId)), id);
		await page.waitForSelector('#node-dialog-ok', { state: 'visible' });
		await page.waitForSelector('#node-input-operation option', { state: 'attached' });
	};
	const closeDialog = async (button) => {
		await page.click(button);
		await page.waitForSelector('#node-dialog-ok', { state: 'detached' });
	};

	// Every Huma node's dialog opens and shows its operations in words.
	const others = await page.evaluate(() => {
		const ids = [];
		RED.nodes.eachNode((n) => {
			if (/^huma-/.test(n.type) && n.id !== 'tour-users') ids.push(n.id);
		});
		return ids;
	});
	for (const id of others) {
		await openDialog(id);
		const operations = await page.$$eval('#node-input-operation option', (os) =>
			os.map((o) => o.textContent),
		);
		log(`${id}: ${operations.join(', ')}`);
		if (!operations.length || operations.some((o) => !/^[A-Z]/.test(o)))
			throw new Error(`${id}: operations not in words: ${operations}`);
		await closeDialog('#node-dialog-cancel');
	}

	// The users node: pick a team from the dropdown loaded from Huma.
	await openDialog('tour-users');
	await page.waitForFunction(
		() =>
			/loaded from Huma/.test(
				$('#huma-param-team').closest('.form-row').next('.huma-choices').text(),
			),
		null,
		{ timeout: 30_000 },
	);
	const teamRow = page.locator('#huma-param-team').locator('xpath=..');
	await teamRow.locator('.red-ui-typedInput-option-trigger').click();
	// The field takes several teams: the menu has a checkbox per team.
	const option = page
		.locator('.red-ui-typedInput-options:visible a', { hasText: teamName })
		.first();
	await option.click();
	await page.keyboard.press('Escape');
	const picked = await page.evaluate(() => $('#huma-param-team').typedInput('value'));
	if (!picked) throw new Error('no team was picked');
	log(`picked team ${teamName}: ${picked}`);
	if (screenshots) await page.screenshot({ path: shot(screenshots, 'node-red-editor.png') });

	// The connection's Test, from its own dialog.
	await page.click('#node-input-btn-huma-edit, #node-input-lookup-huma');
	await page.waitForSelector('#huma-config-test', { state: 'visible' });
	await page.click('#huma-config-test');
	await page.waitForSelector('.huma-config-test-result[data-reason]', { timeout: 30_000 });
	const test = await page.$eval('.huma-config-test-result', (e) => ({
		reason: e.getAttribute('data-reason'),
		text: e.textContent,
	}));
	log(`test connection: ${test.reason}: ${test.text}`);
	if (test.reason !== 'ok') throw new Error(`Test connection failed: ${test.text}`);
	if (screenshots) await page.screenshot({ path: shot(screenshots, 'node-red-config.png') });
	await page.click('#node-config-dialog-cancel');
	await page.waitForSelector('#node-config-dialog-cancel', { state: 'detached' });
	await closeDialog('#node-dialog-ok');

	// Deploy, inject, read the debug sidebar.
	await page.click('#red-ui-header-button-deploy');
	await page.waitForFunction(() => !RED.nodes.dirty(), null, { timeout: 30_000 });
	await page.evaluate(() => RED.sidebar.show('debug'));
	// Node-RED answers 404 until the deployed flows have started (later still on a loaded machine).
	await page.evaluate(async () => {
		for (let waited = 0; ; waited += 250) {
			try {
				return void (await $.post('inject/tour-inject'));
			} catch (xhr) {
				if (xhr.status !== 404 || waited > 15_000) throw new Error(`inject: ${xhr.status}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	});
	await page.waitForSelector('.red-ui-debug-msg', { timeout: 30_000 });
	const debug = await page.$eval('.red-ui-debug-msg', (e) => e.textContent);
	log(`debug: ${debug.slice(0, 200)}`);
	return { picked, debug, test };
}

/**
 * huma-user's Create or update dialog: the mapping table's fields loaded from the connection's
 * organisation (custom fields included), a mapping added and saved with the node.
 * @returns the field choices offered and the node's saved upsert setting
 */
async function nodeRedUpsertTour(page, { nodeId, from, to, screenshots, log = () => {} }) {
	await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), nodeId);
	await page.waitForSelector('#node-dialog-ok', { state: 'visible' });
	await page.waitForFunction(() => /fields loaded/.test($('.huma-upsert-columns').text()), null, {
		timeout: 30_000,
	});
	log(`upsert columns: ${await page.$eval('.huma-upsert-columns', (e) => e.textContent)}`);
	const choices = await page.evaluate(() =>
		$('.huma-upsert-to')
			.first()
			.find('option')
			.map((_, o) => o.value)
			.get(),
	);
	await page.click('.node-input-huma-upsert-mapping-row .red-ui-editableList-addButton');
	const added = page.locator('.huma-upsert-mapping li').last();
	await added.locator('.huma-upsert-from').fill(from);
	await added.locator('.huma-upsert-to').selectOption(to);
	if (screenshots)
		await page.screenshot({ path: shot(screenshots, 'node-red-upsert-mapping.png') });
	await page.click('#node-dialog-ok');
	await page.waitForSelector('#node-dialog-ok', { state: 'detached' });
	const saved = await page.evaluate((id) => RED.nodes.node(id).upsert, nodeId);
	log(`saved upsert: ${JSON.stringify(saved)}`);
	return { choices, saved };
}

/**
 * The n8n editor: opens the example workflow, the Huma node's panel, and its *From list* picker.
 * @returns the node subtitles on the canvas and the items the picker listed
 */
async function n8nTour(page, { url, workflowId, nodeName, screenshots, log = () => {} }) {
	await page.goto(`${url}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor({ timeout: 90_000 });
	await page.waitForTimeout(1000); // the canvas fits the view once the nodes are measured
	const subtitles = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
	);
	log(`n8n canvas: ${subtitles.join(' | ')}`);
	if (screenshots) await page.screenshot({ path: shot(screenshots, 'n8n-editor.png') });

	await node.dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ timeout: 30_000 });
	// The user locator: switch it to From list and open the list loaded from Huma.
	const locator = panel
		.locator(
			'[data-test-id="resource-locator-dropdown"], [data-test-id="rlc-container"], .resource-locator',
		)
		.first();
	await locator.waitFor({ timeout: 30_000 });
	// The example maps the user by expression ({{ $json.id }}): switch to a fixed value first.
	const fixed = panel.getByText('Fixed', { exact: true }).first();
	if (await fixed.isVisible()) await fixed.click();
	const mode = panel.locator('[data-test-id="rlc-mode-selector"]').first();
	await mode.click();
	await page.locator('[data-test-id="mode-list"]:visible').first().click();
	await panel.locator('[data-test-id="rlc-input"]').first().click();
	const items = page.locator('[data-test-id="rlc-item"]');
	await items.first().waitFor({ timeout: 60_000 });
	const listed = await items.allTextContents();
	log(`n8n From list: ${listed.length} users, first ${listed[0]}`);
	if (screenshots) await page.screenshot({ path: shot(screenshots, 'n8n-node-panel.png') });
	return { subtitles, listed };
}

/**
 * n8n's Create or Update mapper: the sync example's Huma node switched to mapping each column,
 * its fields loaded through getMappingColumns, the column to match on, and the fields to add
 * (custom fields included).
 * @returns the texts the mapper shows and the fields it offers to add
 */
async function n8nUpsertTour(page, { url, workflowId, nodeName, screenshots, log = () => {} }) {
	await page.goto(`${url}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor({ timeout: 90_000 });
	await page.waitForTimeout(1000);
	await node.dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ timeout: 30_000 });
	await panel.locator('[data-test-id="resource-mapper-container"]').waitFor({ timeout: 30_000 });
	await panel.locator('[data-test-id="mapping-mode-select"]').click();
	await page
		.locator('.el-select-dropdown__item:visible', { hasText: /manually/i })
		.first()
		.click();
	const fields = panel.locator('[data-test-id="mapping-fields-container"]');
	await fields.waitFor({ timeout: 60_000 });
	const shown = (
		await panel.locator('[data-test-id="resource-mapper-container"]').first().innerText()
	).replace(/\s+/g, ' ');
	log(`n8n mapper fields: ${shown.slice(0, 200)}`);
	await panel.getByText('Add field to send', { exact: false }).first().click();
	// n8n 2.x lists them in a menu, n8n 1.x in a select's dropdown.
	const options = page.locator('[role="menuitem"]:visible, .el-select-dropdown__item:visible');
	await options.first().waitFor({ timeout: 30_000 });
	const offered = await options.allTextContents();
	log(`n8n mapper offers ${offered.length} fields to add`);
	// A custom field added to the mapper, its options loaded with the columns.
	await options.filter({ hasText: 'T-shirt size' }).first().click();
	await fields.getByText('T-shirt size').first().waitFor({ timeout: 30_000 });
	const added = (await fields.innerText()).replace(/\s+/g, ' ');
	if (screenshots) await page.screenshot({ path: shot(screenshots, 'n8n-upsert-mapper.png') });
	return { shown, offered, added };
}

module.exports = {
	n8nUpsertTour,
	ensureChromium,
	launchBrowser,
	watchErrors,
	nodeRedTour,
	nodeRedUpsertTour,
	n8nTour,
};
