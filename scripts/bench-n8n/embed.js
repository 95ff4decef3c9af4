#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:n8n` (third part; alone: `node scripts/bench-n8n/embed.js`): the action node's
 * Embed in a real n8n (the pinned 2.40.7), against the test server playing a TEI (20 ms per
 * request, max_client_batch_size 32, max_concurrent_requests 8: 429 above it). The workflow is
 * `Manual Trigger → Code (N items) → Target`; the target's own executionTime is the measure.
 *
 * Contenders: this node's Embed (Concurrency 8, TEI's limit), and n8n's HTTP Request node posting
 * one item's text to TEI's /embed per request (its best settings: Batching of 8, TEI's limit, every
 * latency + 10 ms — n8n's batching waits for the interval, not for the answers: with no interval
 * every request leaves at once and TEI's 429s fail the node). Beside them the physical limit: ⌈N / 32⌉ requests × latency / 8 at once.
 * Prints time, the ratios, main-thread CPU per item, requests, 429s, and the peak RSS of n8n with
 * N and with 10 × N items (memory that stays flat per item).
 *
 * Options: --items 10000, --latency 20, --rounds 3, --big 100000 (0: skip the memory run).
 */
const os = require('node:os');

const {
	API_KEY,
	arg,
	chainWorkflow,
	median,
	runOnce,
	serverStats,
	withBenchN8n,
} = require('./common');

const ITEMS = Number(arg('items', '10000'));
const BIG = Number(arg('big', String(ITEMS * 10)));
const ROUNDS = Number(arg('rounds', '3'));
const LATENCY = Number(arg('latency', '20'));
const MODEL = 'BAAI/bge-small-en-v1.5';
const BATCH = 32;
const AT_ONCE = 8;
/** The HTTP Request node's batch interval: a little more than a request's latency, so no more than 8 are in flight. */
const HTTP_INTERVAL_MS = LATENCY + 10;

/**
 * @param {string} id
 * @param {number} items
 * @param {Record<string, unknown>} target
 */
function workflow(id, items, target) {
	const text = 'Row ${i} of the catalogue: item ${i % 97} in category ${i % 13}';
	return chainWorkflow(id, [
		{
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { id: i, text: \`${text}\` } }));`,
			},
		},
		{ name: 'Target', ...target },
	]);
}

/** @param {string} url */
function contenders(url) {
	const embedNode = {
		type: 'n8n-nodes-huggingface-tgi.huggingFaceTgi',
		typeVersion: 1,
		credentials: { huggingFaceTgiApi: { id: 'benchTeiCred0001', name: 'bench tei' } },
		parameters: {
			resource: 'embedding',
			operation: 'embed',
			text: '={{ $json.text }}',
			modelId: { __rl: true, mode: 'id', value: '' },
			options: { concurrency: AT_ONCE, batchSize: BATCH },
		},
	};
	const httpRequest = {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials: { httpHeaderAuth: { id: 'benchHeaderAuth1', name: 'bench header' } },
		parameters: {
			method: 'POST',
			url: `${url}/embed`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ inputs: $json.text }) }}',
			// n8n's batching does not wait for a batch's answers, only for the interval: without one
			// every request leaves at once and TEI answers 429s, which fail the node.
			options: {
				batching: { batch: { batchSize: AT_ONCE, batchInterval: HTTP_INTERVAL_MS } },
			},
		},
	};
	return [
		{
			id: 'benchEmbedAction',
			label: `this node: Embed (Concurrency ${AT_ONCE})`,
			target: embedNode,
		},
		{
			id: 'benchEmbedHttpReq',
			label: `n8n's HTTP Request node, one item per request, Batching ${AT_ONCE} every ${HTTP_INTERVAL_MS} ms`,
			target: httpRequest,
		},
	];
}

/**
 * Whether every item came out (this node: each with its vector; the HTTP Request node: one answer per item).
 * @param {Array<{ json: any }>} items @param {number} count @param {string} id
 */
const allEmbedded = (items, count, id) =>
	items.length === count &&
	(!id.startsWith('benchEmbedAct') || items.every((item) => Array.isArray(item.json.embedding)));

async function main() {
	const credentials = (/** @type {string} */ url) => [
		{
			id: 'benchTeiCred0001',
			name: 'bench tei',
			type: 'huggingFaceTgiApi',
			data: { apiKey: API_KEY, baseUrl: url, apiVersion: 'v1', serverType: 'auto' },
		},
		{
			id: 'benchHeaderAuth1',
			name: 'bench header',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${API_KEY}` },
		},
	];
	/** @param {string} url */
	const runsOf = (url) => {
		const runs = contenders(url).map((contender) => ({ ...contender, items: ITEMS }));
		const [ours] = contenders(url);
		if (BIG > 0)
			runs.push({
				...ours,
				id: 'benchEmbedActBig',
				label: `${ours.label}, ${BIG} items`,
				items: BIG,
			});
		return runs;
	};
	const serverArgs = [
		'--latency',
		String(LATENCY),
		'--mode',
		'tei',
		'--max-concurrent',
		String(AT_ONCE),
		'--model',
		MODEL,
	];
	const workflows = (/** @type {string} */ url) =>
		runsOf(url).map((run) => workflow(run.id, run.items, run.target));
	await withBenchN8n({ serverArgs, credentials, workflows }, async ({ url, server, home }) => {
		const runs = runsOf(url);
		const limit = (Math.ceil(ITEMS / BATCH) * LATENCY) / AT_ONCE;
		console.log(
			`\n${ITEMS} items embedded; TEI test server: ${LATENCY} ms per request, max_client_batch_size ${BATCH}, max_concurrent_requests ${AT_ONCE}; ${ROUNDS} rounds each (medians); ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
		);
		console.log(
			`Physical limit: ⌈${ITEMS} / ${BATCH}⌉ × ${LATENCY} ms / ${AT_ONCE} = ${limit.toFixed(0)} ms\n`,
		);
		const results = [];
		for (const run of runs) {
			const rounds = run.items === ITEMS ? ROUNDS : 1;
			const times = [];
			const cpu = [];
			let rss = 0;
			let requests = 0;
			let throttled = 0;
			let outcome = 'all embedded';
			for (let round = 0; round < rounds; round++) {
				await serverStats(server); // resets the counts
				const result = await runOnce(home, run.id);
				const stats = await serverStats(server);
				requests = Math.max(requests, stats.requests);
				throttled = Math.max(throttled, stats.statuses['429'] ?? 0);
				times.push(result.ms);
				cpu.push(result.cpuMs);
				rss = Math.max(rss, result.rss);
				if (result.error) outcome = `failed: ${result.error.slice(0, 120)}`;
				else if (!allEmbedded(result.items, run.items, run.id))
					outcome = `${result.items.length} items, not all embedded`;
			}
			const ms = median(times);
			results.push({
				...run,
				ms,
				cpuPerItem: median(cpu) / run.items,
				rss,
				requests,
				throttled,
				outcome,
			});
			process.stdout.write(`  ${run.label}: ${ms} ms (${outcome})\n`);
		}
		const node = results.find((result) => result.id === 'benchEmbedAction');
		console.log(
			'\n| Contender | items | executionTime (ms) | × this node | × physical limit | main-thread CPU ms/item | requests | 429s | peak RSS (MB) | outcome |',
		);
		console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
		for (const r of results) {
			const perItemLimit = (Math.ceil(r.items / BATCH) * LATENCY) / AT_ONCE;
			console.log(
				`| ${r.label} | ${r.items} | ${r.ms} | ${node && r.items === ITEMS ? (r.ms / node.ms).toFixed(1) : '—'} | ${(r.ms / perItemLimit).toFixed(2)} | ${r.cpuPerItem.toFixed(3)} | ${r.requests} | ${r.throttled} | ${r.rss.toFixed(0)} | ${r.outcome} |`,
			);
		}
		const http = results.find((result) => result.id === 'benchEmbedHttpReq');
		if (node && http)
			console.log(
				`\nThis node is ${(http.ms / node.ms).toFixed(1)}× faster than the HTTP Request node.`,
			);
		console.log('(requests and 429s: the most in one round; the big run is one round)');
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
