// readOncePerExecution: a field without an expression is read once for all items of an
// execution; a field with one is read (and evaluated) for each item, as n8n does it.
import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';
import { readOncePerExecution } from '../../nodes/Huma/shared/parameters';

/** A stand-in for n8n's getNodeParameter over stored values, counting the resolved reads. */
function context(
	stored: Record<string, unknown>,
	resolve: (name: string, item: number) => unknown,
) {
	const reads: string[] = [];
	const ctx = {
		getNodeParameter(
			name: string,
			item: number,
			fallback?: unknown,
			options?: IGetNodeParameterOptions,
		) {
			const raw = name in stored ? stored[name] : fallback;
			if (raw === undefined) throw new Error(`Could not get parameter "${name}"`);
			if (options?.rawExpressions) return raw;
			reads.push(`${name}@${item}`);
			return resolve(name, item);
		},
	} as unknown as Pick<IExecuteFunctions, 'getNodeParameter'>;
	return { ctx, reads };
}

describe('readOncePerExecution', () => {
	it('reads a plain value once and hands it to every item', () => {
		const { ctx, reads } = context({ operation: 'get', simplify: false }, (name) =>
			name === 'operation' ? 'get' : false,
		);
		const parameters = readOncePerExecution(ctx);
		for (let i = 0; i < 3; i++) {
			expect(parameters.getNodeParameter('operation', i)).toBe('get');
			expect(parameters.getNodeParameter('simplify', i, true)).toBe(false);
		}
		expect(reads).toEqual(['operation@0', 'simplify@0']);
	});

	it('evaluates an expression for each item, nested ones too', () => {
		const { ctx, reads } = context(
			{ simplify: '={{ $json.simple }}', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			(name, item) => (name === 'simplify' ? item % 2 === 0 : `user-${item}`),
		);
		const parameters = readOncePerExecution(ctx);
		expect([0, 1, 2].map((i) => parameters.getNodeParameter('simplify', i, true))).toEqual([
			true,
			false,
			true,
		]);
		expect(
			[0, 1].map((i) => parameters.getNodeParameter('id', i, undefined, { extractValue: true })),
		).toEqual(['user-0', 'user-1']);
		expect(reads).toEqual(['simplify@0', 'simplify@1', 'simplify@2', 'id@0', 'id@1']);
	});

	it('reads objects for each item, since callers may change what they get', () => {
		const { ctx, reads } = context({ filters: { isActive: true } }, () => ({ isActive: true }));
		const parameters = readOncePerExecution(ctx);
		const first = parameters.getNodeParameter('filters', 0, {});
		const second = parameters.getNodeParameter('filters', 1, {});
		expect(second).not.toBe(first);
		expect(reads).toEqual(['filters@0', 'filters@1']);
	});

	it('keeps no read that failed: each item meets its own error', () => {
		let fail = true;
		const { ctx, reads } = context({ limit: 5 }, (name) => {
			if (name === 'limit' && fail) throw new Error('invalid');
			return name === 'limit' ? 5 : '';
		});
		const parameters = readOncePerExecution(ctx);
		expect(() => parameters.getNodeParameter('limit', 0)).toThrow('invalid');
		fail = false;
		expect(parameters.getNodeParameter('limit', 1)).toBe(5);
		expect(parameters.getNodeParameter('limit', 2)).toBe(5);
		expect(reads).toEqual(['limit@0', 'limit@1']);
	});
});
