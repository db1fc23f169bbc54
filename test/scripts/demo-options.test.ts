// The demos' ports: from a flag or the environment, checked, and a taken port named with the
// flag that changes it instead of a raw EADDRINUSE stack.
import { createServer, type Server } from 'node:net';

const { DemoError, ensurePortFree, listenOn, portOption } = require('../../scripts/dev/demo');
const { startSandbox } = require('@huma-integrations/huma-sandbox');

let taken: Server;
let port: number;
beforeAll(async () => {
	taken = createServer();
	await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
	port = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => taken.close(r)));

it('reads a port from --flag value, --flag=value, the environment, or the default', () => {
	process.env.HUMA_TEST_PORT = '4321';
	expect(portOption(['--x-port', '1234'], '--x-port', 'HUMA_TEST_PORT', 1).port).toBe(1234);
	expect(portOption(['--x-port=2345'], '--x-port', 'HUMA_TEST_PORT', 1).port).toBe(2345);
	expect(portOption([], '--x-port', 'HUMA_TEST_PORT', 1).port).toBe(4321);
	delete process.env.HUMA_TEST_PORT;
	expect(portOption([], '--x-port', 'HUMA_TEST_PORT', 4010).port).toBe(4010);
	expect(() => portOption(['--x-port', 'abc'], '--x-port', 'HUMA_TEST_PORT', 1)).toThrow(
		'--x-port (or HUMA_TEST_PORT) must be a port number from 1 to 65535, not "abc"',
	);
	expect(() => portOption(['--x-port'], '--x-port', 'HUMA_TEST_PORT', 1)).toThrow(
		'--x-port needs a value',
	);
});

it('names the port, what it was for and how to change it when it is taken', async () => {
	const setting = { port, flag: '--node-red-port', envName: 'NODE_RED_PORT' };
	const error = await ensurePortFree(setting, 'Node-RED').catch((e: Error) => e);
	expect(error).toBeInstanceOf(DemoError);
	expect(error.message).toContain(`Port ${port} on 127.0.0.1, for Node-RED, is already in use`);
	expect(error.message).toContain('--node-red-port <port> or NODE_RED_PORT=<port>');
	await expect(ensurePortFree({ ...setting, port: 0 }, 'Node-RED')).resolves.toBeUndefined();
});

it('turns the sandbox failing to listen on a taken port into the same message', async () => {
	const setting = { port, flag: '--sandbox-port', envName: 'HUMA_SANDBOX_PORT' };
	const error = await listenOn(setting, 'the Huma sandbox', (p: number) =>
		startSandbox({ port: p, users: 5 }),
	).catch((e: Error) => e);
	expect(error).toBeInstanceOf(DemoError);
	expect(error.message).toContain('--sandbox-port <port> or HUMA_SANDBOX_PORT=<port>');
});
