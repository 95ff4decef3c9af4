#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: throughput and overhead of the node, measured side by side in one run.
 *
 * N items go through the node in n8n-core's execution engine (testing/harness) against the
 * project's TGI test server with injected latency, running in a child process so the CPU and
 * heap measured here are the client's alone. Next to each run, at the same concurrency: a raw
 * axios client with a keep-alive agent (the floor), the same client with a fresh agent per request
 * (what n8n's HTTP helper does, so no connection is reused), and the node at concurrency 1 (the
 * speed-up baseline).
 *
 * Options: --latency MS (20), --sizes 500,2000, --concurrency 4,8,16,32, --heap-items 10000,
 * --serial-items 100 (items for the concurrency-1 baseline), --server-limit K (TGI's
 * --max-concurrent-requests; 0 = none).
 */
const { fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const API_KEY = 'hf_BENCHKEY_not_a_secret_0000';

/** @param {string} name @param {string} fallback */
function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}
const list = (/** @type {string} */ value) => value.split(',').map(Number);

/** Child process: the test server alone on its core. */
async function serve() {
	const { TgiTestServer } = require(path.join(ROOT, 'testing/server/tgiServer'));
	const server = new TgiTestServer({
		latencyMs: Number(arg('latency', '20')),
		maxConcurrent: Number(arg('server-limit', '0')),
	});
	const url = await server.start();
	// Keep the log small: the benchmark runs hundreds of thousands of requests.
	setInterval(() => server.requests.splice(0), 1000).unref();
	process.send?.({ url });
}

/** @returns {Promise<{url: string, child: import('node:child_process').ChildProcess}>} */
function startServer() {
	const child = fork(__filename, [
		'--server',
		'--latency',
		arg('latency', '20'),
		'--server-limit',
		arg('server-limit', '0'),
	]);
	return new Promise((resolve) =>
		child.once('message', (/** @type {any} */ message) => resolve({ url: message.url, child })),
	);
}

/**
 * Wall time, CPU ms and heap of one run: the peak (garbage included) and, with `liveEveryMs`, the
 * peak of what is reachable (a full GC before each sample, and at the end while the output is
 * held; it slows the run). @param {() => Promise<unknown>} run @param {number} [liveEveryMs]
 */
async function measure(run, liveEveryMs = 0) {
	global.gc?.();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	let live = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	const liveSampler =
		liveEveryMs > 0 && global.gc
			? setInterval(() => {
					global.gc?.();
					live = Math.max(live, process.memoryUsage().heapUsed);
				}, liveEveryMs)
			: undefined;
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const result = await run();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	clearInterval(sampler);
	clearInterval(liveSampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	if (liveSampler) {
		global.gc?.();
		live = Math.max(live, process.memoryUsage().heapUsed);
	}
	return {
		result,
		wallMs,
		cpuMs: (used.user + used.system) / 1000,
		peakHeap: peak - baseline,
		liveHeap: live - baseline,
	};
}

/** The node in n8n-core's engine. @param {string} url @param {number} count @param {number} concurrency */
async function runNode(url, count, concurrency) {
	const { runChatWorkflow } = require(path.join(ROOT, 'testing/harness/runWorkflow'));
	const items = Array.from({ length: count }, (_, i) => ({ q: `bench ${i}` }));
	const { output, error } = await runChatWorkflow({
		items,
		credentials: { apiKey: API_KEY, baseUrl: url, apiVersion: 'v1' },
		parameters: {
			resource: 'chat',
			operation: 'message',
			modelId: { __rl: true, mode: 'id', value: MODEL },
			messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
			options: { concurrency },
		},
	});
	if (error || output.length !== count)
		throw new Error(`node run failed: ${error?.message ?? output.length}`);
	return output;
}

/**
 * A plain axios client: same requests, same concurrency, nothing else. `freshAgent` opens a new
 * connection per request, as n8n's helper does (it builds new agents for every request).
 * @param {string} url @param {number} count @param {number} concurrency @param {boolean} [freshAgent]
 */
async function runRaw(url, count, concurrency, freshAgent = false) {
	const axios = require('axios');
	const keepAlive = new http.Agent({ keepAlive: true });
	const client = axios.create({ headers: { authorization: `Bearer ${API_KEY}` } });
	const output = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const httpAgent = freshAgent ? new http.Agent() : keepAlive;
			const body = { model: MODEL, messages: [{ role: 'user', content: `bench ${i}` }] };
			const { data } = await client.post(`${url}/v1/chat/completions`, body, { httpAgent });
			output[i] = { content: data.choices[0].message.content };
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return output;
}

const fmt = (/** @type {number} */ value, digits = 2) => value.toFixed(digits);
const mb = (/** @type {number} */ bytes) => `${fmt(bytes / 1048576, 1)} MB`;

async function main() {
	const latency = Number(arg('latency', '20'));
	const sizes = list(arg('sizes', '500,2000'));
	const levels = list(arg('concurrency', '4,8,16,32'));
	const heapItems = Number(arg('heap-items', '10000'));
	const serialItems = Number(arg('serial-items', '100'));
	const { url, child } = await startServer();
	try {
		console.log(
			`Node ${process.version}, ${require('node:os').cpus().length} cores, server latency ${latency} ms${arg('server-limit', '0') !== '0' ? `, server limit ${arg('server-limit', '0')}` : ''}\n`,
		);
		await runNode(url, 200, 8); // warm-up: module loading, JIT
		await runRaw(url, 200, 8);

		const serial = await measure(() => runNode(url, serialItems, 1));
		const serialPerItem = serial.wallMs / serialItems;
		console.log(
			`Node at concurrency 1: ${fmt(serialPerItem)} ms per item (${serialItems} items)\n`,
		);

		const rows = [];
		for (const count of sizes) {
			for (const concurrency of levels) {
				const raw = await measure(() => runRaw(url, count, concurrency));
				const fresh = await measure(() => runRaw(url, count, concurrency, true));
				const node = await measure(() => runNode(url, count, concurrency));
				rows.push({
					N: count,
					C: concurrency,
					'raw ms': Math.round(raw.wallMs),
					'raw fresh-agent ms': Math.round(fresh.wallMs),
					'node ms': Math.round(node.wallMs),
					'node/raw': fmt(node.wallMs / raw.wallMs),
					'node/raw fresh-agent': fmt(node.wallMs / fresh.wallMs),
					'speed-up vs C=1': fmt((serialPerItem * count) / node.wallMs, 1),
					'0.8·C': fmt(0.8 * concurrency, 1),
					'raw CPU ms/item': fmt(raw.cpuMs / count, 3),
					'node CPU ms/item': fmt(node.cpuMs / count, 3),
					'overhead ms/item': fmt((node.cpuMs - raw.cpuMs) / count, 3),
				});
			}
		}
		console.table(rows);

		console.log(
			'\nHeap against output size (node, concurrency 32; live = reachable, sampled after a full GC every 250 ms):',
		);
		const heapRows = [];
		for (const count of [heapItems / 10, heapItems / 2, heapItems]) {
			const node = await measure(() => runNode(url, count, 32), 250);
			const outputBytes = Buffer.byteLength(JSON.stringify(node.result));
			heapRows.push({
				N: count,
				'wall ms': Math.round(node.wallMs),
				'peak heap (with garbage)': mb(node.peakHeap),
				'peak live heap': mb(node.liveHeap),
				'live/item': `${Math.round(node.liveHeap / count)} B`,
				'output JSON/item': `${Math.round(outputBytes / count)} B`,
			});
		}
		console.table(heapRows);
	} finally {
		child.kill();
	}
}

if (process.argv.includes('--server')) {
	void serve();
} else {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
