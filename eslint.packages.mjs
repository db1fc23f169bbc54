// Lint for the workspace packages, tests and scripts. The root eslint.config.mjs is n8n's
// strict default and covers the n8n node (credentials/, nodes/) through `n8n-node lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: [
			'**/dist/**',
			'**/node_modules/**',
			'packages/huma-client/src/generated/**',
			'packages/node-red-contrib-huma/{lib,nodes,resources}/**',
			'.cache/**',
		],
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			// Node-RED's node constructors are plain functions that keep `this` as `node`.
			'@typescript-eslint/no-this-alias': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
		languageOptions: {
			globals: {
				require: 'readonly',
				module: 'writable',
				process: 'readonly',
				console: 'readonly',
				__dirname: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				URLSearchParams: 'readonly',
				fetch: 'readonly',
				AbortController: 'readonly',
				AbortSignal: 'readonly',
				RED: 'readonly',
				$: 'readonly',
				window: 'readonly',
			},
		},
	},
);
