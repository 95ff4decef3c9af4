#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:n8n` (second part; alone: `node scripts/bench-n8n/embeddings.js`): inserting
 * chunks into n8n's Simple Vector Store in a real n8n (the pinned 2.40.7), against the test server
 * playing a TEI (20 ms per request, max_client_batch_size 32, max_concurrent_requests 8: 429 above
 * it). The workflow is `Manual Trigger → Set (N chunks) → Split Out → Simple Vector Store (insert)
 * ← Default Data Loader ← <embeddings>`; the store's own executionTime is the measure.
 *
 * Contenders: this package's Embeddings sub-node (defaults), n8n's Embeddings OpenAI pointed at
 * TEI's /v1/embeddings (defaults, and Batch Size 32), n8n's Embeddings Hugging Face Inference with
 * a Custom Inference Endpoint (TEI's root route). Prints time, ratio, requests, peak in flight,
 * batches refused as too large (413 before TEI 1.9, 422 since: the test server plays 1.9) and 429s.
 *
 * Options: --chunks 10000, --latency 20, --rounds 3, --only <id part,…>.
 */
const os = require('node:os');

const { API_KEY, arg, median, runOnce, serverStats, withBenchN8n } = require('./common');

const CHUNKS = Number(arg('chunks', '10000'));
const ROUNDS = Number(arg('rounds', '3'));
const MODEL = 'BAAI/bge-small-en-v1.5';

/**
 * @typedef {{ id: string, label: string, credentials: Record<string, unknown>,
 *   embeddings: Record<string, unknown>, store?: Record<string, unknown> }} Variant
 */

/**
 * The workflow of one contender.
 * @param {Variant} variant
 */
function workflow(variant) {
	const chunks = Array.from({ length: CHUNKS }, (_, index) => ({
		text: `Chunk ${index} of the handbook: section ${index % 97} covers topic ${index % 13} in some detail.`,
	}));
	const { id } = variant;
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			{
				id: `${id}-1`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-2`,
				name: 'Chunks',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ chunks }), options: {} },
			},
			{
				id: `${id}-3`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'chunks', options: {} },
			},
			{
				id: `${id}-4`,
				name: 'Target',
				type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
				typeVersion: 1.3,
				position: [600, 0],
				parameters: {
					mode: 'insert',
					memoryKey: { __rl: true, mode: 'id', value: `bench_${id}` },
					clearStore: true,
					...variant.store,
				},
			},
			{
				id: `${id}-5`,
				name: 'Default Data Loader',
				type: '@n8n/n8n-nodes-langchain.documentDefaultDataLoader',
				typeVersion: 1.1,
				position: [700, 200],
				parameters: {
					jsonMode: 'expressionData',
					jsonData: '={{ $json.text }}',
					textSplittingMode: 'simple',
					options: {},
				},
			},
			{
				id: `${id}-6`,
				name: 'Embeddings',
				position: [500, 200],
				credentials: variant.credentials,
				...variant.embeddings,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Chunks', type: 'main', index: 0 }]] },
			Chunks: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Target', type: 'main', index: 0 }]] },
			'Default Data Loader': { ai_document: [[{ node: 'Target', type: 'ai_document', index: 0 }]] },
			Embeddings: { ai_embedding: [[{ node: 'Target', type: 'ai_embedding', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** @param {string} url @returns {Variant[]} */
function variants(url) {
	const openAi = (/** @type {Record<string, unknown>} */ options) => ({
		type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi',
		typeVersion: 1.2,
		parameters: { model: MODEL, options },
	});
	const openAiCredential = { openAiApi: { id: 'benchOpenAiCred1', name: 'bench openai' } };
	return [
		{
			id: 'benchEmbTeiNode1',
			label: 'this package: Embeddings Hugging Face TEI (defaults)',
			credentials: { huggingFaceTgiApi: { id: 'benchTeiCred0001', name: 'bench tei' } },
			embeddings: {
				type: 'n8n-nodes-huggingface-tgi.embeddingsHuggingFaceTei',
				typeVersion: 1,
				parameters: { modelId: { __rl: true, mode: 'id', value: '' }, options: {} },
			},
		},
		{
			id: 'benchEmbTeiNode2',
			label: "this package, the store's Embedding Batch Size 1000",
			credentials: { huggingFaceTgiApi: { id: 'benchTeiCred0001', name: 'bench tei' } },
			embeddings: {
				type: 'n8n-nodes-huggingface-tgi.embeddingsHuggingFaceTei',
				typeVersion: 1,
				parameters: { modelId: { __rl: true, mode: 'id', value: '' }, options: {} },
			},
			store: { embeddingBatchSize: 1000 },
		},
		{
			id: 'benchEmbOpenAiDf',
			label: "n8n's Embeddings OpenAI → TEI /v1/embeddings (defaults)",
			credentials: openAiCredential,
			embeddings: openAi({}),
		},
		{
			id: 'benchEmbOpenAi32',
			label: "n8n's Embeddings OpenAI → TEI /v1/embeddings, Batch Size 32",
			credentials: openAiCredential,
			embeddings: openAi({ batchSize: 32 }),
		},
		{
			id: 'benchEmbHfInfer1',
			label: "n8n's Embeddings Hugging Face Inference, Custom Inference Endpoint",
			credentials: { huggingFaceApi: { id: 'benchHfApiCred01', name: 'bench hf' } },
			embeddings: {
				type: '@n8n/n8n-nodes-langchain.embeddingsHuggingFaceInference',
				typeVersion: 1,
				parameters: { modelName: MODEL, options: { endpointUrl: url } },
			},
		},
	];
}

async function main() {
	const latency = arg('latency', '20');
	const only = arg('only', '');
	const chosen = (/** @type {string} */ url) =>
		variants(url).filter(
			(variant) => only === '' || only.split(',').some((part) => variant.id.includes(part)),
		);
	const setup = {
		serverArgs: ['--latency', latency, '--mode', 'tei', '--max-concurrent', '8', '--model', MODEL],
		credentials: (/** @type {string} */ url) => [
			{
				id: 'benchTeiCred0001',
				name: 'bench tei',
				type: 'huggingFaceTgiApi',
				data: { apiKey: API_KEY, baseUrl: url, apiVersion: 'v1', serverType: 'auto' },
			},
			{
				id: 'benchOpenAiCred1',
				name: 'bench openai',
				type: 'openAiApi',
				data: { apiKey: API_KEY, url: `${url}/v1` },
			},
			{
				id: 'benchHfApiCred01',
				name: 'bench hf',
				type: 'huggingFaceApi',
				data: { apiKey: API_KEY },
			},
		],
		workflows: (/** @type {string} */ url) => chosen(url).map(workflow),
	};
	await withBenchN8n(setup, async ({ url, server, home }) => {
		const all = chosen(url);
		console.log(
			`\n${CHUNKS} chunks into a Simple Vector Store; TEI test server: ${latency} ms per request, max_client_batch_size 32, max_concurrent_requests 8; ${ROUNDS} rounds each (medians); ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
		);
		const results = [];
		for (const variant of all) {
			const times = [];
			let peak = 0;
			let requests = 0;
			/** @type {Record<string, number>} */
			const statuses = {};
			let outcome = 'all inserted';
			for (let round = 0; round < ROUNDS; round++) {
				await serverStats(server); // resets the counts
				const result = await runOnce(home, variant.id);
				const stats = await serverStats(server);
				peak = Math.max(peak, stats.maxInFlight);
				requests = Math.max(requests, stats.requests);
				for (const [status, count] of Object.entries(stats.statuses))
					statuses[status] = Math.max(statuses[status] ?? 0, count);
				times.push(result.ms);
				if (result.error) outcome = `failed: ${result.error.slice(0, 120)}`;
				else if (result.items.length !== CHUNKS && outcome === 'all inserted')
					outcome = `${result.items.length} of ${CHUNKS} inserted`;
			}
			results.push({ ...variant, ms: median(times), peak, requests, statuses, outcome });
			process.stdout.write(`  ${variant.label}: ${median(times)} ms (${outcome})\n`);
		}
		const ours = results.find((result) => result.id === 'benchEmbTeiNode1')?.ms ?? NaN;
		console.log(
			'\n| Contender | executionTime (ms) | × this node | requests | peak in flight | 413/422s | 429s | outcome |',
		);
		console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
		for (const r of results) {
			console.log(
				`| ${r.label} | ${r.ms} | ${r.outcome === 'all inserted' ? (r.ms / ours).toFixed(2) : '—'} | ${r.requests} | ${r.peak} | ${(r.statuses['413'] ?? 0) + (r.statuses['422'] ?? 0)} | ${r.statuses['429'] ?? 0} | ${r.outcome} |`,
			);
		}
		console.log('\n(requests, 413/422s and 429s: the most in one round)');
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
