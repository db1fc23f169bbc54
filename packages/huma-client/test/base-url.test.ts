import { baseUrlOf, HumaClient, resolveBaseUrl } from '@huma-integrations/huma-client/node';

describe('base URL', () => {
	it('resolves environments and refuses plain http outside loopback', () => {
		expect(resolveBaseUrl('production')).toBe('https://openapi.humahr.com');
		expect(resolveBaseUrl('demo')).toBe('https://demo.openapi.humahr.com');
		expect(resolveBaseUrl('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
		expect(resolveBaseUrl('http://localhost:4010')).toBe('http://localhost:4010');
		expect(() => resolveBaseUrl('http://openapi.humahr.com')).toThrow('use https');
		expect(() => resolveBaseUrl('http://10.0.0.5')).toThrow('use https');
		expect(() => resolveBaseUrl('not a url')).toThrow('is not valid');
		expect(
			() =>
				new HumaClient({
					transport: { request: jest.fn() },
					sleep: jest.fn(),
					credentials: { clientId: 'a', clientSecret: '' },
				}),
		).toThrow('need a client secret');
	});

	it('reads a stored location (credential, config node) the same way everywhere: an environment, or custom with its URL', () => {
		expect(resolveBaseUrl(baseUrlOf({}))).toBe('https://openapi.humahr.com');
		expect(
			resolveBaseUrl(baseUrlOf({ environment: 'demo', baseUrl: 'https://ignored.example' })),
		).toBe('https://demo.openapi.humahr.com');
		expect(
			resolveBaseUrl(baseUrlOf({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010/' })),
		).toBe('http://127.0.0.1:4010');
		expect(() => resolveBaseUrl(baseUrlOf({ environment: 'custom' }))).toThrow('is not valid');
	});
});
