/**
 * The Chat Model's controls for the AI Agent and chains (Response Format, Additional Body Fields,
 * Thinking, Reasoning Effort, Disable Streaming, Tool Choice on the First Call), through n8n-core's
 * engine with the SDK driving the model, against TGI and a vLLM-like server: each sent in the
 * server's dialect, or refused before sending where the server would ignore or reject it.
 */
import * as agent from '../../testing/harness/runAgent';
import { selfHosted, startServer, type TestServer } from '../helpers/tgi';

const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

const run = (
	server: TestServer,
	options: Record<string, unknown>,
	mode: 'plain' | 'tools' | 'stream' | 'stream-tools' = 'plain',
	serverType = 'tgi',
	prompt = 'hello there [[args:{"city": "Paris"}]]',
) =>
	agent.runAgentWorkflow({
		items: [{}],
		prompt,
		mode,
		modelParameters: { options },
		credentials: selfHosted(server, { serverType }),
	});

const chatBodies = (server: TestServer) =>
	server.requests.filter((r) => r.url.endsWith('/chat/completions')).map((r) => r.body);

describe('on TGI', () => {
	const server = startServer();

	it("Response Format JSON: TGI's grammar form, the schema as written", async () => {
		const result = await run(server, {
			responseFormat: 'json',
			jsonSchema: JSON.stringify(schema),
		});
		expect(result.error).toBeUndefined();
		expect(chatBodies(server)[0].response_format).toEqual({ type: 'json', value: schema });
	});

	it('Response Format JSON with the agent’s tools: refused before sending (TGI answers 422)', async () => {
		const result = await run(server, { responseFormat: 'json' }, 'tools');
		expect(result.error?.message).toMatch(/response_format|Response Format/);
		expect(chatBodies(server)).toHaveLength(0);
	});

	it('Additional Body Fields reach the body', async () => {
		const result = await run(server, {
			additionalBodyFields: '{"top_k": 10, "repetition_penalty": 1.1}',
		});
		expect(result.error).toBeUndefined();
		expect(chatBodies(server)[0]).toMatchObject({ top_k: 10, repetition_penalty: 1.1 });
	});

	it.each([
		['thinking', 'off', 'Thinking: is not taken by TGI'],
		['reasoningEffort', 'high', 'Reasoning Effort: is not taken by TGI'],
	])('%s: refused on TGI, which would ignore it silently', async (option, value, words) => {
		const result = await run(server, { [option]: value });
		expect(result.modelRuns[0].error?.message).toContain(words);
		expect(chatBodies(server)).toHaveLength(0);
	});

	it('Tool Choice on the First Call: required, then auto once a tool has answered', async () => {
		const result = await run(server, { firstToolChoice: 'required' }, 'tools');
		expect(result.error).toBeUndefined();
		expect(chatBodies(server).map((body) => body.tool_choice)).toEqual(['required', 'auto']);
	});

	it('Disable Streaming: the agent streams, the server is asked for whole answers, tools still work', async () => {
		const text = await run(server, { disableStreaming: true }, 'stream');
		expect(text.error).toBeUndefined();
		expect(text.output[0].json.output).toBe('Echo: hello there [[args:{"city": "Paris"}]]');
		const tools = await run(server, { disableStreaming: true }, 'stream-tools');
		expect(tools.error).toBeUndefined();
		expect(tools.output[0].json.toolCalls).toEqual([
			expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } }),
		]);
		for (const body of chatBodies(server)) {
			expect(body).not.toHaveProperty('stream');
			expect(body).not.toHaveProperty('stream_options');
		}
		// Without it, the same agent streams.
		server.reset();
		await run(server, {}, 'stream');
		expect(chatBodies(server)[0].stream).toBe(true);
	});
});

describe('Reasoning Output', () => {
	const server = startServer({ mode: 'router' });

	it.each(['plain', 'stream'] as const)(
		'separate by default, or kept inline as a leading <think> block (%s)',
		async (mode) => {
			const prompt = 'Why? [[think:field]]';
			const apart = await run(server, {}, mode, 'openai', prompt);
			expect(apart.error).toBeUndefined();
			const answer = String(apart.output[0].json.output);
			expect(answer).not.toContain('<think>');
			const inline = await run(server, { reasoningOutput: 'inline' }, mode, 'openai', prompt);
			expect(inline.error).toBeUndefined();
			const kept = String(inline.output[0].json.output);
			expect(kept).toMatch(/^<think>.+<\/think>/s);
			expect(kept.replace(/^<think>.*<\/think>/s, '')).toBe(answer);
		},
	);
});

describe('on a vLLM-like server (OpenAI-compatible)', () => {
	const server = startServer({ mode: 'vllm' });

	it("Response Format JSON: OpenAI's json_schema", async () => {
		const result = await run(
			server,
			{ responseFormat: 'json', jsonSchema: JSON.stringify(schema) },
			'plain',
			'openai',
		);
		expect(result.error).toBeUndefined();
		expect(chatBodies(server)[0].response_format).toMatchObject({
			type: 'json_schema',
			json_schema: { schema },
		});
	});

	it('Thinking and Reasoning Effort: chat_template_kwargs.enable_thinking and reasoning_effort', async () => {
		const result = await run(
			server,
			{ thinking: 'off', reasoningEffort: 'low' },
			'plain',
			'openai',
		);
		expect(result.error).toBeUndefined();
		expect(chatBodies(server)[0]).toMatchObject({
			chat_template_kwargs: { enable_thinking: false },
			reasoning_effort: 'low',
		});
	});
});
