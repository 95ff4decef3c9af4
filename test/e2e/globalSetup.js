// @ts-check
/**
 * Before the E2E suite: pack this package once (exactly what users download) and make sure every
 * n8n version under test is installed in the cache outside the source tree.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureN8n, N8N_VERSIONS } = require('../../scripts/lib/n8nInstall');

/** Versions under test; E2E_N8N_VERSIONS=2.40.7 narrows a local run. */
function versionsUnderTest() {
	const chosen = process.env.E2E_N8N_VERSIONS?.split(',').map((v) => v.trim()).filter(Boolean);
	return chosen?.length ? chosen : N8N_VERSIONS;
}

module.exports = async function globalSetup() {
	const root = path.resolve(__dirname, '..', '..');
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-tgi-e2e-pack-'));
	// prepack (clean + build) first, so its output stays out of `npm pack --json`.
	execFileSync('npm', ['run', 'prepack'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	process.env.E2E_TARBALL = path.join(packDir, packed[0].filename);

	const versions = versionsUnderTest();
	for (const version of versions) ensureN8n(version);
	process.env.E2E_N8N_VERSIONS = versions.join(',');
};

module.exports.versionsUnderTest = versionsUnderTest;
