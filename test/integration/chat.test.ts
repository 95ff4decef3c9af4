import axios from 'axios';

import {
	API_KEY,
	chatParameters,
	routerStyle,
	runChat,
	searchModels,
	selfHosted,
	startServer,
} from '../helpers/tgi';

describe('Message a Model through n8n-core’s execution engine', () => {
	const server = startServer();

	it('answers several items in input order, each with its pairedItem', async () => {
		const items = ['one', 'two', 'three', 'four', 'five'].map((q) => ({ q }));
		const { output, error } = await runChat({ items, credentials: selfHosted(server) });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.content)).toEqual(items.map(({ q }) => `Echo: ${q}`));
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output[0].json).toEqual({
			content: 'Echo: one',
			finish_reason: 'stop',
			model: 'meta-llama/Llama-3.1-8B-Instruct',
			usage: {
				prompt_tokens: expect.any(Number),
				completion_tokens: expect.any(Number),
				total_tokens: expect.any(Number),
			},
		});
		expect(server.requests.map((r) => r.url)).toEqual(Array(5).fill('/v1/chat/completions'));
		expect(server.requests.map((r) => r.headers.authorization)).toEqual(
			Array(5).fill(`Bearer ${API_KEY}`),
		);
	});

	it('sends every option in TGI’s wire format', async () => {
		const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
		const parameters = chatParameters({
			messages: {
				values: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: '={{ $json.q }}' },
				],
			},
			options: {
				temperature: 0.2,
				maxTokens: 50,
				topP: 0.9,
				frequencyPenalty: 0.1,
				presencePenalty: 0.2,
				seed: 42,
				stop: ['END', '\n\n'],
				responseFormat: 'json',
				jsonSchema: JSON.stringify(schema),
				additionalBodyFields: '{"top_k": 5, "repetition_penalty": 1.1}',
				timeout: 30000,
			},
		});
		const { output, error } = await runChat({
			items: [{ q: 'Where?' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests[0].body).toEqual({
			model: 'meta-llama/Llama-3.1-8B-Instruct',
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Where?' },
			],
			temperature: 0.2,
			max_tokens: 50,
			top_p: 0.9,
			frequency_penalty: 0.1,
			presence_penalty: 0.2,
			seed: 42,
			stop: ['END', '\n\n'],
			response_format: { type: 'json', value: schema },
			top_k: 5,
			repetition_penalty: 1.1,
		});
		// Output Content as JSON (the default with JSON format): the answer as data.
		expect(output[0].json.content).toEqual({ city: 'sample' });
	});

	it('reports TGI’s stop_sequence and length finish reasons', async () => {
		const parameters = chatParameters({ options: { stop: ['STOP'] } });
		const stopped = await runChat({
			items: [{ q: 'a b STOP c' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(stopped.output[0].json).toMatchObject({
			content: 'Echo: a b ',
			finish_reason: 'stop_sequence',
		});
		const cut = await runChat({
			items: [{ q: 'a b c d e f' }],
			parameters: chatParameters({ options: { maxTokens: 3 } }),
			credentials: selfHosted(server),
		});
		expect(cut.output[0].json).toMatchObject({ content: 'Echo: a b', finish_reason: 'length' });
	});

	it('sends a full OpenAI-format messages array from JSON, image parts included', async () => {
		const parameters = chatParameters({
			specifyMessages: 'json',
			messagesJson:
				'={{ JSON.stringify([{ role: "user", content: [{ type: "text", text: $json.q }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }]) }}',
		});
		const { output, error } = await runChat({
			items: [{ q: 'What is this?' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests[0].body.messages).toEqual([
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is this?' },
					{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
				],
			},
		]);
		expect(output[0].json.content).toBe('Echo: What is this? [image]');
	});

	it('returns TGI’s whole response with Simplify Output off, tool calls included', async () => {
		const tools = [
			{
				type: 'function',
				function: {
					name: 'get_weather',
					parameters: { type: 'object', properties: { city: { type: 'string' } } },
				},
			},
		];
		const parameters = chatParameters({
			simplify: false,
			options: { additionalBodyFields: JSON.stringify({ tools }) },
		});
		const { output } = await runChat({
			items: [{ q: 'Weather?' }],
			parameters,
			credentials: selfHosted(server),
		});
		const response = output[0].json as {
			id: string;
			object: string;
			choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
		};
		expect(response.id).toBe('');
		expect(response.object).toBe('chat.completion');
		expect(response.choices[0].finish_reason).toBe('stop');
		expect(response.choices[0].message).not.toHaveProperty('content');
		// The whole response is TGI's, untouched: arguments stay a JSON string there.
		expect(response.choices[0].message.tool_calls).toEqual([
			{
				id: '0',
				type: 'function',
				function: { description: null, name: 'get_weather', arguments: '{"city":"sample"}' },
			},
		]);

		const simplified = await runChat({
			items: [{ q: 'Weather?' }],
			parameters: chatParameters({ options: { additionalBodyFields: { tools } } }),
			credentials: selfHosted(server),
		});
		expect(simplified.output[0].json).toMatchObject({
			content: '',
			finish_reason: 'tool_calls',
			finish_reason_raw: 'stop',
			tool_calls: [
				{
					id: '0',
					type: 'function',
					function: { name: 'get_weather', arguments: { city: 'sample' } },
				},
			],
		});
	});

	it('reaches router-style URLs ({baseUrl}/v3/openai)', async () => {
		const { output } = await runChat({ items: [{ q: 'hi' }], credentials: routerStyle(server) });
		expect(output[0].json.content).toBe('Echo: hi');
		expect(server.requests[0].url).toBe('/novita/v3/openai/chat/completions');
	});

	it('sends no Authorization header when the API key is empty (keyless self-hosted TGI)', async () => {
		const keyless = { baseUrl: server.url, apiVersion: 'v1', apiKey: '' };
		server.apiKey = undefined;
		try {
			const { output } = await runChat({ items: [{ q: 'hi' }], credentials: keyless });
			expect(output[0].json.content).toBe('Echo: hi');
			expect(server.requests[0].headers).not.toHaveProperty('authorization');
		} finally {
			server.apiKey = API_KEY;
		}
	});

	it('sends tools and tool choice in TGI’s format and returns tool calls with parsed arguments', async () => {
		const tools = [
			{
				type: 'function',
				function: {
					name: 'get_weather',
					parameters: {
						type: 'object',
						properties: { city: { type: 'string' } },
						required: ['city'],
					},
				},
			},
			{ name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } },
		];
		const parameters = chatParameters({
			options: {
				tools: JSON.stringify(tools),
				toolChoice: 'function',
				toolChoiceFunction: 'get_time',
			},
		});
		const { output, error } = await runChat({
			items: [{ q: 'Time?' }, { q: 'Cut [[bad-args]]' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests[0].body.tools).toEqual([
			tools[0],
			{ type: 'function', function: tools[1] },
		]);
		expect(server.requests[0].body.tool_choice).toEqual({
			type: 'function',
			function: { name: 'get_time' },
		});
		// TGI's shape (no content key, finish_reason "stop", id "0"), normalised.
		expect(output[0].json).toMatchObject({
			content: '',
			finish_reason: 'tool_calls',
			finish_reason_raw: 'stop',
			tool_calls: [
				{ id: '0', type: 'function', function: { name: 'get_time', arguments: { tz: 'sample' } } },
			],
		});
		const [cut] = output[1].json.tool_calls as Array<Record<string, unknown>>;
		expect(cut.function).toEqual({ name: 'get_time', arguments: '{"city": "Par' });
		expect(cut.warning).toMatch(/not valid JSON/);
	});

	it('refuses bad tool definitions per item, naming the field and the item', async () => {
		const parameters = chatParameters({ options: { tools: '={{ $json.tools }}' } });
		const items = [
			{ q: 'a', tools: '[{"name": "ok"}]' },
			{ q: 'b', tools: '[{"name": "not ok"}]' },
		];
		const { output } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output[0].json.content).toBe('');
		expect(output[1].json.error).toBe(
			'Tools: tool 1 needs a "name" of letters, digits, _ or - (at most 64; got "not ok") [item 1]',
		);
		expect(server.requests).toHaveLength(1);
	});

	it('JSON output: data in content, fences tolerated, parse and schema failures per item', async () => {
		const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
		const answers: Record<string, string> = {
			fenced: '```json\n{"city": "Paris"}\n```',
			broken: '{"city": "Par',
			wrong: '{"town": "Paris"}',
		};
		server.script = (request) => {
			const q = String(request.body.messages?.[0].content);
			if (!(q in answers)) return undefined;
			const message = { role: 'assistant', content: answers[q] };
			const finish = q === 'broken' ? 'length' : 'stop';
			return {
				status: 200,
				body: {
					object: 'chat.completion',
					id: '',
					created: 1,
					model: 'm',
					system_fingerprint: '3.3.6-native',
					choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
					usage: null,
				},
			};
		};
		const options = { responseFormat: 'json', jsonSchema: JSON.stringify(schema) };
		const items = [{ q: 'fenced' }, { q: 'broken' }, { q: 'wrong' }, { q: 'ok' }];
		const { output } = await runChat({
			items,
			parameters: chatParameters({ options }),
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output[0].json.content).toEqual({ city: 'Paris' });
		expect(output[1].json.error).toMatch(/^The answer is not valid JSON \(.+\) \[item 1\]$/);
		expect(output[1].json.message).toMatch(/cut off by Maximum Number of Tokens/);
		expect(output[2].json.error).toBe(
			'The answer does not match the JSON Schema: $.city is required [item 2]',
		);
		expect(output[3].json.content).toEqual({ city: 'sample' });

		// Validation off accepts the mismatch; JSON output off keeps the text.
		const lenient = await runChat({
			items: [{ q: 'wrong' }],
			parameters: chatParameters({ options: { ...options, validateJson: false } }),
			credentials: selfHosted(server),
		});
		expect(lenient.error).toBeUndefined();
		expect(lenient.output[0].json.content).toEqual({ town: 'Paris' });
		const text = await runChat({
			items: [{ q: 'fenced' }],
			parameters: chatParameters({ options: { ...options, jsonOutput: false } }),
			credentials: selfHosted(server),
		});
		expect(text.output[0].json.content).toBe(answers.fenced);
	});

	it('vision: binary images go as image_url data URIs; missing, non-image and oversized ones fail their item', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
		const binary = (data: Buffer, mimeType: string) => ({
			data: { data: data.toString('base64'), mimeType, fileName: 'f' },
		});
		const items = [
			{ q: 'What is this?', $binary: binary(png, 'image/png') },
			{ q: 'No file' },
			{ q: 'A PDF', $binary: binary(Buffer.from('%PDF-1.7 …'), 'application/pdf') },
			{ q: 'Huge', $binary: binary(Buffer.concat([png, Buffer.alloc(1_600_000)]), 'image/png') },
		];
		const parameters = chatParameters({ options: { images: 'data' } });
		const { output } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output[0].json.content).toBe('Echo: What is this? [image]');
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].body.messages?.[0].content).toEqual([
			{ type: 'text', text: 'What is this?' },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
		]);
		expect(output.slice(1).map((item) => item.json.error)).toEqual([
			'Image Binary Properties: the item has no binary property "data" [item 1]',
			'Image Binary Properties: binary property "data" is not an image (application/pdf); send PNG, JPEG, GIF, WebP or BMP [item 2]',
			expect.stringMatching(
				/^Image Binary Properties: the request would be 2,13\d,\d{3} bytes, over TGI's 2,000,000-byte limit; .* \[item 3\]$/,
			),
		]);
	});

	it('separates a reasoning model’s thinking from its answer, in every shape it arrives in', async () => {
		const items = [
			{ q: 'a [[think]]' },
			{ q: 'b [[think:open]]' },
			{ q: 'c [[think:field]]' },
			{ q: 'd' },
		];
		const { output } = await runChat({ items, credentials: selfHosted(server) });
		const thought = 'The user wants an echo. I will echo.';
		expect(output.map((item) => [item.json.content, item.json.reasoning])).toEqual([
			['Echo: a [[think]]', thought],
			['Echo: b [[think:open]]', thought],
			['Echo: c [[think:field]]', thought],
			['Echo: d', undefined],
		]);
		const inline = await runChat({
			items,
			parameters: chatParameters({ options: { reasoningOutput: 'inline' } }),
			credentials: selfHosted(server),
		});
		expect(inline.output.map((item) => item.json.content)).toEqual([
			`<think>\n${thought}\n</think>\n\nEcho: a [[think]]`,
			`${thought}\n</think>\n\nEcho: b [[think:open]]`,
			`<think>\n${thought}\n</think>\n\nEcho: c [[think:field]]`,
			'Echo: d',
		]);
		expect(inline.output.every((item) => !('reasoning' in item.json))).toBe(true);
	});

	it('waits 10 minutes by default, as the request reaches axios in n8n’s HTTP helper (whose own default is 5)', async () => {
		const timeouts: Array<number | undefined> = [];
		const interceptor = axios.interceptors.request.use((config) => {
			timeouts.push(config.timeout);
			return config;
		});
		try {
			await runChat({ items: [{ q: 'a' }], credentials: selfHosted(server) });
			await runChat({
				items: [{ q: 'b' }],
				parameters: chatParameters({ options: { timeout: 30000 } }),
				credentials: selfHosted(server),
			});
		} finally {
			axios.interceptors.request.eject(interceptor);
		}
		expect(timeouts).toEqual([600_000, 30_000]);
	});

	it('gives up after the Timeout option', async () => {
		const parameters = chatParameters({ options: { timeout: 200, maxRetries: 0 } });
		const { error } = await runChat({
			items: [{ q: 'slow [[delay:1500]]' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error?.message).toMatch(
			/^No complete answer from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions within the Timeout option \(200 ms\)$/,
		);
	});

	it("the model picker shows what the HF router says of each model's providers", async () => {
		server.script = (request) =>
			request.url.endsWith('/models')
				? {
						status: 200,
						body: {
							object: 'list',
							data: [
								{
									id: 'Qwen/Qwen3-8B',
									object: 'model',
									providers: [
										{
											provider: 'together',
											status: 'live',
											context_length: 40960,
											pricing: { input: 0.1, output: 0.2 },
											supports_tools: true,
											supports_structured_output: true,
										},
									],
								},
							],
						},
					}
				: undefined;
		const { results } = await searchModels(routerStyle(server));
		expect(results).toEqual([
			{
				name: 'Qwen/Qwen3-8B',
				value: 'Qwen/Qwen3-8B',
				description: 'together: 41K context, $0.1 in / $0.2 out per M tokens, tools, JSON schema',
			},
		]);
	});

	it('lists models for the model picker, filtered by what the user types', async () => {
		const all = await searchModels(selfHosted(server));
		expect(all.results).toEqual([
			{ name: 'meta-llama/Llama-3.1-8B-Instruct', value: 'meta-llama/Llama-3.1-8B-Instruct' },
		]);
		expect((await searchModels(routerStyle(server), 'LLAMA')).results).toHaveLength(1);
		expect((await searchModels(selfHosted(server), 'mistral')).results).toHaveLength(0);
		expect(server.requests.map((r) => r.url)).toEqual([
			'/v1/models',
			'/novita/v3/openai/models',
			'/v1/models',
		]);
	});

	it('takes the model from the list mode of the resource locator', async () => {
		const parameters = chatParameters({ modelId: { __rl: true, mode: 'list', value: 'tgi' } });
		await runChat({ items: [{ q: 'hi' }], parameters, credentials: selfHosted(server) });
		expect(server.requests[0].body.model).toBe('tgi');
	});
});
