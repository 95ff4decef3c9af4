/**
 * The same workflows against every server the credential reaches — TGI, an HF router provider, a
 * vLLM-like server, llama.cpp's llama-server — with Server Type left on Auto-detect, through
 * n8n-core's engine. Each server checks what it gets as the real one does (testing/server/modes.ts).
 */
import * as agent from '../../testing/harness/runAgent';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import type { ServerMode } from '../../testing/server/tgiServer';
import { API_KEY, chatParameters, runChat, startServer, type TestServer } from '../helpers/tgi';

const schema = {
	type: 'object',
	properties: { name: { type: 'string' }, price: { type: 'number' } },
	required: ['name', 'price'],
};
const weather = {
	type: 'function',
	function: {
		name: 'get_weather',
		parameters: { type: 'object', properties: { city: { type: 'string' } } },
	},
};

interface Mode {
	title: string;
	mode: ServerMode;
	credentials: (server: TestServer) => Record<string, unknown>;
	/** Where the one detection request goes, and the chat route. */
	probe: string;
	chat: string;
	detected: string;
}

const MODES: Mode[] = [
	{
		title: 'a self-hosted TGI at a non-router URL',
		mode: 'tgi',
		credentials: (server) => ({ apiKey: API_KEY, baseUrl: server.url, apiVersion: 'v1' }),
		probe: '/info',
		chat: '/v1/chat/completions',
		detected: 'TGI (detected)',
	},
	{
		title: 'an HF router provider',
		mode: 'router',
		credentials: (server) => ({
			apiKey: API_KEY,
			baseUrl: `${server.url}/novita`,
			apiVersion: 'v3/openai',
		}),
		probe: '/novita/info',
		chat: '/novita/v3/openai/chat/completions',
		detected: 'OpenAI-compatible (detected)',
	},
	{
		title: 'a vLLM-like server at an Inference-Endpoint-like URL (root + v1)',
		mode: 'vllm',
		credentials: (server) => ({ apiKey: API_KEY, baseUrl: server.url, apiVersion: 'v1' }),
		probe: '/info',
		chat: '/v1/chat/completions',
		detected: 'OpenAI-compatible (detected)',
	},
	{
		title: "llama.cpp's llama-server (root + v1)",
		mode: 'llamacpp',
		credentials: (server) => ({ apiKey: API_KEY, baseUrl: server.url, apiVersion: 'v1' }),
		probe: '/info',
		chat: '/v1/chat/completions',
		detected: 'OpenAI-compatible (detected)',
	},
];

const routes = (server: TestServer) =>
	server.requests.map((request) => `${request.method} ${request.url}`);
const chatBodies = (server: TestServer) =>
	server.requests.filter((r) => r.url.endsWith('/chat/completions')).map((r) => r.body);

describe.each(MODES)('$title, Server Type on Auto-detect', (mode) => {
	const server = startServer({ mode: mode.mode });
	const credentials = () => mode.credentials(server);
	const isTgi = mode.mode === 'tgi';
	beforeEach(() => forgetDetectedServers());

	it('plain chat: detects once (GET {Base URL}/info), then remembers', async () => {
		const first = await runChat({
			items: [{ q: 'hi' }, { q: 'there' }],
			credentials: credentials(),
		});
		expect(first.error).toBeUndefined();
		expect(first.output.map((item) => item.json)).toEqual([
			expect.objectContaining({ content: 'Echo: hi', finish_reason: 'stop' }),
			expect.objectContaining({ content: 'Echo: there', finish_reason: 'stop' }),
		]);
		expect(routes(server)).toEqual([`GET ${mode.probe}`, ...Array(2).fill(`POST ${mode.chat}`)]);
		server.reset();
		await runChat({ items: [{ q: 'again' }], credentials: credentials() });
		expect(routes(server)).toEqual([`POST ${mode.chat}`]);
	});

	it('JSON output with a schema: the right form for the server, parsed and schema-valid data', async () => {
		const parameters = chatParameters({
			options: { responseFormat: 'json', jsonSchema: JSON.stringify(schema) },
		});
		const { output, error } = await runChat({
			items: [{ q: 'a product' }],
			parameters,
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.content).toEqual({ name: 'sample', price: 42 });
		expect(chatBodies(server)[0].response_format).toEqual(
			isTgi
				? { type: 'json', value: schema }
				: { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } },
		);
	});

	it('tools: tool calls parsed, finish_reason "tool_calls" whatever the server said', async () => {
		const parameters = chatParameters({ options: { tools: JSON.stringify([weather]) } });
		const { output, error } = await runChat({
			items: [{ q: 'Weather? [[args:{"city": "Paris"}]]' }],
			parameters,
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			content: '',
			finish_reason: 'tool_calls',
			tool_calls: [
				{ type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
			],
		});
		if (isTgi) expect(output[0].json.finish_reason_raw).toBe('stop');
		else expect(output[0].json).not.toHaveProperty('finish_reason_raw');
	});

	it(`Top P 1.0: ${isTgi ? 'refused before sending (TGI rejects it)' : 'sent, the server accepts it'}`, async () => {
		const parameters = chatParameters({ options: { topP: 1 } });
		const { output, error } = await runChat({
			items: [{ q: 'hi' }],
			parameters,
			credentials: credentials(),
		});
		if (isTgi) {
			expect(error?.message).toBe(
				'Top P: must be greater than 0 and less than 1; TGI rejects 1.0 (got 1) [item 0]',
			);
			expect(chatBodies(server)).toEqual([]);
		} else {
			expect(error).toBeUndefined();
			expect(output[0].json.content).toBe('Echo: hi');
			expect(chatBodies(server)[0].top_p).toBe(1);
		}
	});

	it('a server error names the detected server, with advice that fits it', async () => {
		const { error } = await runChat({
			items: [{ q: 'x [[status:500]]' }],
			parameters: chatParameters({ options: { maxRetries: 0 } }),
			credentials: credentials(),
		});
		expect(error?.description).toContain(`server: ${mode.detected}`);
		if (isTgi) expect(error?.description).toMatch(/TGI server's logs/);
		else expect(error?.description).not.toMatch(/TGI/);
	});

	it(`Generate Text: ${isTgi ? 'sent to /generate' : 'refused before sending, saying why'}`, async () => {
		const { output, error } = await runChat({
			items: [{ q: 'Once upon' }],
			parameters: { resource: 'text', operation: 'generate', inputs: '={{ $json.q }}' },
			credentials: credentials(),
		});
		if (isTgi) {
			expect(error).toBeUndefined();
			expect(output[0].json.generated_text).toBe(' Echo: Once upon');
			return;
		}
		expect(error?.message).toBe(
			"Generate Text needs a TGI server; this credential's server is OpenAI-compatible (detected) [item 0]",
		);
		expect(error?.description).toMatch(/Server Type to Text Generation Inference/);
		expect(routes(server)).toEqual([`GET ${mode.probe}`]);
	});

	it('the Chat Model sub-node completes a tool-call round trip in the same dialect', async () => {
		const { output, error } = (await agent.runAgentWorkflow({
			items: [{}],
			prompt: 'What is the weather? [[args:{"city": "Paris"}]]',
			credentials: credentials(),
		})) as { output: Array<{ json: Record<string, unknown> }>; error?: unknown };
		expect(error).toBeUndefined();
		expect(String(output[0].json.output)).toMatch(/said: Sunny, 21 °C in Paris$/);
		expect(routes(server)).toEqual([`GET ${mode.probe}`, ...Array(2).fill(`POST ${mode.chat}`)]);
	});
});

describe('a prompt longer than the model’s context', () => {
	const tgi = startServer({ mode: 'tgi' });
	const llamaCpp = startServer({ mode: 'llamacpp' });
	const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
	beforeEach(() => forgetDetectedServers());

	it('llama.cpp: its words (exceed_context_size_error), and how to fix it there: -c', async () => {
		const { error } = await runChat({
			items: [{ q: words(3059) }],
			credentials: { apiKey: API_KEY, baseUrl: llamaCpp.url, apiVersion: 'v1' },
		});
		expect(error?.message).toBe(
			'request (3059 tokens) exceeds the available context size (2048 tokens), try increasing it',
		);
		expect(error?.description).toMatch(
			/^The prompt \(plus Maximum Number of Tokens\) is longer than the model's context on this server\. .*-c \(--ctx-size\) for llama\.cpp/,
		);
		expect(error?.description).toContain(
			'(HTTP 400, error type: exceed_context_size_error, server: OpenAI-compatible (detected))',
		);
	});

	it.each([
		['the prompt alone', 5000, undefined, /`inputs` must have less than 4095 tokens\. Given: 5000/],
		[
			'prompt plus Maximum Number of Tokens',
			4000,
			200,
			/`inputs` tokens \+ `max_new_tokens` must be <= 4096/,
		],
	])(
		'TGI, %s: its 422, and how to fix it there: --max-input-tokens / --max-total-tokens',
		async (_, count, maxTokens, words422) => {
			const { error } = await runChat({
				items: [{ q: words(count) }],
				parameters: chatParameters({ options: maxTokens ? { maxTokens } : {} }),
				credentials: { apiKey: API_KEY, baseUrl: tgi.url, apiVersion: 'v1' },
			});
			expect(error?.message).toMatch(words422);
			expect(error?.description).toMatch(
				/TGI with a larger --max-input-tokens and --max-total-tokens/,
			);
		},
	);
});

describe('what only OpenAI-compatible servers do', () => {
	const router = startServer({ mode: 'router' });
	const vllm = startServer({ mode: 'vllm' });
	const llamaCpp = startServer({ mode: 'llamacpp' });
	const at = (server: TestServer, extra = {}) => ({
		apiKey: API_KEY,
		baseUrl: server.url,
		apiVersion: 'v1',
		...extra,
	});
	beforeEach(() => forgetDetectedServers());

	it('takes stop as one string, and reads reasoning from vLLM\'s "reasoning" field', async () => {
		const parameters = chatParameters({
			options: { additionalBodyFields: '{"stop": "END"}' },
		});
		const { output } = await runChat({
			items: [{ q: 'Hi [[think:field]] END more' }],
			parameters,
			credentials: at(vllm),
		});
		expect(chatBodies(vllm)[0].stop).toBe('END');
		expect(output[0].json).toMatchObject({
			content: 'Echo: Hi [[think:field]] ',
			reasoning: 'The user wants an echo. I will echo.',
		});
	});

	it('JSON output without a schema: any JSON object, constrained even by llama.cpp (a bare json_object is not)', async () => {
		const json = chatParameters({ options: { responseFormat: 'json' } });
		const { output, error } = await runChat({
			items: [{ q: 'x' }],
			parameters: json,
			credentials: at(llamaCpp),
		});
		expect(error).toBeUndefined();
		expect(chatBodies(llamaCpp)[0].response_format).toEqual({
			type: 'json_schema',
			json_schema: { name: 'response', schema: { type: 'object' }, strict: false },
		});
		expect(output[0].json.content).toEqual({});
		// What the old form got from llama.cpp: text, not JSON.
		const bare = chatParameters({
			options: {
				responseFormat: 'json',
				additionalBodyFields: '{"response_format": {"type": "json_object"}}',
			},
		});
		const old = await runChat({ items: [{ q: 'x' }], parameters: bare, credentials: at(llamaCpp) });
		expect(old.error?.message).toMatch(/not valid JSON/);
	});

	it('normalises a provider\'s own finish_reason ("eos", together) and keeps it raw', async () => {
		const { output } = await runChat({
			items: [{ q: 'Hi [[finish:eos]]' }],
			credentials: at(router),
		});
		expect(output[0].json).toMatchObject({ finish_reason: 'stop', finish_reason_raw: 'eos' });
	});

	it("Server Type set: no detection request; set wrong, the server's own words show what went wrong", async () => {
		const parameters = chatParameters({
			options: { responseFormat: 'json', jsonSchema: JSON.stringify(schema), maxRetries: 0 },
		});
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: at(vllm, { serverType: 'tgi' }),
		});
		expect(routes(vllm)).toEqual(['POST /v1/chat/completions']);
		expect(chatBodies(vllm)[0].response_format).toEqual({ type: 'json', value: schema });
		expect(error?.message).toMatch(/Input should be 'text', 'json_object' or 'json_schema'/);
		expect(error?.description).toContain(
			'(HTTP 400, error type: BadRequestError, server: TGI (set in the credential))',
		);
	});

	it('an unsure detection (GET /info failed) means OpenAI-compatible, and is tried again next time', async () => {
		vllm.script = (request) =>
			request.url === '/info' ? { status: 503, body: 'loading' } : undefined;
		await runChat({ items: [{ q: 'a' }], credentials: at(vllm) });
		await runChat({ items: [{ q: 'b' }], credentials: at(vllm) });
		expect(routes(vllm)).toEqual([
			'GET /info',
			'POST /v1/chat/completions',
			'GET /info',
			'POST /v1/chat/completions',
		]);
	});
});

describe('a TEI server (embeddings and reranking, no chat), Server Type on Auto-detect', () => {
	const tei = startServer({ mode: 'tei', model: 'BAAI/bge-m3' });
	const credentials = () => ({ apiKey: API_KEY, baseUrl: tei.url, apiVersion: 'v1' });
	beforeEach(() => forgetDetectedServers());

	it('is detected from its /info (with the key), and chat is refused before sending, per item', async () => {
		const { output, error } = await runChat({
			items: [{ q: 'a' }, { q: 'b' }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error)).toEqual([
			"This credential's server is TEI (detected), which serves embeddings, reranking, classification and tokenization, not chat completions [item 0]",
			"This credential's server is TEI (detected), which serves embeddings, reranking, classification and tokenization, not chat completions [item 1]",
		]);
		expect(output[0].json.message).toMatch(/^Point the credential at a server that generates text/);
		expect(routes(tei)).toEqual(['GET /info']);
		expect(tei.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	it('says so before anything else is wrong: messages a chat server would refuse too', async () => {
		const { error } = await runChat({
			items: [{}],
			parameters: chatParameters({ specifyMessages: 'json', messagesJson: '[]' }),
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/^This credential's server is TEI \(detected\)/);
	});

	it('Get Server Info and Generate Text are refused too: TEI has no TGI-native routes', async () => {
		const { error } = await runChat({
			items: [{}],
			parameters: { resource: 'server', operation: 'getInfo' },
			credentials: credentials(),
		});
		expect(error?.message).toBe(
			"Get Server Info needs a TGI server; this credential's server is TEI (detected) [item 0]",
		);
	});

	it('the Chat Model sub-node is refused when the agent asks for it, nothing sent but the probe', async () => {
		const { error } = (await agent.runAgentWorkflow({
			items: [{}],
			prompt: 'Hi',
			credentials: credentials(),
		})) as { error?: { message?: string; description?: string } };
		// n8n reports it on the agent as "Error in sub-node …", with our words in the description.
		expect(error?.message).toBe('Error in sub-node TGI Chat Model');
		expect(error?.description).toMatch(
			/^This credential's server is TEI \(detected\), which serves embeddings, reranking, classification and tokenization, not chat completions/,
		);
		expect(routes(tei)).toEqual(['GET /info']);
	});
});
