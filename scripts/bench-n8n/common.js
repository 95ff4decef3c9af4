// @ts-check
/** What the n8n benchmarks share: options, the test server in its own process, packing, one timed run. */
const { execFileSync, fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { findRun } = require('../../test/e2e/support/n8nHome');

const VERSION = '2.40.7';
const API_KEY = 'hf_BENCHKEY_not_a_secret_0000';

/** @param {string} name @param {string} fallback */
function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

/**
 * The test server in a child process of its own (server.js), with these server.js options.
 * @param {string[]} options
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess }>}
 */
function startServer(options) {
	const child = fork(path.join(__dirname, 'server.js'), options, { execArgv: ['--import', 'tsx'] });
	return new Promise((resolve) =>
		child.once('message', (/** @type {any} */ m) => resolve({ url: m.url, child })),
	);
}

/**
 * What the server saw since the last call (and resets): peak in flight, requests, answers by status.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<{ maxInFlight: number, requests: number, statuses: Record<string, number> }>}
 */
const serverStats = (child) =>
	new Promise((resolve) => {
		child.once('message', (/** @type {any} */ m) => resolve(m));
		child.send('stats');
	});

/**
 * `npm pack` of a folder into a temporary directory: the tarball's path.
 * @param {string} folder
 * @param {string} into
 */
function pack(folder, into) {
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', into], {
		cwd: folder,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return path.join(into, String(name));
}

const median = (/** @type {number[]} */ values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

/**
 * One `n8n execute`, under /usr/bin/time for the peak RSS: the target's time, output and error.
 * @param {any} home an N8nHome
 * @param {string} id
 * @returns {Promise<{ ms: number, items: Array<{ json: any }>, rss: number, error?: string }>}
 */
async function runOnce(home, id) {
	const env = await home.env();
	// n8n prints the run (with every sub-node's log: all the vectors, for embeddings) and exits at
	// once: into a pipe the end of a large run would be lost, into a file it is written whole.
	const outFile = path.join(os.tmpdir(), `bench-n8n-${process.pid}-${id}.out`);
	const out = fs.openSync(outFile, 'w');
	const child = spawn(
		'/usr/bin/time',
		['-f', 'MAXRSS_KB=%M', process.execPath, home.bin, 'execute', `--id=${id}`, '--rawOutput'],
		{ env, cwd: home.userFolder, stdio: ['ignore', out, 'pipe'] },
	);
	let stderr = '';
	child.stderr?.on('data', (chunk) => (stderr += chunk));
	await new Promise((resolve) => child.on('close', resolve));
	fs.closeSync(out);
	const stdout = fs.readFileSync(outFile, 'utf8');
	fs.rmSync(outFile, { force: true });
	const run = findRun(stdout);
	const target = run?.data?.resultData?.runData?.Target?.[0];
	if (!target)
		throw new Error(`${id}: no run of Target\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
	const rss = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
	const error = target.error ? String(target.error.message) : undefined;
	return { ms: target.executionTime, items: target.data?.main?.[0] ?? [], rss, error };
}

module.exports = { API_KEY, VERSION, arg, median, pack, runOnce, serverStats, startServer };
