#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:n8n`: speed inside a real n8n (the pinned 2.40.7), not only inside n8n-core.
 *
 * One n8n installation (scripts/lib/n8nInstall.js) with the packed package and the benchmark's
 * floor node (./floor: a bare loop over n8n's httpRequest helper, the credential read once, nothing
 * evaluated per item) installed as community packages; the project's test server with injected
 * latency in a child process. Each
 * variant is a workflow `Manual Trigger → Set (N items) → Split Out → <target>`, run by
 * `n8n execute` several rounds; the target node's own executionTime is the measure.
 *
 * Options: --items 2000, --latency 20, --rounds 5, --concurrency 1,5,16,32 (this node), --floor 32,
 * --only <id part,…> (some variants only).
 */
const os = require('node:os');
const path = require('node:path');

const { API_KEY, arg, median, runOnce, serverStats, withBenchN8n } = require('./common');

const ITEMS = Number(arg('items', '2000'));
const ROUNDS = Number(arg('rounds', '5'));
const CONCURRENCY = arg('concurrency', '1,5,16,32').split(',').map(Number);
const FLOOR = Number(arg('floor', '32'));

/**
 * A workflow: Manual Trigger → Set (the items) → Split Out → target (← its chat model, if any).
 * @param {string} id
 * @param {Record<string, unknown>} target
 * @param {Record<string, unknown>} credentials
 * @param {Record<string, any>} [model]
 */
function workflow(id, target, credentials, model) {
	const items = Array.from({ length: ITEMS }, (_, index) => ({ q: `item ${index}` }));
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
				name: 'Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			},
			{
				id: `${id}-3`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
			{ id: `${id}-4`, name: 'Target', position: [600, 0], credentials, ...target },
			...(model ? [{ id: `${id}-5`, ...model }] : []),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Target', type: 'main', index: 0 }]] },
			...(model
				? {
						[model.name]: {
							ai_languageModel: [[{ node: 'Target', type: 'ai_languageModel', index: 0 }]],
						},
					}
				: {}),
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * @typedef {{ id: string, label: string, concurrency: number, credentials: Record<string, unknown>,
 *   target: Record<string, unknown>, model?: Record<string, any>, floor?: boolean,
 *   text: (json: any) => unknown }} Variant
 */

/**
 * The variants: what runs as Target, and how its answer's text is read.
 * @param {string} url
 * @returns {Variant[]}
 */
function variants(url) {
	const tgiCredential = { huggingFaceTgiApi: { id: 'benchTgiCred0001', name: 'bench' } };
	const headerCredential = { httpHeaderAuth: { id: 'benchHeaderAuth1', name: 'bench header' } };
	const openAiCredential = { openAiApi: { id: 'benchOpenAiCred1', name: 'bench openai' } };
	const httpRequest = (/** @type {Record<string, unknown>} */ options) => ({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${url}/v1/chat/completions`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				"={{ JSON.stringify({ model: 'tgi', messages: [{ role: 'user', content: $json.q }] }) }}",
			options,
		},
	});
	const chatText = (/** @type {any} */ json) => json.choices?.[0]?.message?.content;
	const tgiNode = (/** @type {number} */ concurrency, /** @type {string} */ content) => ({
		type: 'n8n-nodes-huggingface-tgi.huggingFaceTgi',
		typeVersion: 1,
		parameters: {
			modelId: { __rl: true, mode: 'id', value: 'tgi' },
			messages: { values: [{ role: 'user', content }] },
			options: { concurrency },
		},
	});
	return [
		...CONCURRENCY.map((concurrency) => ({
			id: `benchTgiNodeC${String(concurrency).padStart(3, '0')}`,
			label: `this node, Concurrency ${concurrency}`,
			concurrency,
			credentials: tgiCredential,
			// The message as the README's examples write it.
			target: tgiNode(concurrency, '={{ $json.q }}'),
			text: (/** @type {any} */ json) => json.content,
		})),
		{
			id: 'benchTgiNodeEval',
			label: 'this node, Concurrency 32, a message n8n evaluates per item ({{ String($json.q) }})',
			concurrency: 32,
			credentials: tgiCredential,
			target: tgiNode(32, '={{ String($json.q) }}'),
			text: (/** @type {any} */ json) => json.content,
		},
		{
			id: 'benchHttpReqDflt',
			label: "n8n's HTTP Request node",
			concurrency: ITEMS,
			credentials: headerCredential,
			target: httpRequest({}),
			text: chatText,
		},
		{
			id: 'benchHttpReqBtch',
			label: "n8n's HTTP Request node, Batching 32",
			concurrency: 32,
			credentials: headerCredential,
			target: httpRequest({ batching: { batch: { batchSize: 32, batchInterval: 0 } } }),
			text: chatText,
		},
		{
			id: 'benchLlmChainOai',
			label: 'Basic LLM Chain + OpenAI Chat Model',
			concurrency: 1,
			credentials: {},
			target: {
				type: '@n8n/n8n-nodes-langchain.chainLlm',
				typeVersion: 1.7,
				parameters: { promptType: 'define', text: '={{ $json.q }}' },
			},
			model: {
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [600, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'tgi' }, options: {} },
				credentials: openAiCredential,
			},
			text: (/** @type {any} */ json) => json.text ?? json.output,
		},
		{
			id: 'benchOpenAiNode1',
			label: "n8n's OpenAI node v1.8, Message a Model",
			concurrency: 1,
			credentials: openAiCredential,
			target: {
				type: '@n8n/n8n-nodes-langchain.openAi',
				typeVersion: 1.8,
				parameters: {
					resource: 'text',
					operation: 'message',
					modelId: { __rl: true, mode: 'id', value: 'tgi' },
					messages: { values: [{ content: '={{ $json.q }}' }] },
					options: {},
				},
			},
			text: (/** @type {any} */ json) => json.message?.content,
		},
		{
			id: 'benchFloorNode01',
			label: `floor: a bare loop over n8n's helper, credential read once, ${FLOOR} at once`,
			concurrency: FLOOR,
			floor: true,
			credentials: tgiCredential,
			target: {
				type: 'n8n-nodes-bench-floor.benchFloor',
				typeVersion: 1,
				parameters: { url: `${url}/v1/chat/completions`, concurrency: FLOOR },
			},
			text: (/** @type {any} */ json) => json.content,
		},
	];
}

async function main() {
	const only = arg('only', '');
	const chosen = (/** @type {string} */ url) =>
		variants(url).filter(
			(variant) => only === '' || only.split(',').some((id) => variant.id.includes(id)),
		);
	const setup = {
		serverArgs: ['--latency', arg('latency', '20')],
		extra: [path.join(__dirname, 'floor')],
		credentials: (/** @type {string} */ url) => [
			{
				id: 'benchTgiCred0001',
				name: 'bench',
				type: 'huggingFaceTgiApi',
				data: { apiKey: API_KEY, baseUrl: url, apiVersion: 'v1', serverType: 'tgi' },
			},
			{
				id: 'benchOpenAiCred1',
				name: 'bench openai',
				type: 'openAiApi',
				data: { apiKey: API_KEY, url: `${url}/v1` },
			},
			{
				id: 'benchHeaderAuth1',
				name: 'bench header',
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${API_KEY}` },
			},
		],
		workflows: (/** @type {string} */ url) =>
			chosen(url).map((variant) =>
				workflow(variant.id, variant.target, variant.credentials, variant.model),
			),
	};
	await withBenchN8n(setup, async ({ url, server, home }) => {
		const all = chosen(url);
		console.log(
			`${ITEMS} items, ${arg('latency', '20')} ms latency per request, ${ROUNDS} rounds each (medians); ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
		);
		const results = [];
		for (const variant of all) {
			const times = [];
			const cpu = [];
			const rss = [];
			let right = true;
			let peak = 0;
			for (let round = 0; round < ROUNDS; round++) {
				await serverStats(server); // resets the counts
				const result = await runOnce(home, variant.id);
				peak = Math.max(peak, (await serverStats(server)).maxInFlight);
				times.push(result.ms);
				if (!Number.isNaN(result.cpuMs)) cpu.push(result.cpuMs);
				rss.push(result.rss);
				right &&=
					result.items.length === ITEMS &&
					result.items.every(
						(/** @type {{ json: any }} */ item, /** @type {number} */ index) =>
							variant.text(item.json) === `Echo: item ${index}`,
					);
			}
			const cpuMs = cpu.length > 0 ? median(cpu) : NaN;
			results.push({ ...variant, ms: median(times), cpuMs, rss: median(rss), right, peak });
			process.stdout.write(
				`  ${variant.label}: ${median(times)} ms, main thread ${cpuMs.toFixed(0)} ms CPU\n`,
			);
		}
		const floor = results.find((result) => result.floor)?.ms ?? NaN;
		console.log(
			'\n| Variant | executionTime (ms) | ms/item | × floor | main-thread CPU ms/item | peak in flight | peak RSS (MB) | outputs right |',
		);
		console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
		for (const r of results) {
			const cpu = Number.isNaN(r.cpuMs) ? '—' : (r.cpuMs / ITEMS).toFixed(2);
			console.log(
				`| ${r.label} | ${r.ms} | ${(r.ms / ITEMS).toFixed(2)} | ${(r.ms / floor).toFixed(2)} | ${cpu} | ${r.peak} | ${r.rss.toFixed(0)} | ${r.right ? 'yes' : 'NO'} |`,
			);
		}
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
