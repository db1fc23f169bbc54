/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  // The real-n8n end-to-end test needs n8n 2.x on Node 24: `npm test` runs it in its own stage.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...(process.env.HUMA_N8N_REAL ? [] : ['n8n-real'])],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  testTimeout: 30000,
};
