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
 * The main thread's CPU time (ms) from `from` to `to` (epoch ms), interpolated between the probe's
 * samples ([epoch ms, CPU ms] pairs, cpuProbe.js); NaN without samples around that span.
 * @param {Array<[number, number]>} samples
 * @param {number} from
 * @param {number} to
 */
function cpuBetween(samples, from, to) {
	const at = (/** @type {number} */ time) => {
		const after = samples.findIndex(([t]) => t >= time);
		if (after <= 0) return NaN;
		const [t0, c0] = samples[after - 1];
		const [t1, c1] = samples[after];
		return c0 + ((c1 - c0) * (time - t0)) / (t1 - t0);
	};
	return at(to) - at(from);
}

/**
 * One `n8n execute`, under /usr/bin/time for the peak RSS, with cpuProbe.js loaded: the target's
 * time, its main-thread CPU time, output and error.
 * @param {any} home an N8nHome
 * @param {string} id
 * @returns {Promise<{ ms: number, cpuMs: number, items: Array<{ json: any }>, rss: number, error?: string }>}
 */
async function runOnce(home, id) {
	// n8n on Node 24 sometimes dies before it prints the run: such a run is repeated (twice at most).
	for (let attempt = 1; ; attempt++) {
		try {
			return await runN8nOnce(home, id);
		} catch (error) {
			if (!(error instanceof NoRunError) || attempt === 3) throw error;
			process.stdout.write(
				`  (${id}: n8n printed no run, exit ${error.exitCode}; running it again)\n`,
			);
		}
	}
}

class NoRunError extends Error {
	/** @param {string} message @param {number | null} exitCode */
	constructor(message, exitCode) {
		super(message);
		this.exitCode = exitCode;
	}
}

/**
 * @param {any} home
 * @param {string} id
 * @returns {Promise<{ ms: number, cpuMs: number, items: Array<{ json: any }>, rss: number, error?: string }>}
 */
async function runN8nOnce(home, id) {
	const cpuFile = path.join(os.tmpdir(), `bench-n8n-${process.pid}-${id}.cpu.json`);
	const env = { ...(await home.env()), BENCH_CPU_FILE: cpuFile };
	// n8n prints the run (with every sub-node's log: all the vectors, for embeddings) and exits at
	// once: into a pipe the end of a large run would be lost, into a file it is written whole.
	const outFile = path.join(os.tmpdir(), `bench-n8n-${process.pid}-${id}.out`);
	const out = fs.openSync(outFile, 'w');
	const probe = path.join(__dirname, 'cpuProbe.js');
	const child = spawn(
		'/usr/bin/time',
		[
			'-f',
			'MAXRSS_KB=%M',
			process.execPath,
			'--require',
			probe,
			home.bin,
			'execute',
			`--id=${id}`,
			'--rawOutput',
		],
		{ env, cwd: home.userFolder, stdio: ['ignore', out, 'pipe'] },
	);
	let stderr = '';
	child.stderr?.on('data', (chunk) => (stderr += chunk));
	const exitCode = await new Promise((resolve) => child.on('close', resolve));
	fs.closeSync(out);
	const stdout = fs.readFileSync(outFile, 'utf8');
	fs.rmSync(outFile, { force: true });
	// n8n on Node 24 sometimes crashes while exiting, before the probe writes: no CPU reading then.
	const samples = fs.existsSync(cpuFile) ? JSON.parse(fs.readFileSync(cpuFile, 'utf8')) : [];
	fs.rmSync(cpuFile, { force: true });
	const run = findRun(stdout);
	const target = run?.data?.resultData?.runData?.Target?.[0];
	if (!target)
		throw new NoRunError(
			`${id}: no run of Target\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
			/** @type {number | null} */ (exitCode),
		);
	const rss = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
	const error = target.error ? String(target.error.message) : undefined;
	const cpuMs = cpuBetween(samples, target.startTime, target.startTime + target.executionTime);
	return { ms: target.executionTime, cpuMs, items: target.data?.main?.[0] ?? [], rss, error };
}

/**
 * A benchmark's n8n: the pinned version installed, the test server started with `serverArgs`, this
 * package (built and packed) and the `extra` package folders installed as community packages,
 * `credentials(url)` imported, each workflow of `workflows(url)` written and imported; `measure`
 * gets them all; the server, the n8n home and the packs are removed however it ends.
 * @param {{ serverArgs: string[], extra?: string[],
 *   credentials: (url: string) => Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>,
 *   workflows: (url: string) => Array<{ id: string }> }} setup
 * @param {(bench: { url: string, server: import('node:child_process').ChildProcess, home: any }) => Promise<void>} measure
 */
async function withBenchN8n(setup, measure) {
	const { ensureN8n } = require('../lib/n8nInstall');
	const { N8nHome } = require('../../test/e2e/support/n8nHome');
	ensureN8n(VERSION);
	const { url, child: server } = await startServer(setup.serverArgs);
	const home = new N8nHome(VERSION);
	const packs = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-n8n-packs-'));
	try {
		console.log(`Packing the package; installing into n8n ${VERSION}…`);
		const root = path.resolve(__dirname, '..', '..');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
		home.installPackage(pack(root, packs));
		for (const folder of setup.extra ?? []) home.installPackage(pack(folder, packs));
		await home.importCredentials(setup.credentials(url));
		for (const workflow of setup.workflows(url)) {
			const file = path.join(packs, `${workflow.id}.json`);
			fs.writeFileSync(file, JSON.stringify(workflow));
			await home.importWorkflow(file);
		}
		await measure({ url, server, home });
	} finally {
		server.kill();
		home.remove();
		fs.rmSync(packs, { recursive: true, force: true });
	}
}

/**
 * A benchmark's workflow: `Start` (a Manual Trigger) and then `nodes`, each connected to the next.
 * @param {string} id
 * @param {Array<Record<string, unknown> & { name: string }>} nodes
 */
function chainWorkflow(id, nodes) {
	const all = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...nodes,
	].map((node, index) => ({ id: `${id}-${index + 1}`, position: [index * 200, 0], ...node }));
	/** @type {Record<string, unknown>} */
	const connections = {};
	for (let index = 1; index < all.length; index++)
		connections[all[index - 1].name] = {
			main: [[{ node: all[index].name, type: 'main', index: 0 }]],
		};
	return { id, name: `bench ${id}`, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

module.exports = {
	API_KEY,
	VERSION,
	arg,
	chainWorkflow,
	withBenchN8n,
	cpuBetween,
	median,
	pack,
	runOnce,
	serverStats,
	startServer,
};
