/**
 * The action node's Count Tokens operation through n8n-core's engine against the test server
 * playing TEI, TGI, vLLM and llama.cpp over real HTTP, each with its own /tokenize shapes: texts
 * batched where the server takes a list (TEI), one per request elsewhere; chat messages through the
 * model's template (TGI's /chat_tokenize, vLLM); the model's input limit where the server says it;
 * a server answering wrong never giving a silently wrong count; servers without a tokenizer route
 * refused before sending.
 */
import { tokenize } from '../../testing/server/teiTasks';
import { llmTokens, MAX_MODEL_LEN, templated } from '../../testing/server/tokenizeRoutes';
import { MAX_INPUT_TOKENS } from '../../testing/server/tgiValidation';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { detected, posts, routerStyle, runChat, startServer } from '../helpers/tgi';

const countParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'token',
	operation: 'count',
	input: 'text',
	text: '={{ $json.text }}',
	...extra,
});

const messagesParameters = (extra: Record<string, unknown> = {}) =>
	countParameters({ input: 'messages', messages: '={{ $json.messages }}', ...extra });

const texts = (count: number) =>
	Array.from({ length: count }, (_, id) => ({
		id,
		text: `Prompt ${id} has ${'some '.repeat(id % 7)}words`,
	}));

const MESSAGES = [
	{ role: 'system', content: 'You answer briefly.' },
	{ role: 'user', content: 'What is the capital of France?' },
];

beforeEach(() => forgetDetectedServers());

describe('Count Tokens against TEI (/tokenize takes a batch)', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });
	afterEach(() => {
		server.maxClientBatchSize = 32;
	});

	it("batches the items within max_client_batch_size; each item's count and TEI's max_input_length", async () => {
		server.maxClientBatchSize = 16;
		const items = texts(40);
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: countParameters(),
		});
		expect(error).toBeUndefined();
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({
				...items[index],
				tokenization: { count: tokenize(items[index].text).length, maxInputTokens: 512 },
			});
		});
		const sizes = posts(server, '/tokenize').map((request) => request.body.inputs.length);
		expect(sizes.sort((a, b) => b - a)).toEqual([16, 16, 8]);
		expect(posts(server, '/tokenize')[0].body).toEqual({
			inputs: items.slice(0, 16).map((item) => item.text),
			add_special_tokens: true,
		});
	});

	it('Return Tokens, Add Special Tokens off and a Prompt Name, as TEI takes them', async () => {
		const { output, error } = await runChat({
			items: [{ text: 'Where is Paris' }],
			credentials: detected(server),
			parameters: countParameters({
				options: { returnTokens: true, addSpecialTokens: false, promptName: 'query' },
			}),
		});
		expect(error).toBeUndefined();
		const tokens = tokenize('query: Where is Paris', false);
		expect(output[0].json.tokenization).toEqual({
			count: tokens.length,
			maxInputTokens: 512,
			tokens: tokens.map(({ id, text, special }) => ({ id, text, special })),
		});
		expect(posts(server, '/tokenize')[0].body).toEqual({
			inputs: ['Where is Paris'],
			add_special_tokens: false,
			prompt_name: 'query',
		});
	});

	it('a batch answered with one token list short fails its items, never a count on the wrong item', async () => {
		server.script = (request) =>
			request.url === '/tokenize' ? { status: 200, body: [tokenize('only one')] } : undefined;
		try {
			const { output } = await runChat({
				items: texts(3),
				credentials: detected(server),
				parameters: countParameters(),
				continueOnFail: true,
			});
			for (const item of output) {
				expect(item.json.tokenization).toBeUndefined();
				expect(item.json.error).toMatch(/^The tokenize answer has 1 token lists for 3 texts/);
			}
		} finally {
			server.script = undefined;
		}
	});

	it('chat messages are refused before sending: TEI has no chat template', async () => {
		const { error } = await runChat({
			items: [{ messages: MESSAGES }],
			credentials: detected(server),
			parameters: messagesParameters(),
		});
		expect(error?.message).toMatch(
			/^This credential's server is TEI \(detected\), which serves .*, not tokenization of chat messages/,
		);
		expect(posts(server, '/tokenize')).toEqual([]);
	});
});

describe('Count Tokens against TGI (/tokenize, /chat_tokenize)', () => {
	const server = startServer({ mode: 'tgi', prefixes: ['/v1'] });

	it("one text per request, with TGI's max_input_tokens from its /info", async () => {
		const items = texts(5);
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: countParameters({ options: { returnTokens: true } }),
		});
		expect(error).toBeUndefined();
		output.forEach((item, index) => {
			const tokens = llmTokens(items[index].text, true);
			expect(item.json.tokenization).toEqual({
				count: tokens.length,
				maxInputTokens: MAX_INPUT_TOKENS,
				tokens: tokens.map(({ id, text }) => ({ id, text })),
			});
		});
		expect(posts(server, '/tokenize').map((request) => request.body)).toEqual(
			items.map((item) => ({ inputs: item.text })),
		);
	});

	it("with the credential's Server Type set to TGI, /info is asked once for max_input_tokens", async () => {
		const { output, error } = await runChat({
			items: texts(3),
			credentials: detected(server, { serverType: 'tgi' }),
			parameters: countParameters(),
		});
		expect(error).toBeUndefined();
		for (const item of output)
			expect(item.json.tokenization).toMatchObject({ maxInputTokens: MAX_INPUT_TOKENS });
		expect(server.requests.filter((request) => request.url === '/info')).toHaveLength(1);
	});

	it("chat messages through the model's template, the templated text returned", async () => {
		const { output, error } = await runChat({
			items: [{ messages: MESSAGES }],
			credentials: detected(server),
			parameters: messagesParameters(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.tokenization).toEqual({
			count: llmTokens(templated(MESSAGES), false).length,
			maxInputTokens: MAX_INPUT_TOKENS,
			templatedText: templated(MESSAGES),
		});
		expect(posts(server, '/chat_tokenize')[0].body).toEqual({ messages: MESSAGES });
	});

	it('Add Special Tokens is refused before sending, naming the option (TGI decides itself)', async () => {
		const { error } = await runChat({
			items: texts(1),
			credentials: detected(server),
			parameters: countParameters({ options: { addSpecialTokens: false } }),
		});
		expect(error?.message).toMatch(
			/^Add Special Tokens: is not taken by this credential's server, TGI \(detected\)/,
		);
		expect(posts(server, '/tokenize')).toEqual([]);
	});

	it('bad messages are that item’s error naming Messages to Count (Continue On Fail)', async () => {
		const { output, error } = await runChat({
			items: [{ messages: MESSAGES }, { messages: [] }, { messages: [{ content: 'no role' }] }],
			credentials: detected(server),
			parameters: messagesParameters(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error ?? 'ok')).toEqual([
			'ok',
			'Messages to Count: must be a non-empty list of {"role", "content"} (got an empty list) [item 1]',
			'Messages to Count: entry 1 of 1 has no "role" [item 2]',
		]);
		expect(posts(server, '/chat_tokenize')).toHaveLength(1);
	});
});

describe('Count Tokens against vLLM and llama.cpp (/tokenize at the root)', () => {
	const vllm = startServer({ mode: 'vllm', prefixes: ['/v1'], model: 'Qwen/Qwen3-8B' });
	const llamaCpp = startServer({ mode: 'llamacpp', prefixes: ['/v1'] });

	it("vLLM: the count, max_model_len and the tokens' texts; the model sent", async () => {
		const { output, error } = await runChat({
			items: [{ text: 'Where is Paris' }],
			credentials: detected(vllm),
			parameters: countParameters({
				modelId: { __rl: true, mode: 'id', value: 'Qwen/Qwen3-8B' },
				options: { returnTokens: true },
			}),
		});
		expect(error).toBeUndefined();
		const tokens = llmTokens('Where is Paris', true);
		expect(output[0].json.tokenization).toEqual({
			count: tokens.length,
			maxInputTokens: MAX_MODEL_LEN,
			tokens: tokens.map(({ id, text }) => ({ id, text })),
		});
		expect(posts(vllm, '/tokenize')[0].body).toMatchObject({
			model: 'Qwen/Qwen3-8B',
			prompt: 'Where is Paris',
			add_special_tokens: true,
			return_token_strs: true,
		});
	});

	it("vLLM: chat messages through the model's template, no second BOS unless asked", async () => {
		const count = async (options: Record<string, unknown>) => {
			const { output, error } = await runChat({
				items: [{ messages: MESSAGES }],
				credentials: detected(vllm),
				parameters: messagesParameters({ options }),
			});
			expect(error).toBeUndefined();
			return output[0].json.tokenization;
		};
		expect(await count({})).toEqual({
			count: llmTokens(templated(MESSAGES), false).length,
			maxInputTokens: MAX_MODEL_LEN,
		});
		expect(await count({ addSpecialTokens: true })).toEqual({
			count: llmTokens(templated(MESSAGES), true).length,
			maxInputTokens: MAX_MODEL_LEN,
		});
		expect(posts(vllm, '/tokenize').map((request) => request.body.add_special_tokens)).toEqual([
			false,
			true,
		]);
	});

	it('vLLM: an answer whose count disagrees with its tokens fails the item', async () => {
		vllm.script = (request) =>
			request.url === '/tokenize'
				? {
						status: 200,
						body: { count: 9, max_model_len: 4096, tokens: [1, 2, 3], token_strs: null },
					}
				: undefined;
		try {
			const { error } = await runChat({
				items: [{ text: 'Where is Paris' }],
				credentials: detected(vllm),
				parameters: countParameters(),
			});
			expect(error?.message).toMatch(/^The tokenize answer's count is 9, but it lists 3 tokens/);
		} finally {
			vllm.script = undefined;
		}
	});

	it('a server without /tokenize (404): the server’s words and a hint naming the servers that have one', async () => {
		vllm.script = (request) =>
			request.url === '/tokenize' ? { status: 404, body: { detail: 'Not Found' } } : undefined;
		try {
			const { error } = await runChat({
				items: [{ text: 'Where is Paris' }],
				credentials: detected(vllm),
				parameters: countParameters(),
			});
			expect(error?.message).toMatch(/Not Found/);
			expect(error?.description).toMatch(/has no POST \{Base URL\}\/tokenize: vLLM and llama.cpp/);
		} finally {
			vllm.script = undefined;
		}
	});

	it('llama.cpp: special tokens asked for (it adds none unless told), the pieces read', async () => {
		const { output, error } = await runChat({
			items: [{ text: 'Where is Paris' }],
			credentials: detected(llamaCpp),
			parameters: countParameters({ options: { returnTokens: true } }),
		});
		expect(error).toBeUndefined();
		const tokens = llmTokens('Where is Paris', true);
		expect(output[0].json.tokenization).toEqual({
			count: tokens.length,
			tokens: tokens.map(({ id, text }) => ({ id, text })),
		});
		expect(posts(llamaCpp, '/tokenize')[0].body).toMatchObject({
			content: 'Where is Paris',
			add_special: true,
			with_pieces: true,
		});
	});

	it('llama.cpp: chat messages fail the item, never a count of 0 (its /tokenize reads text only)', async () => {
		const { error } = await runChat({
			items: [{ messages: MESSAGES }],
			credentials: detected(llamaCpp),
			parameters: messagesParameters(),
		});
		expect(error?.message).toMatch(/read no messages \(llama.cpp's \/tokenize takes text only\)/);
	});
});

describe('Count Tokens where the server has no tokenizer route', () => {
	const router = startServer({ mode: 'router' });

	it('is refused before sending on the HF router', async () => {
		const { error } = await runChat({
			items: texts(1),
			credentials: routerStyle(router, { serverType: 'router' }),
			parameters: countParameters(),
		});
		expect(error?.message).toMatch(/^This credential's server is HF router .*, not tokenization/);
		expect(error?.description).toMatch(/TGI, TEI, vLLM or llama.cpp/);
		expect(router.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});
});
