// The trigger facts are the core's, once: the webhook body limit, the topic filter, the polling
// events, the default deadline and how a comma list is split. Both engines read the core's
// exports; where an editor's HTML must hold a value literally (Node-RED's defaults, help), this
// checks it says the core's value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';
import {
	deadlineMsOf,
	DEFAULT_DEADLINE_SECONDS,
	DEFAULT_MAX_WEBHOOK_BYTES,
	DEFAULT_MAX_WEBHOOK_MB,
	DEFAULT_WEBHOOK_TOPICS,
	DEFAULT_WATCH_EVENTS,
	maxWebhookBytes,
	OTHER_TOPICS,
	PROFILE_TOPICS,
	splitList,
	topicWanted,
	WATCH_EVENTS,
} from '@huma-integrations/huma-client';
import { HumaTrigger } from '../../nodes/HumaTrigger/HumaTrigger.node';
import { HumaPollingTrigger } from '../../nodes/HumaPollingTrigger/HumaPollingTrigger.node';
import { requestOptionsProperty } from '../../nodes/Huma/shared/requestOptions';

const fields = require('../../packages/node-red-contrib-huma/src/editor/huma-fields.js');
const nodeRed = join(__dirname, '..', '..', 'packages', 'node-red-contrib-huma', 'src');
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');

const option = (properties: INodeProperties[], path: string): INodeProperties => {
	const [first, ...rest] = path.split('.');
	const found = properties.find((p) => p.name === first)!;
	return rest.length ? option(found.options as INodeProperties[], rest.join('.')) : found;
};

describe('trigger facts, once in the core', () => {
	it('the webhook body limit: 16 MB, the n8n option and the Node-RED default alike', () => {
		expect(DEFAULT_MAX_WEBHOOK_BYTES).toBe(DEFAULT_MAX_WEBHOOK_MB * 1024 * 1024);
		expect(maxWebhookBytes('')).toBe(DEFAULT_MAX_WEBHOOK_BYTES);
		expect(maxWebhookBytes(undefined)).toBe(DEFAULT_MAX_WEBHOOK_BYTES);
		expect(maxWebhookBytes('2')).toBe(2 * 1024 * 1024);
		const n8n = option(new HumaTrigger().description.properties, 'options.maxBodyMb');
		expect(n8n.default).toBe(DEFAULT_MAX_WEBHOOK_MB);
		expect(read(nodeRed, 'nodes', 'huma-webhook.html')).toContain(
			`maxBodyMb: { value: ${DEFAULT_MAX_WEBHOOK_MB},`,
		);
	});

	it('the topic filter: blank takes all, profile topics by name, any other by name or "other"', () => {
		expect(topicWanted('users-create', [])).toBe(true);
		expect(topicWanted('users-create', '')).toBe(true);
		expect(topicWanted('users-create', 'users-create, users-update')).toBe(true);
		expect(topicWanted('users-delete', ['users-create'])).toBe(false);
		// A profile topic is not one of the "other" topics.
		expect(topicWanted('users-delete', [OTHER_TOPICS])).toBe(false);
		expect(topicWanted('teams-update', [OTHER_TOPICS])).toBe(true);
		expect(topicWanted('teams-update', ['teams-update'])).toBe(true);
		expect(topicWanted('teams-update', ['users-create'])).toBe(false);
		// n8n offers each profile topic and "other"; every option value is one the filter knows.
		const events = option(new HumaTrigger().description.properties, 'events');
		const values = (events.options as { value: string }[]).map((o) => o.value).sort();
		expect(values).toEqual([...PROFILE_TOPICS, OTHER_TOPICS].sort());
		// Both start with the same topics.
		expect(events.default).toEqual(DEFAULT_WEBHOOK_TOPICS);
		expect(read(nodeRed, 'nodes', 'huma-webhook.html')).toContain(
			`topics: { value: '${DEFAULT_WEBHOOK_TOPICS.join(',')}' }`,
		);
	});

	it('the polling events: n8n offers the core list, Node-RED documents it, both start alike', () => {
		const events = option(new HumaPollingTrigger().description.properties, 'events');
		expect((events.options as { value: string }[]).map((o) => o.value).sort()).toEqual(
			[...WATCH_EVENTS].sort(),
		);
		expect(events.default).toEqual(DEFAULT_WATCH_EVENTS);
		const html = read(nodeRed, 'nodes', 'huma-watch.html');
		expect(html).toContain(`events: { value: '${DEFAULT_WATCH_EVENTS.join(',')}'`);
		expect(read(nodeRed, 'locales', 'en-US', 'huma-watch.json')).toContain(WATCH_EVENTS.join(', '));
		const help = read(nodeRed, 'locales', 'en-US', 'huma-watch.html');
		for (const event of WATCH_EVENTS) expect(help).toContain(`<code>${event}</code>`);
	});

	it(`the default deadline: ${DEFAULT_DEADLINE_SECONDS} s in both editors, their help and README`, () => {
		expect(option([requestOptionsProperty], 'requestOptions.deadline').default).toBe(
			DEFAULT_DEADLINE_SECONDS,
		);
		const config = read(nodeRed, 'nodes', 'huma-config.html');
		expect(config).toContain(`deadline: { value: ${DEFAULT_DEADLINE_SECONDS},`);
		expect(config).toContain(`placeholder="${DEFAULT_DEADLINE_SECONDS}"`);
		expect(read(nodeRed, 'locales', 'en-US', 'huma-config.html')).toContain(
			`${DEFAULT_DEADLINE_SECONDS} by default`,
		);
		expect(read(nodeRed, '..', 'README.md')).toContain(`${DEFAULT_DEADLINE_SECONDS} s by default`);
		// Node-RED applies it to a blank field; n8n to nothing unless the option is added.
		expect(deadlineMsOf('', DEFAULT_DEADLINE_SECONDS)).toBe(DEFAULT_DEADLINE_SECONDS * 1000);
		expect(deadlineMsOf(undefined, DEFAULT_DEADLINE_SECONDS)).toBe(DEFAULT_DEADLINE_SECONDS * 1000);
		expect(deadlineMsOf('0', DEFAULT_DEADLINE_SECONDS)).toBeUndefined();
		expect(deadlineMsOf('')).toBeUndefined();
		expect(deadlineMsOf(30)).toBe(30_000);
	});

	it('a comma list is split one way: the core, and the Node-RED editor alike', () => {
		for (const text of ['a,b', ' a , b ,, c ', '', ',', 'one'])
			expect(fields.splitList(text)).toEqual(splitList(text));
		expect(splitList(' a , b ,, c ')).toEqual(['a', 'b', 'c']);
	});
});
