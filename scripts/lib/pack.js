// @ts-check
/** `npm pack` of this package, exactly what users download: clean build first, then the tarball. */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/**
 * @param {string} destination folder for the .tgz
 * @returns {string} the tarball's path
 */
function packTarball(destination) {
	// prepack (clean + build) first, so its output stays out of `npm pack --json`.
	execFileSync('npm', ['run', 'prepack'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	return path.join(destination, packed[0].filename);
}

module.exports = { packTarball };
