import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		// Tests, the demo and the test server (testing/) are not shipped; they may use axios, timers and the console.
		files: ['test/**/*.ts', 'testing/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'no-console': 'off',
			// Test keys are fake on purpose, and tests rethrow what they catch.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
	{
		// The engine harness drives n8n-core's internals and the server reads any JSON a client sends.
		files: ['testing/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
];
