// @ts-check
/** Running a real n8n quietly on this machine: settings, a free port, waiting until it serves. */
const net = require('node:net');

/** @returns {Promise<number>} a TCP port that was free a moment ago */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {net.AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/** n8n settings for a quiet instance on a machine without internet: no telemetry, banners or templates. */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_SECURE_COOKIE: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_RUNNERS_ENABLED: 'true',
	N8N_RUNNERS_MODE: 'internal',
	NODE_OPTIONS: '',
};

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @param {string} label
 */
async function waitForReadiness(url, child, timeoutMs, label) {
	const deadline = Date.now() + timeoutMs;
	// n8n 1.x answers /healthz/readiness before its REST routes exist: wait for both.
	for (const path of ['/healthz/readiness', '/rest/settings']) {
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`${label} exited with ${child.exitCode} while starting`);
			if (Date.now() > deadline)
				throw new Error(`${label}: ${url}${path} did not answer within ${timeoutMs / 1000} s`);
			const status = await fetch(`${url}${path}`).then(
				(response) => response.status,
				() => 0,
			);
			if (status === 200) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

module.exports = { freePort, OFFLINE_ENV, waitForReadiness };
