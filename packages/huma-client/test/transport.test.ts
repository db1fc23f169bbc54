import { HumaApiError, HumaClient } from '@huma-integrations/huma-client/node';

describe('transports that parse JSON themselves', () => {
	it('takes an answer already parsed as it is, for results and for errors', async () => {
		const parsed = { id: '7a1c2d9e-0000-4000-8000-000000000001', name: 'Payroll Lead' };
		const answers = [
			{ status: 200, headers: {}, body: '', json: parsed },
			{
				status: 404,
				headers: {},
				body: '',
				json: {
					errorCode: 'object:not-found',
					errorMessage: 'No such job title',
					interpolations: {},
				},
			},
		];
		const c = new HumaClient({
			baseUrl: 'http://127.0.0.1:9',
			sleep: jest.fn(),
			transport: { request: async () => answers.shift()! },
		});
		expect(await c.call('jobTitle.get', { id: parsed.id })).toBe(parsed);
		const error = (await c
			.call('jobTitle.get', { id: parsed.id })
			.catch((e: unknown) => e)) as HumaApiError;
		expect(error).toBeInstanceOf(HumaApiError);
		expect(error.errorCode).toBe('object:not-found');
	});
});
