/**
 * A dialect with another wire needs no edit outside its own file and one list entry: Ollama's
 * native API (test/fixtures/otherWire/ollamaDialect.ts — its own routes, bodies, answers and NDJSON
 * stream) is added to the built package's DIALECTS, and then every chat path works through
 * n8n-core's engine against an Ollama-like server on 127.0.0.1: Message a Model, the Chat Model's
 * stream under an agent, the model picker, a server error in Ollama's words with its own hint.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import * as agent from '../../testing/harness/runAgent';
import { ROOT } from '../../testing/harness/n8nEngine';
import type { ServerDialect } from '../../nodes/shared/dialects/types';
import { OLLAMA } from '../fixtures/otherWire/ollamaDialect';
import { API_KEY, runChat, searchModels } from '../helpers/tgi';

interface Logged {
	method: string;
	url: string;
	body: { model?: string; stream?: boolean; messages?: Array<{ content?: unknown }> };
	authorization?: string;
}

/** Ollama as its API documentation describes it: /api/chat (whole or NDJSON), /api/tags. */
function ollamaServer() {
	const requests: Logged[] = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (piece) => (text += piece));
		req.on('end', () => {
			const body = text ? JSON.parse(text) : {};
			requests.push({
				method: req.method ?? '',
				url: req.url ?? '',
				body,
				authorization: req.headers.authorization,
			});
			if (req.method === 'GET' && req.url === '/api/tags') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ models: [{ name: 'llama3.2:1b' }, { name: 'qwen3:0.6b' }] }));
				return;
			}
			if (req.method !== 'POST' || req.url !== '/api/chat') {
				res.writeHead(404).end('404 page not found');
				return;
			}
			if (body.model !== 'llama3.2:1b') {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: `model '${body.model}' not found` }));
				return;
			}
			const prompt = String(body.messages?.at(-1)?.content ?? '');
			const words = `Echo: ${prompt}`.split(' ');
			const usage = { prompt_eval_count: prompt.length, eval_count: words.length };
			if (!body.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						model: body.model,
						message: { role: 'assistant', content: words.join(' ') },
						done: true,
						done_reason: 'stop',
						...usage,
					}),
				);
				return;
			}
			res.writeHead(200, { 'content-type': 'application/x-ndjson' });
			const lines = words.map((word, index) =>
				JSON.stringify({
					model: body.model,
					message: { role: 'assistant', content: index === 0 ? word : ` ${word}` },
					done: false,
				}),
			);
			lines.push(
				JSON.stringify({
					model: body.model,
					message: { role: 'assistant', content: '' },
					done: true,
					done_reason: 'stop',
					...usage,
				}),
			);
			// Lines cut anywhere, as a network does: in halves, a few milliseconds apart.
			const pieces = lines.flatMap((line) => {
				const whole = `${line}\n`;
				const half = Math.floor(whole.length / 2);
				return [whole.slice(0, half), whole.slice(half)];
			});
			let next = 0;
			const write = () => {
				if (next === pieces.length) return void res.end();
				res.write(pieces[next++]);
				setTimeout(write, 5);
			};
			write();
		});
	});
	return { server, requests };
}

describe('a dialect with another wire (Ollama’s native API): one file and one list entry', () => {
	const { server, requests } = ollamaServer();
	let url = '';
	let dialects: ServerDialect[];

	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		// The one list entry, in the package the engine runs.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		dialects = require(path.join(ROOT, 'dist/nodes/shared/dialects/index.js')).DIALECTS;
		dialects.push(OLLAMA);
	});
	afterAll(async () => {
		dialects.splice(dialects.indexOf(OLLAMA), 1);
		await new Promise((resolve) => server.close(resolve));
	});
	beforeEach(() => (requests.length = 0));

	const credentials = () => ({
		apiKey: API_KEY,
		baseUrl: url,
		apiVersion: '',
		serverType: 'ollama',
	});

	it('Message a Model: Ollama’s /api/chat body, its answer read as a chat completion', async () => {
		const { output, error } = await runChat({
			items: [{ q: 'Hello there' }],
			credentials: credentials(),
			parameters: {
				resource: 'chat',
				operation: 'message',
				modelId: { __rl: true, mode: 'id', value: 'llama3.2:1b' },
				messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
				options: { temperature: 0.2, maxTokens: 64 },
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			content: 'Echo: Hello there',
			finish_reason: 'stop',
			usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			url: '/api/chat',
			body: {
				model: 'llama3.2:1b',
				messages: [{ role: 'user', content: 'Hello there' }],
				stream: false,
				options: { temperature: 0.2, num_predict: 64 },
			},
			authorization: `Bearer ${API_KEY}`,
		});
	});

	it('the Chat Model streams Ollama’s NDJSON lines, cut anywhere, token by token with the usage', async () => {
		const prompt = 'one two three four five';
		const result = await agent.runAgentWorkflow({
			items: [{}],
			prompt,
			mode: 'stream',
			modelParameters: { modelId: { __rl: true, mode: 'id', value: 'llama3.2:1b' } },
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const json = result.output[0].json;
		expect(json.output).toBe(`Echo: ${prompt}`);
		expect(json.arrivals.length).toBeGreaterThanOrEqual(6);
		expect(json.usage).toMatchObject({ input_tokens: prompt.length, output_tokens: 6 });
		expect(requests[0]).toMatchObject({ url: '/api/chat', body: { stream: true } });
	});

	it('the model picker lists /api/tags', async () => {
		const { results } = await searchModels(credentials(), 'llama');
		expect(results.map((result) => result.value)).toEqual(['llama3.2:1b']);
		expect(requests.map((request) => request.url)).toEqual(['/api/tags']);
	});

	it('a server error comes in Ollama’s words, with the dialect’s own hint', async () => {
		const { error, output } = await runChat({
			items: [{ q: 'Hi' }],
			credentials: credentials(),
			parameters: {
				resource: 'chat',
				operation: 'message',
				modelId: { __rl: true, mode: 'id', value: 'mistral' },
				messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
			},
		});
		expect(output).toEqual([]);
		expect(error?.message).toContain("model 'mistral' not found");
		expect(error?.description).toContain('pull it first');
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});
});
