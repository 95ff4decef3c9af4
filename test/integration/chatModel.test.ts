import * as agent from '../../testing/harness/runAgent';
import { API_KEY, routerStyle, selfHosted, startServer, type TestServer } from '../helpers/tgi';

/** What n8n's AI tracing logged for one model call: the server's counts, or n8n's estimate. */
interface LoggedCall {
	tokenUsage?: Record<string, number>;
	tokenUsageEstimate?: Record<string, number>;
}

interface AgentResult {
	output: Array<{ json: Record<string, unknown>; pairedItem?: { item: number } }>;
	error?: { message: string; description?: string };
	modelRuns: Array<{
		error?: Record<string, unknown>;
		data?: { ai_languageModel: Array<Array<{ json: LoggedCall }>> };
	}>;
}

interface SentToolCall {
	id: string;
	function: { name: string; arguments: string };
}

const runAgent = async (options: {
	items?: object[];
	prompt: string;
	mode?: 'tools' | 'plain' | 'stream' | 'stream-tools';
	toolName?: string;
	modelParameters?: Record<string, unknown>;
	credentials: Record<string, unknown>;
}) => (await agent.runAgentWorkflow({ items: [{}], ...options })) as AgentResult;

const chatRequests = (server: TestServer) =>
	server.requests.filter((r) => r.url.endsWith('/chat/completions'));

describe('Hugging Face TGI Chat Model (sub-node) through n8n-core’s engine and the AI node SDK', () => {
	const server = startServer();

	it.each(['plain', 'tools', 'stream', 'stream-tools'] as const)(
		"n8n's AI log holds the server's token counts, not an estimate (%s)",
		async (mode) => {
			const { modelRuns, error } = await runAgent({
				prompt: 'hello there [[args:{"city": "Paris"}]]',
				mode,
				credentials: selfHosted(server),
			});
			expect(error).toBeUndefined();
			const logged = modelRuns.map((run) => run.data?.ai_languageModel[0][0].json);
			expect(logged.length).toBeGreaterThan(0);
			// The server's usage of each call: the words of its messages' JSON in (testing/server).
			const usage = chatRequests(server).map(
				(request) => JSON.stringify(request.body.messages).split(/\s+/).filter(Boolean).length,
			);
			expect(logged).toHaveLength(usage.length);
			for (const [index, call] of logged.entries()) {
				expect(call?.tokenUsageEstimate).toBeUndefined();
				expect(call?.tokenUsage).toMatchObject({ promptTokens: usage[index] });
				expect(call?.tokenUsage?.completionTokens).toBeGreaterThan(0);
			}
		},
	);

	it('completes a tool-call round trip in TGI’s shape: tool_calls without content, finish_reason "stop", id ""', async () => {
		const { output, error } = await runAgent({
			prompt: 'What is the weather? [[args:{"city": "Paris"}]]',
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		const [first, second] = chatRequests(server);
		expect(chatRequests(server)).toHaveLength(2);
		// 1: the tool offered in TGI's format, its zod schema as JSON schema.
		expect(first.url).toBe('/v1/chat/completions');
		expect(first.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(first.body).toMatchObject({
			model: 'meta-llama/Llama-3.1-8B-Instruct',
			messages: [{ role: 'user', content: 'What is the weather? [[args:{"city": "Paris"}]]' }],
			tool_choice: 'auto',
			tools: [
				{
					type: 'function',
					function: {
						name: 'get_weather',
						description: 'The current weather in a city',
						parameters: {
							type: 'object',
							properties: { city: { type: 'string', description: 'The city name' } },
							required: ['city'],
						},
					},
				},
			],
		});
		// 2: the call goes back without content, the tool's answer as a tool message with the same id.
		const [, assistant, toolReply] = second.body.messages as unknown as Array<
			Record<string, unknown> & { tool_calls: SentToolCall[] }
		>;
		expect(assistant).not.toHaveProperty('content');
		expect(assistant.tool_calls).toEqual([
			{
				id: expect.stringMatching(/^call_/),
				type: 'function',
				function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
			},
		]);
		expect(toolReply).toEqual({
			role: 'tool',
			tool_call_id: assistant.tool_calls[0].id,
			content: 'Sunny, 21 °C in Paris',
		});
		expect(output[0].json.steps).toEqual([
			{
				id: assistant.tool_calls[0].id,
				name: 'get_weather',
				args: { city: 'Paris' },
				observation: 'Sunny, 21 °C in Paris',
			},
		]);
		expect(output[0].json.output).toBe(
			`The tool (call ${assistant.tool_calls[0].id}) said: Sunny, 21 °C in Paris`,
		);
		expect(output[0].json.usage).toMatchObject({
			input_tokens: expect.any(Number),
			output_tokens: expect.any(Number),
		});
	});

	it('sends the sub-node’s options in TGI’s wire format, and works with a router-style credential', async () => {
		const options = {
			temperature: 0.3,
			maxTokens: 64,
			topP: 0.8,
			frequencyPenalty: 0.5,
			seed: 7,
			stop: ['END'],
			timeout: 20000,
		};
		const { output, error } = await runAgent({
			prompt: 'Hello',
			mode: 'plain',
			modelParameters: { options },
			credentials: routerStyle(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.output).toBe('Echo: Hello');
		expect(chatRequests(server)[0].url).toBe('/novita/v3/openai/chat/completions');
		expect(chatRequests(server)[0].body).toEqual({
			model: 'meta-llama/Llama-3.1-8B-Instruct',
			messages: [{ role: 'user', content: 'Hello' }],
			temperature: 0.3,
			max_tokens: 64,
			top_p: 0.8,
			frequency_penalty: 0.5,
			seed: 7,
			stop: ['END'],
		});
	});

	it('moves a <think> block to reasoning, so the agent sees only the answer', async () => {
		const { output } = await runAgent({
			prompt: 'Hi [[think]]',
			mode: 'plain',
			credentials: selfHosted(server),
		});
		expect(output[0].json.output).toBe('Echo: Hi [[think]]');
	});

	it('streams the answer as chunks when asked to stream', async () => {
		const { output, error } = await runAgent({
			prompt: 'stream me',
			mode: 'stream',
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.output).toBe('Echo: stream me');
	});

	it('a bad option fails on the sub-node, naming the field, before anything is sent', async () => {
		const { error, modelRuns } = await runAgent({
			prompt: 'x',
			mode: 'plain',
			modelParameters: { options: { topP: 1 } },
			credentials: selfHosted(server),
		});
		// n8n reports it on the agent as "Error in sub-node …" with our words, and on the sub-node itself.
		expect(error?.message).toBe('Error in sub-node TGI Chat Model');
		expect(error?.description).toMatch(/^Top P: must be greater than 0 and less than 1/);
		expect(modelRuns[0].error).toMatchObject({
			message: expect.stringMatching(/^Top P: must be greater than 0 and less than 1.*\[item 0\]$/),
			description: 'No request was sent. Fix "Top P" in the TGI Chat Model and run again.',
		});
		expect(chatRequests(server)).toHaveLength(0);
	});

	it.each([-1, 1e10, 'abc'])(
		'a Timeout of %p fails on the sub-node, naming the field, before anything is sent',
		async (timeout) => {
			const { modelRuns } = await runAgent({
				prompt: 'x',
				mode: 'plain',
				modelParameters: { options: { timeout } },
				credentials: selfHosted(server),
			});
			expect(modelRuns[0].error?.message).toBe(
				`Timeout: must be a whole number from 1 to 2147483647 (got ${JSON.stringify(timeout)}) [item 0]`,
			);
			expect(chatRequests(server)).toHaveLength(0);
		},
	);

	it('the Timeout caps a model call that drips its answer, and the call is retried', async () => {
		let calls = 0;
		const long = {
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: 'x'.repeat(300) },
					finish_reason: 'stop',
				},
			],
		};
		server.script = () => (calls++ === 0 ? { status: 200, body: long, dripMs: 100 } : undefined);
		const result = await runAgent({
			prompt: 'patience',
			mode: 'plain',
			modelParameters: { options: { timeout: 600, retryDelay: 5 } },
			credentials: selfHosted(server),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.output).toBe('Echo: patience');
		expect(chatRequests(server).map((request) => request.aborted ?? false)).toEqual([true, false]);
	});

	it('a tool TGI would refuse fails the model call, naming the field and the item, before sending', async () => {
		const { error } = await runAgent({
			prompt: 'x',
			toolName: 'get weather!',
			credentials: selfHosted(server),
		});
		expect(error?.message).toMatch(
			/^Tools connected to the agent: tool 1 needs a "name" of letters, digits, _ or - .*\[item 0\]$/,
		);
		expect(chatRequests(server)).toHaveLength(0);
	});

	it('retries a 429 with the sub-node’s Max Retries, and reports TGI’s error in its words when it gives up', async () => {
		let calls = 0;
		server.script = () =>
			calls++ === 0
				? {
						status: 429,
						body: { error: 'Model is overloaded', error_type: 'overloaded' },
						headers: { 'retry-after-ms': '5' },
					}
				: undefined;
		const retried = await runAgent({
			prompt: 'again',
			mode: 'plain',
			credentials: selfHosted(server),
		});
		expect(retried.error).toBeUndefined();
		expect(retried.output[0].json.output).toBe('Echo: again');
		expect(chatRequests(server)).toHaveLength(2);

		server.reset();
		server.script = () => ({
			status: 422,
			body: { error: 'Template error: template not found', error_type: 'template_error' },
		});
		const failed = await runAgent({
			prompt: 'x',
			mode: 'plain',
			modelParameters: { options: { maxRetries: 0 } },
			credentials: selfHosted(server),
		});
		expect(failed.error?.message).toMatch(/Template error: template not found/);
		expect(JSON.stringify(failed.error)).not.toContain(API_KEY);
	});

	it('never shows the API key, even when a proxy echoes the Authorization header', async () => {
		server.script = (request) => ({
			status: 400,
			body: { error: { message: `Invalid header: ${request.headers.authorization}` } },
		});
		const result = await runAgent({ prompt: 'x', mode: 'plain', credentials: selfHosted(server) });
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		// A failing model call (not supplyData) reaches the agent as our own error.
		// Status and hint in the message itself: chains keep only a model error's message.
		expect(result.error?.message).toMatch(/^Invalid header: Bearer \[redacted\] — .*\(HTTP 400/);
		expect(JSON.stringify(result)).not.toContain(API_KEY);
	});
});
