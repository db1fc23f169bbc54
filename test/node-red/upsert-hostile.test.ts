// huma-user's Create or update in the real Node-RED runtime against hostile messages: rows that
// are not objects, msg.parts sequences that are broken. Each bad row fails alone; a bad message
// goes to Catch naming what is wrong; nothing throws a TypeError or waits forever.
import { useSandbox } from '../helpers/sandbox';
import { helper, humaNode, coreNode, useNodeRed } from './setup';

const configNode = humaNode('huma-config');
const userNode = humaNode('huma-user');
const catchNode = coreNode('core/common/25-catch.js');

const sandbox = useSandbox({ users: 30, seed: 21 });

useNodeRed();

type Msg = Record<string, any>;
const store = () => sandbox().sandbox.store;

/** Deploys config + huma-user (dry run) + catch; `next` resolves at the next summary or caught error. */
async function deploy() {
	await helper.load(
		[configNode, userNode, catchNode],
		[
			{ id: 'cfg', type: 'huma-config', environment: 'custom', baseUrl: sandbox().url },
			{
				id: 'n1',
				type: 'huma-user',
				huma: 'cfg',
				operation: 'upsert',
				upsert: { matchBy: 'email', dryRun: true },
				wires: [['out']],
			},
			{ id: 'out', type: 'helper' },
			{ id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
			{ id: 'caught', type: 'helper' },
		],
		{ cfg: sandbox().credentials },
	);
	const rows: Msg[] = [];
	const statuses: string[] = [];
	const node = helper.getNode('n1');
	const status = node.status.bind(node);
	node.status = (s: { text?: string }) => {
		if (s?.text) statuses.push(s.text);
		return status(s);
	};
	helper.getNode('out').on('input', (msg: Msg) => {
		if (msg.complete !== true) rows.push(msg);
	});
	const next = () =>
		new Promise<{ summary?: Msg; error?: Msg }>((resolve) => {
			const onOut = (msg: Msg) => {
				if (msg.complete !== true) return;
				helper.getNode('caught').off('input', onError);
				helper.getNode('out').off('input', onOut);
				resolve({ summary: msg });
			};
			const onError = (msg: Msg) => {
				helper.getNode('caught').off('input', onError);
				helper.getNode('out').off('input', onOut);
				resolve({ error: msg });
			};
			helper.getNode('out').on('input', onOut);
			helper.getNode('caught').on('input', onError);
		});
	return { node, rows, statuses, next };
}

const users = () => [...store().users.values()].filter((u) => u.id !== store().serviceUserId);

describe('huma-user Create or update against hostile messages', () => {
	it('rows that are not objects fail alone; the other rows of the batch still run', async () => {
		const { node, rows, next } = await deploy();
		const [a] = users();
		const done = next();
		node.receive({ payload: ['a string', null, [1], { email: a.email, phone: '+47 1' }] });
		const { summary, error } = await done;
		expect(error).toBeUndefined();
		expect(rows.map((m) => m.payload.action)).toEqual([
			'failed',
			'failed',
			'failed',
			'wouldUpdate',
		]);
		expect(rows[0].payload.error).toMatchObject({ field: 'row', code: 'INVALID' });
		expect(summary!.payload).toMatchObject({ failed: 3, wouldUpdate: 1, total: 4 });
	});

	it('a payload that is neither rows nor a row goes to Catch, naming msg.payload', async () => {
		const { node, next, statuses } = await deploy();
		for (const payload of ['just text', 42, null]) {
			const done = next();
			node.receive({ payload });
			const { error } = await done;
			expect(error!.error.message).toMatch(/msg\.payload/);
			expect(error!.error.message).not.toMatch(/TypeError|Cannot read/);
		}
		expect(statuses.length).toBeGreaterThan(0);
	});

	it('a parts sequence with an index out of range, repeated or missing goes to Catch; the rest completes', async () => {
		const { node, rows, next } = await deploy();
		const [a, b] = users();
		const part = (index: unknown, payload: unknown, extra: Msg = {}) => ({
			payload,
			parts: { id: 'seq1', index, count: 2, ...extra },
		});
		for (const index of [5, -1, 'x', undefined]) {
			const done = next();
			node.receive(part(index, { email: a.email, phone: '+47 2' }));
			const { error } = await done;
			expect(error!.error.message).toMatch(/msg\.parts\.index/);
		}
		node.receive(part(0, { email: a.email, phone: '+47 2' }));
		const repeated = next();
		node.receive(part(0, { email: a.email, phone: '+47 3' }));
		expect((await repeated).error!.error.message).toMatch(/msg\.parts\.index/);
		const done = next();
		node.receive(part(1, { email: b.email, phone: '+47 2' }));
		const { summary } = await done;
		expect(summary!.payload).toMatchObject({ wouldUpdate: 2, total: 2 });
		expect(rows.map((m) => m.payload.key)).toEqual([a.email, b.email]);
	});

	it('a batch of 2,000 rows: one result each, and at most about a hundred progress statuses', async () => {
		const { node, rows, statuses, next } = await deploy();
		const done = next();
		node.receive({
			payload: Array.from({ length: 2000 }, (_, i) => ({
				email: `bulk.${i}@example.com`,
				givenName: 'Bulk',
				familyName: String(i),
			})),
		});
		const { summary } = await done;
		expect(summary!.payload).toMatchObject({ wouldCreate: 2000, total: 2000 });
		expect(rows).toHaveLength(2000);
		const progress = statuses.filter((s) => /^\d+\/2000$/.test(s));
		expect(progress.at(-1)).toBe('2000/2000');
		expect(progress.length).toBeLessThanOrEqual(102);
	});

	it('a sequence of 1,000 parts: one batch, and at most about a hundred "rows in" statuses', async () => {
		const { node, rows, statuses, next } = await deploy();
		const done = next();
		for (let index = 0; index < 1000; index++)
			node.receive({
				payload: {
					email: `part.${index}@example.com`,
					givenName: 'Part',
					familyName: String(index),
				},
				parts: { id: 'many', index, count: 1000 },
			});
		const { summary } = await done;
		expect(summary!.payload).toMatchObject({ wouldCreate: 1000, total: 1000 });
		expect(rows).toHaveLength(1000);
		const arriving = statuses.filter((s) => s.endsWith('rows in'));
		expect(arriving.at(-1)).toBe('1000/1000 rows in');
		expect(arriving.length).toBeLessThanOrEqual(102);
	});

	it('two interleaved sequences, and a count given only on the last part, each run as one batch', async () => {
		const { node, next } = await deploy();
		const [a, b, c] = users();
		const first = next();
		node.receive({ payload: { email: a.email }, parts: { id: 'A', index: 0 } });
		node.receive({ payload: { email: b.email }, parts: { id: 'B', index: 0, count: 1 } });
		expect((await first).summary!.payload).toMatchObject({ total: 1 });
		const second = next();
		node.receive({ payload: { email: c.email }, parts: { id: 'A', index: 1, count: 2 } });
		expect((await second).summary!.payload).toMatchObject({ total: 2 });
	});
});
