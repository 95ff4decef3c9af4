#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: runs an example workflow (Items -> Hugging Face TGI) through n8n's execution
 * engine with the built node and prints one completion per item.
 *
 * By default it targets the project's local TGI-compatible test server on 127.0.0.1.
 * Set TGI_BASE_URL (and HF_TOKEN, TGI_API_VERSION, TGI_MODEL) to use a real endpoint:
 *   HF_TOKEN=hf_… npm run demo                                   # HF router, novita, v3/openai
 *   HF_TOKEN=hf_… TGI_BASE_URL=https://router.huggingface.co TGI_API_VERSION=v1 TGI_MODEL=meta-llama/Llama-3.1-8B-Instruct:novita npm run demo
 *   TGI_BASE_URL=http://localhost:8080 TGI_API_VERSION=v1 npm run demo   # self-hosted TGI
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-tgi-demo-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

const { runChatWorkflow } = require('../testing/harness/runWorkflow');
const { TgiTestServer } = require('../testing/server/tgiServer');

const ROUTER = 'https://router.huggingface.co/novita';
const QUESTIONS = [
	'What is Text Generation Inference?',
	'Name one benefit of running a model on your own GPU.',
	'Say hello in French.',
];

async function main() {
	const real = Boolean(process.env.TGI_BASE_URL || process.env.HF_TOKEN);
	/** @type {TgiTestServer | undefined} */
	let server;
	let baseUrl = process.env.TGI_BASE_URL || ROUTER;
	let apiVersion = process.env.TGI_API_VERSION || (baseUrl.startsWith(ROUTER) ? 'v3/openai' : 'v1');
	const apiKey = process.env.HF_TOKEN || '';
	const model = process.env.TGI_MODEL || 'meta-llama/llama-3.1-8b-instruct';
	if (real) {
		console.log(`Target: ${baseUrl}/${apiVersion} (from TGI_BASE_URL / HF_TOKEN), model ${model}`);
	} else {
		server = new TgiTestServer({ latencyMs: 50 });
		baseUrl = await server.start();
		apiVersion = 'v1';
		console.log(
			`Target: the project's local TGI-compatible test server at ${baseUrl}/v1 (not a real model: it echoes).`,
		);
		console.log(
			'Set TGI_BASE_URL and HF_TOKEN to run the same workflow against a real endpoint.\n',
		);
	}
	try {
		const { output, error } = await runChatWorkflow({
			items: QUESTIONS.map((question) => ({ question })),
			credentials: { apiKey, baseUrl, apiVersion },
			continueOnFail: true,
			parameters: {
				resource: 'chat',
				operation: 'message',
				modelId: { __rl: true, mode: 'id', value: model },
				messages: {
					values: [
						{ role: 'system', content: 'Answer in one short sentence.' },
						{ role: 'user', content: '={{ $json.question }}' },
					],
				},
				options: { maxTokens: 100, temperature: 0.3 },
			},
		});
		if (error)
			throw new Error(`${error.message}${error.description ? `\n${error.description}` : ''}`);
		output.forEach((/** @type {any} */ item) => {
			const question = QUESTIONS[item.pairedItem.item];
			const answer = item.json.error
				? `ERROR: ${item.json.error}\n     ${item.json.message}`
				: item.json.content;
			const meta = item.json.error
				? ''
				: ` (${item.json.finish_reason}, ${item.json.usage?.total_tokens ?? '?'} tokens)`;
			console.log(`[item ${item.pairedItem.item}] ${question}\n  -> ${answer}${meta}`);
		});
		process.exitCode = output.some((/** @type {any} */ item) => item.json.error) ? 1 : 0;
	} finally {
		await server?.stop();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exitCode = 1;
});
