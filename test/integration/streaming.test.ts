/**
 * The Chat Model sub-node's token streaming through n8n-core's engine and the SDK's LangChain
 * adapter (the path an AI Agent streaming to a chat takes), against the test server streaming
 * token by token in each dialect: deltas as they are written, tool calls, failures mid-stream.
 */
import * as agent from '../../testing/harness/runAgent';
import type { ServerMode } from '../../testing/server/tgiServer';
import { leaked } from '../helpers/leaks';
import { API_KEY, startServer, type TestServer } from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';

interface StreamOutput {
	output: string;
	arrivals: number[];
	toolCalls: Array<{ id: string; name: string; args: Record<string, unknown> }>;
	usage: Record<string, number> | null;
}

const stream = async (
	server: TestServer,
	prompt: string,
	options: {
		tools?: boolean;
		modelOptions?: Record<string, unknown>;
		cancelOn?: Promise<unknown>;
		credentials?: Record<string, unknown>;
	} = {},
) => {
	const result = await agent.runAgentWorkflow({
		cancelOn: options.cancelOn,
		items: [{}],
		prompt,
		mode: options.tools ? 'stream-tools' : 'stream',
		modelParameters: { options: { maxRetries: 1, retryDelay: 10, ...options.modelOptions } },
		credentials: {
			apiKey: API_KEY,
			baseUrl: server.url,
			apiVersion: 'v1',
			serverType: server.mode === 'tgi' ? 'tgi' : 'openai',
			...options.credentials,
		},
	});
	return { ...result, json: result.output[0]?.json as StreamOutput | undefined };
};

const chatRequests = (server: TestServer) =>
	server.requests.filter((request) => request.url.endsWith('/chat/completions'));

describe.each<ServerMode>(['tgi', 'router', 'vllm'])('streaming from a %s server', (mode) => {
	const server = startServer({ mode, prefixes: ['/v1'], streamDelayMs: 25 });

	it('hands each token on as the server writes it, with usage at the end', async () => {
		const prompt = 'one two three four five six seven eight';
		const { json, error } = await stream(server, prompt);
		expect(error).toBeUndefined();
		expect(json?.output).toBe(`Echo: ${prompt}`);
		const [request] = chatRequests(server);
		expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
		// The server's log says when each event went out: the first delta reached the caller
		// before the server wrote the last token.
		const sent = request.sentAt ?? [];
		expect(sent.length).toBeGreaterThan(9);
		expect(json?.arrivals.length).toBeGreaterThan(9);
		expect(json?.arrivals[0]).toBeLessThan(sent[sent.length - 2]);
		expect(json?.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: 9 });
	});

	it('assembles a tool call whose arguments arrive in pieces', async () => {
		const { json, error } = await stream(server, 'Weather? [[args:{"city": "Paris"}]]', {
			tools: true,
		});
		expect(error).toBeUndefined();
		expect(json?.toolCalls).toEqual([
			{ id: expect.stringMatching(/^call_/), name: 'get_weather', args: { city: 'Paris' } },
		]);
		expect(json?.output).toBe('');
	});

	it('ends with the server’s own words when it fails mid-stream (an error inside the HTTP 200 stream)', async () => {
		const { error, json } = await stream(server, 'one two three four five [[stream-error:3]]');
		expect(json).toBeUndefined();
		expect(error?.message).toMatch(
			/^Request failed during generation: Server error: CUDA out of memory — .*inside its streamed answer \(HTTP 200\), after 3 chunks/,
		);
		// n8n's chat shows an error's description: the server's words are there too.
		expect(error?.description).toMatch(
			/^Request failed during generation: Server error: CUDA out of memory\n/,
		);
		expect(chatRequests(server)).toHaveLength(1); // tokens were sent: not retried
	});

	it('ends with a timeout error when the stream stalls longer than the Timeout, and closes the connection', async () => {
		const { error } = await stream(server, 'one two three four [[stream-stall:2]]', {
			modelOptions: { timeout: 400 },
		});
		expect(error?.message).toMatch(
			/stalled: nothing arrived for 400 ms \(the Timeout option\), after \d chunks/,
		);
		const [request] = chatRequests(server);
		await waitFor(() => request.aborted === true, 'the stalled connection to be closed');
	});

	it('cancelling the execution mid-stream closes the connection', async () => {
		const secondToken = new Promise<void>((resolve) => {
			const poll = setInterval(() => {
				if ((chatRequests(server)[0]?.sentAt?.length ?? 0) >= 3) {
					clearInterval(poll);
					resolve();
				}
			}, 5);
		});
		const words = Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ');
		const result = await stream(server, words, { cancelOn: secondToken });
		expect(result.json).toBeUndefined();
		const [request] = chatRequests(server);
		await waitFor(() => request.aborted === true, 'the cancelled stream to be closed');
		// Closed long before the 40 words were written.
		expect(request.sentAt?.length).toBeLessThan(20);
	});

	it('names a connection that breaks mid-stream', async () => {
		const { error } = await stream(server, 'one two three four [[stream-break:2]]');
		expect(error?.message).toMatch(/^The streamed answer broke off after \d chunks: /);
	});
});

describe('streaming: what differs per server', () => {
	const tgi = startServer({ prefixes: ['/v1'], streamDelayMs: 1 });
	const vllm = startServer({ mode: 'vllm', streamDelayMs: 1 });

	it('keeps a <think> block out of the answer, however the chunks cut it', async () => {
		const { json } = await stream(tgi, 'Hi there [[think]]');
		expect(json?.output).toBe('Echo: Hi there [[think]]');
		const reasoning = await stream(vllm, 'Hi there [[think:field]]');
		expect(reasoning.json?.output).toBe('Echo: Hi there [[think:field]]');
	});

	it('keeps several tool calls of one answer apart', async () => {
		const { json } = await stream(vllm, 'Two cities [[calls:2]] [[args:{"city": "Oslo"}]]', {
			tools: true,
		});
		expect(json?.toolCalls.map((call) => [call.name, call.args])).toEqual([
			['get_weather', { city: 'Oslo' }],
			['get_weather', { city: 'Oslo' }],
		]);
		expect(new Set(json?.toolCalls.map((call) => call.id)).size).toBe(2);
	});

	it('retries a failure before the first byte like any request', async () => {
		let first = true;
		tgi.script = () => {
			if (!first) return undefined;
			first = false;
			return { status: 503, body: { error: 'Model is loading', estimated_time: 0.01 } };
		};
		const { json, error } = await stream(tgi, 'after a retry');
		expect(error).toBeUndefined();
		expect(json?.output).toBe('Echo: after a retry');
		expect(chatRequests(tgi).map((request) => request.status)).toEqual([503, 200]);
	});

	it('takes a whole answer from a server that ignores "stream" (plain JSON), as one piece', async () => {
		tgi.script = (request) =>
			request.body?.stream
				? {
						status: 200,
						body: {
							id: '',
							model: 'm',
							choices: [
								{
									index: 0,
									message: { role: 'assistant', content: 'All at once.' },
									finish_reason: 'stop',
								},
							],
							usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
						},
					}
				: undefined;
		const { json, error } = await stream(tgi, 'no streaming here');
		expect(error).toBeUndefined();
		expect(json?.output).toBe('All at once.');
		expect(json?.arrivals).toHaveLength(2); // the text, then the finish with usage
		expect(json?.usage).toMatchObject({ input_tokens: 3, output_tokens: 3 });
	});

	it('calls a stream that ends early (no [DONE], no finish reason) cut off, not complete', async () => {
		const piece = (content: string) =>
			`data:${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] })}\n\n`;
		tgi.script = (request) =>
			request.body?.stream
				? {
						status: 200,
						stream: [
							{ text: piece('Half an '), delayMs: 0 },
							{ text: piece('answ'), delayMs: 5 },
						],
					}
				: undefined;
		const { error } = await stream(tgi, 'cut me');
		expect(error?.message).toMatch(
			/ended before it was complete \(after 2 chunks, without \[DONE\] or a finish reason\)/,
		);
	});

	it('holds a slot of the shared budget (Max Concurrent Requests) for the whole stream', async () => {
		const prompts = ['a b c', 'd e f', 'g h i'];
		const runs = await Promise.all(
			prompts.map(
				async (prompt) => await stream(tgi, prompt, { credentials: { maxConcurrentRequests: 1 } }),
			),
		);
		expect(runs.map((run) => run.json?.output)).toEqual(prompts.map((prompt) => `Echo: ${prompt}`));
		expect(tgi.maxInFlight).toBe(1);
	});

	it('never shows the API key in a streamed error', async () => {
		tgi.script = (request) =>
			request.body?.stream
				? {
						status: 200,
						stream: [
							{
								text: `data:{"error":{"message":"bad key ${API_KEY}","http_status_code":401}}\n\n`,
								delayMs: 0,
							},
						],
					}
				: undefined;
		const result = await stream(tgi, 'echo my key');
		expect(result.error?.message).toMatch(/^bad key \[redacted\]/);
		expect(leaked(JSON.stringify(result.run), API_KEY)).toEqual([]);
	});
});
