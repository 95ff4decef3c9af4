/**
 * E2E: real n8n installs (scripts/lib/n8nInstall.js), the packed tarball, n8n's CLI, REST API and
 * editor. One file at a time: each starts n8n processes and the machine has two cores.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/setup.js'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	maxWorkers: 1,
	testTimeout: 300_000,
	reporters: ['default', '<rootDir>/test/reporters/summary.js'],
};
