/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/packages', '<rootDir>/test'],
	testMatch: ['**/test/**/*.test.ts'],
	// The real-n8n end-to-end tests need n8n 2.x on Node 24 (queue mode also Redis and
	// PostgreSQL), the tarball install test n8n too, the browser test Chromium: `npm test` runs
	// each in its own stage.
	testPathIgnorePatterns: [
		'/node_modules/',
		'/dist/',
		...(process.env.HUMA_N8N_REAL ? [] : ['n8n-real']),
		...(process.env.HUMA_N8N_QUEUE ? [] : ['n8n-queue']),
		...(process.env.HUMA_INSTALL_E2E ? [] : ['tarball-install']),
		...(process.env.HUMA_BROWSER ? [] : ['/test/browser/']),
	],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testTimeout: 30000,
	// HUMA_N8N_CORE_DIR runs the n8n tests on another n8n execution engine (n8n 1.x).
	moduleNameMapper: process.env.HUMA_N8N_CORE_DIR
		? {
				'^n8n-core$': `${process.env.HUMA_N8N_CORE_DIR}/node_modules/n8n-core`,
				'^n8n-workflow$': `${process.env.HUMA_N8N_CORE_DIR}/node_modules/n8n-workflow`,
			}
		: {},
};
