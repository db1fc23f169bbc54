// Path values cannot change the endpoint: hostile ids are encoded or refused before sending.
import {
	HumaValidationError,
	operations,
	prepareRequest,
	type OperationSpec,
} from '@huma-integrations/huma-client/node';
import { useHardeningSandbox, caught } from './hardening-helpers';

const { client, counters } = useHardeningSandbox();

describe('path values cannot change the endpoint', () => {
	const hostile = [
		'.',
		'..',
		'...',
		' .. ',
		'%2e',
		'%2E',
		'%2e%2e',
		'%2E%2e',
		'.%2e',
		'%2e.',
		'%252e%252e',
		'a/..',
		'../users',
		'..%2f',
		'..%2F',
		'%2f',
		'/',
		'\\',
		'..\\',
		'\\..',
		'a\\b',
		'%5c',
		'',
		' ',
		'\t',
		'a\u0000b',
		'a\nb',
		'\r\n',
		'%00',
		'%0a',
		'a?b=1',
		'a#b',
		'a;b',
		'%',
		'%zz',
		'a b',
		'ünïcödé',
		'@',
		'..;',
		'me',
		'3fa85f64-5717-4562-b3fc-2c963f66afa6',
		'NO',
	];
	const withPathParams = operations.filter((op) => op.parameters.some((p) => p.in === 'path'));
	const base = 'https://huma.example/open-api';
	const valid = (op: OperationSpec, name: string) => {
		const param = op.parameters.find((p) => p.name === name)!;
		if (param.schema.format === 'ISO 3166-1 alpha-2') return 'NO';
		return param.schema.format === 'uuid' ? '3fa85f64-5717-4562-b3fc-2c963f66afa6' : 'me';
	};

	it.each(withPathParams.map((op) => [op.name, op] as const))(
		'%s: every hostile value is refused or stays one segment',
		(_name, op) => {
			// Only the path parameters: what is checked here is where a value can send the request.
			const pathOnly: OperationSpec = {
				...op,
				body: undefined,
				parameters: op.parameters.filter((p) => p.in === 'path'),
			};
			const template = op.path.split('/');
			for (const param of pathOnly.parameters) {
				for (const value of hostile) {
					const params = Object.fromEntries(
						pathOnly.parameters.map((p) => [
							p.name,
							p.name === param.name ? value : valid(op, p.name),
						]),
					);
					let prepared;
					try {
						prepared = prepareRequest(pathOnly, params);
					} catch (error) {
						expect(error).toBeInstanceOf(HumaValidationError);
						expect((error as HumaValidationError).fields).toContain(param.name);
						continue;
					}
					const segments = new URL(base + prepared.path).pathname.split('/').slice(2);
					expect(segments).toHaveLength(template.length - 1);
					template.slice(1).forEach((part, i) => {
						if (part === `{${param.name}}`) expect(decodeURIComponent(segments[i])).toBe(value);
						else if (!part.startsWith('{')) expect(segments[i]).toBe(part);
					});
				}
			}
		},
	);

	it('refuses dot segments over HTTP before anything is sent', async () => {
		const c = client();
		await c.users.get({ id: 'me' });
		const before = counters().requests;
		const attempts: [string, Record<string, unknown>, string][] = [
			['user.addToGroups', { id: '..', body: [] }, 'id'],
			['user.getSupervisor', { id: '.' }, 'id'],
			['position.delete', { userId: '..', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, 'userId'],
			['user.update', { id: '%2E%2e', body: {} }, 'id'],
			[
				'userChild.delete',
				{ userId: 'a/..', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
				'userId',
			],
		];
		for (const [name, params, field] of attempts) {
			const error = await caught(c.call(name as never, params as never));
			expect(error).toBeInstanceOf(HumaValidationError);
			expect((error as HumaValidationError).fields).toContain(field);
			expect((error as Error).message).toContain('Nothing was sent to Huma');
		}
		expect(counters().requests).toBe(before);
		await c.close();
	});
});
