// The real Node-RED runtime for the tests of this folder (node-red-node-test-helper): Node-RED 4
// from the workspace, or the one HUMA_NODE_RED names (Node-RED 5 on Node 24, scripts/test/stages.js).
import { dirname, join } from 'node:path';

export const helper = require('node-red-node-test-helper');

export const nodeRedMain = process.env.HUMA_NODE_RED
	? require.resolve(process.env.HUMA_NODE_RED)
	: require.resolve('node-red');
helper.init(nodeRedMain);

export const humaPackage = join(__dirname, '..', '..', 'packages', 'node-red-contrib-huma');
const coreNodes = dirname(
	require.resolve('@node-red/nodes/package.json', { paths: [dirname(nodeRedMain)] }),
);

/** One of our nodes, by type (`huma-user`), as its built `nodes/<type>.js` registers it. */
export const humaNode = (type: string) => require(join(humaPackage, 'nodes', `${type}.js`));

/** One of Node-RED's own nodes, by its file under @node-red/nodes (`core/common/25-catch.js`). */
export const coreNode = (file: string) => require(join(coreNodes, file));

/** Starts the runtime's server for this file and unloads each test's flow after it. */
export function useNodeRed(): void {
	beforeAll(() => new Promise<void>((resolve) => helper.startServer(resolve)));
	afterAll(() => new Promise<void>((resolve) => helper.stopServer(resolve)));
	afterEach(() => helper.unload());
}
