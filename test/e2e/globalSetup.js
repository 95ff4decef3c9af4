// @ts-check
/**
 * Before the E2E suite: pack this package once (exactly what users download) and make sure every
 * n8n version under test is installed in the cache outside the source tree.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureN8n, N8N_VERSIONS } = require('../../scripts/lib/n8nInstall');
const { packTarball } = require('../../scripts/lib/pack');

/** Versions under test; E2E_N8N_VERSIONS=2.40.7 narrows a local run. */
function versionsUnderTest() {
	const chosen = process.env.E2E_N8N_VERSIONS?.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	return chosen?.length ? chosen : N8N_VERSIONS;
}

module.exports = async function globalSetup() {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-tgi-e2e-pack-'));
	process.env.E2E_TARBALL = packTarball(packDir);

	const versions = versionsUnderTest();
	for (const version of versions) ensureN8n(version);
	process.env.E2E_N8N_VERSIONS = versions.join(',');
};

module.exports.versionsUnderTest = versionsUnderTest;
