import { API_KEY, routerStyle, runChat, selfHosted, startServer } from '../helpers/tgi';

const generate = (options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	resource: 'text',
	operation: 'generate',
	inputs: '={{ $json.q }}',
	options,
	...extra,
});
const getInfo = (options: Record<string, unknown> = {}) => ({
	resource: 'server',
	operation: 'getInfo',
	options,
});

describe('TGI-native operations through n8n-core’s execution engine', () => {
	const server = startServer();

	it('Generate Text posts each item to {Base URL}/generate, outside the API version, in input order', async () => {
		const items = ['one', 'two', 'three'].map((q) => ({ q }));
		const { output, error } = await runChat({
			items,
			parameters: generate({ details: true }),
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests.map((r) => [r.method, r.url])).toEqual(
			Array(3).fill(['POST', '/generate']),
		);
		expect(server.requests.map((r) => r.headers.authorization)).toEqual(
			Array(3).fill(`Bearer ${API_KEY}`),
		);
		expect(output.map((item) => item.json)).toEqual(
			items.map(({ q }) => ({
				generated_text: ` Echo: ${q}`,
				finish_reason: 'stop',
				finish_reason_raw: 'eos_token',
				generated_tokens: 2,
			})),
		);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it('sends TGI’s parameters as set, and returns the whole response with Simplify Output off', async () => {
		const options = {
			maxNewTokens: 3,
			doSample: true,
			temperature: 0.7,
			topK: 10,
			topP: 0.9,
			repetitionPenalty: 1.1,
			seed: 5,
			stop: ['never'],
			details: true,
			decoderInputDetails: true,
			returnFullText: true,
			topNTokens: 2,
			additionalParameters: '{"watermark": false}',
			timeout: 20000,
		};
		const { output, error } = await runChat({
			items: [{ q: 'The capital of France is' }],
			parameters: generate(options, { simplify: false }),
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests[0].body).toEqual({
			inputs: 'The capital of France is',
			parameters: {
				max_new_tokens: 3,
				do_sample: true,
				temperature: 0.7,
				top_k: 10,
				top_p: 0.9,
				repetition_penalty: 1.1,
				seed: 5,
				stop: ['never'],
				details: true,
				decoder_input_details: true,
				return_full_text: true,
				top_n_tokens: 2,
				watermark: false,
			},
		});
		const json = output[0].json as { generated_text: string; details: Record<string, unknown> };
		expect(json.generated_text).toBe('The capital of France is Echo: The capital');
		expect(json.details).toMatchObject({ finish_reason: 'length', generated_tokens: 3, seed: 5 });
		expect(json.details.prefill).toHaveLength(5);
		expect(json.details.top_tokens).toHaveLength(3);
	});

	it('a bad option fails its item, naming item and field, before anything is sent; with Continue On Fail the rest complete', async () => {
		const items = [{ q: 'fine' }, { q: '' }, { q: 'also fine' }];
		const stopped = await runChat({
			items,
			parameters: generate(),
			credentials: selfHosted(server),
		});
		expect(stopped.error?.message).toBe('Prompt: is required: TGI rejects empty inputs [item 1]');

		server.reset();
		const { output, error } = await runChat({
			items,
			parameters: generate({ maxNewTokens: 5 }),
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.generated_text ?? item.json.error)).toEqual([
			' Echo: fine',
			'Prompt: is required: TGI rejects empty inputs [item 1]',
			' Echo: also fine',
		]);
		expect(server.requests.map((r) => r.body.inputs)).toEqual(['fine', 'also fine']);

		server.reset();
		const temperature = await runChat({
			items: [{ q: 'x' }],
			parameters: generate({ temperature: 0 }),
			credentials: selfHosted(server),
		});
		expect(temperature.error?.message).toMatch(
			/^Sampling Temperature: must be greater than 0 for \/generate.*\[item 0\]$/,
		);
		expect(server.requests).toHaveLength(0);
	});

	it('TGI’s own 422 (prompt plus max_new_tokens over max_total_tokens) comes through in its words', async () => {
		const { error } = await runChat({
			items: [{ q: 'a b c' }],
			parameters: generate({ maxNewTokens: 4095 }),
			credentials: selfHosted(server),
		});
		expect(error?.message).toBe(
			'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 3 `inputs` tokens and 4095 `max_new_tokens`',
		);
		expect(error?.description).toMatch(/HTTP 422, error type: validation/);
	});

	it('retries a 429 on /generate like every other request', async () => {
		let calls = 0;
		server.script = () =>
			calls++ === 0
				? {
						status: 429,
						body: { error: 'Model is overloaded', error_type: 'overloaded' },
						headers: { 'retry-after-ms': '10' },
					}
				: undefined;
		const { output, error } = await runChat({
			items: [{ q: 'again' }],
			parameters: generate(),
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.generated_text).toBe(' Echo: again');
		expect(server.requests).toHaveLength(2);
	});

	it('Get Server Info reads GET {Base URL}/info: the model and its token limits', async () => {
		const { output, error } = await runChat({
			items: [{}, {}],
			parameters: getInfo(),
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests.map((r) => [r.method, r.url])).toEqual([
			['GET', '/info'],
			['GET', '/info'],
		]);
		expect(output[0].json).toMatchObject({
			model_id: 'meta-llama/Llama-3.1-8B-Instruct',
			max_input_tokens: 4095,
			max_total_tokens: 4096,
			max_concurrent_requests: 128,
			version: '3.3.6',
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('with a router Base URL, the 404 says these routes are for self-hosted TGI and Inference Endpoints', async () => {
		for (const parameters of [generate(), getInfo()]) {
			server.reset();
			const { error } = await runChat({
				items: [{ q: 'x' }],
				parameters,
				credentials: routerStyle(server),
			});
			expect(server.requests[0].url).toMatch(/^\/novita\/(generate|info)$/);
			expect(error?.message).toBe('Not found (HTTP 404)');
			expect(error?.description).toMatch(
				/live at the server root, \{Base URL\}\/generate, not under the API Version.*not on the HF router/,
			);
		}
	});

	it('a server that answers /info with something else is named as not TGI', async () => {
		server.script = () => ({ status: 200, body: { object: 'list', data: [] } });
		const { error } = await runChat({
			items: [{}],
			parameters: getInfo(),
			credentials: selfHosted(server),
		});
		expect(error?.message).toMatch(/does not look like TGI's \/info/);
	});
});
