import { ERROR_BODIES } from '../../testing/server/tgiServer';
import {
	API_KEY,
	chatParameters,
	routerStyle,
	runChat,
	selfHosted,
	startServer,
} from '../helpers/tgi';

/** What the user must read for each status: the server's own words where it sent any, else our title. */
const EXPECTED: Array<[number, RegExp, RegExp]> = [
	[400, /^Failed to parse the request body as JSON/, /valid JSON/],
	[401, /^Authorization failed \(HTTP 401\)$/, /API Key/],
	[402, /exceeded your monthly included credits/, /out of credits/],
	[403, /does not have sufficient permissions/, /Inference Providers/],
	[404, /requested model does not exist/, /Base URL and API Version/],
	[413, /length limit exceeded/, /2,000,000 bytes/],
	[415, /Content-Type: application\/json/, /JSON request body/],
	[422, /^Template error: template not found$/, /chat template/],
	[424, /CUDA out of memory/, /while generating/],
	[
		429,
		/^Model is overloaded$/,
		/TGI is overloaded: more requests than its --max-concurrent-requests/,
	],
	[500, /^Incomplete generation$/, /server's logs/],
	[502, /502 Bad Gateway/, /gateway/],
	[503, /currently loading/, /ready in 43 s/],
	[504, /^Gateway Timeout$/, /timed out/],
];

/** These tests are about the message of one failed attempt; retries are tested in retries.test.ts. */
const noRetries = chatParameters({ options: { maxRetries: 0 } });

describe('HTTP errors through n8n-core’s execution engine', () => {
	const server = startServer();

	it.each(EXPECTED)(
		'HTTP %i stops the node with the server’s message and a hint',
		async (status, message, hint) => {
			const { output, error } = await runChat({
				items: [{ q: `fail [[status:${status}]]` }],
				parameters: noRetries,
				credentials: selfHosted(server),
			});
			expect(output).toEqual([]);
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(hint);
			expect(error?.description).toContain(`HTTP ${status}`);
			expect(error?.httpCode).toBe(String(status));
			expect(error?.context?.itemIndex).toBe(0);
		},
	);

	it.each(EXPECTED)(
		'HTTP %i with Continue On Fail: an error item in place, the other items complete',
		async (status, message, hint) => {
			const items = [{ q: 'first' }, { q: `fail [[status:${status}]]` }, { q: 'third' }];
			const { output, error } = await runChat({
				items,
				parameters: noRetries,
				credentials: selfHosted(server),
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output[0].json.content).toBe('Echo: first');
			expect(output[2].json.content).toBe('Echo: third');
			expect(output[1].json.error).toMatch(message);
			expect(output[1].json.message).toMatch(hint);
			expect(output[1].json.message).toContain(`HTTP ${status}`);
			expect(Object.keys(output[1].json).sort()).toEqual(['error', 'message']);
			expect(output[1].json).not.toHaveProperty('content');
		},
	);

	it('Continue (using error output): failed items go to the error output with their input fields', async () => {
		const items = [
			{ q: 'first' },
			{ q: 'x [[status:503]]', id: 7 },
			{ q: 'third' },
			{ q: 'y [[status:422]]', id: 9 },
		];
		const { output, errorOutput } = await runChat({
			items,
			parameters: noRetries,
			credentials: selfHosted(server),
			continueOnFail: true,
			onError: 'continueErrorOutput',
		});
		expect(output.map((item) => [item.json.content, item.pairedItem])).toEqual([
			['Echo: first', { item: 0 }],
			['Echo: third', { item: 2 }],
		]);
		expect(errorOutput.map((item) => [item.json.id, item.json.q, item.pairedItem])).toEqual([
			[7, 'x [[status:503]]', { item: 1 }],
			[9, 'y [[status:422]]', { item: 3 }],
		]);
		expect(errorOutput.map((item) => item.json.message)).toEqual([
			expect.stringContaining('HTTP 503'),
			expect.stringContaining('HTTP 422'),
		]);
		expect(errorOutput[0].json.error).toMatch(/currently loading/);
	});

	it('a real 413: a request over TGI’s 2,000,000-byte limit', async () => {
		const { error } = await runChat({
			items: [{ q: 'x'.repeat(2_100_000) }],
			credentials: selfHosted(server),
		});
		expect(error?.message).toBe(ERROR_BODIES[413]);
		expect(error?.httpCode).toBe('413');
	});

	it('a wrong key: TGI’s empty 401 becomes a readable message', async () => {
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			credentials: selfHosted(server, { apiKey: 'hf_wrong' }),
		});
		expect(error?.message).toBe('Authorization failed (HTTP 401)');
		expect(error?.description).toMatch(/Check the API Key in the Hugging Face TGI credential/);
	});

	it('a router-style OpenAI error body', async () => {
		server.script = () => ({
			status: 429,
			body: {
				error: {
					message: 'Rate limit reached for requests',
					type: 'requests',
					code: 'rate_limit_exceeded',
				},
			},
		});
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			parameters: noRetries,
			credentials: routerStyle(server),
		});
		expect(error?.message).toBe('Rate limit reached for requests');
		expect(error?.description).toContain('error type: requests');
	});

	it('a 422 validation error from TGI itself (value only the server knows is wrong)', async () => {
		server.script = () => ({
			status: 422,
			body: {
				error:
					'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 1024 `max_new_tokens`',
				error_type: 'validation',
			},
		});
		const { error } = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(error?.message).toMatch(/must be <= 4096/);
		expect(error?.description).toContain('error type: validation');
	});

	it('an unreachable base URL', async () => {
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			credentials: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:1', apiVersion: 'v1' },
		});
		expect(error?.message).toBe(
			"Could not reach http://127.0.0.1:1/v1/chat/completions: connection refused: is the server running, and are the Base URL's host and port right?",
		);
	});

	it('a base URL that is not a URL', async () => {
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			credentials: { apiKey: API_KEY, baseUrl: 'router.huggingface.co', apiVersion: 'v1' },
		});
		expect(error?.message).toMatch(/Base URL must start with http/);
	});

	it('a 200 that is not a chat completion (wrong API version behind a catch-all proxy)', async () => {
		server.script = () => ({ status: 200, body: '<html>welcome</html>' });
		const { error } = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(error?.message).toBe('The server answered with a body that is not a JSON object');
		server.script = () => ({ status: 200, body: { hello: 'world' } });
		const second = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(second.error?.message).toMatch(/no "choices"/);
	});
});

describe('values TGI rejects are caught before sending', () => {
	const server = startServer();

	it('names the item and the field, and sends nothing for that item', async () => {
		const parameters = chatParameters({ options: { topP: '={{ $json.topP }}' } });
		const items = [
			{ q: 'a', topP: 0.5 },
			{ q: 'b', topP: 1 },
		];
		const { error } = await runChat({ items, parameters, credentials: selfHosted(server) });
		expect(error?.message).toBe(
			'Top P: must be greater than 0 and less than 1; TGI rejects 1.0 (got 1) [item 1]',
		);
		expect(error?.description).toMatch(/No request was sent for item 1/);
		// Item 0's request, in flight when item 1 failed, is aborted (the node stops); item 1's never sent.
		expect(
			server.requests.map((r) => r.body?.messages?.[0].content).filter((q) => q === 'b'),
		).toEqual([]);
	});

	it('with Continue On Fail, the other items still complete', async () => {
		const parameters = chatParameters({
			options: { stop: '={{ $json.stop }}', temperature: '={{ $json.t }}' },
		});
		const items = [
			{ q: 'ok', stop: ['x'], t: 0.1 },
			{ q: 'too many stops', stop: ['a', 'b', 'c', 'd', 'e'], t: 0.1 },
			{ q: 'cold', stop: [], t: -1 },
			{ q: 'ok too', stop: [], t: 0 },
		];
		const { output } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.content ?? item.json.error)).toEqual([
			'Echo: ok',
			'Stop Sequences: TGI accepts at most 4 stop sequences (got 5) [item 1]',
			'Sampling Temperature: must be a number ≥ 0 (got -1) [item 2]',
			'Echo: ok too',
		]);
		expect(server.requests.map((r) => r.body.messages?.[0].content)).toEqual(['ok', 'ok too']);
	});

	it('empty message content and broken messages JSON', async () => {
		const empty = await runChat({ items: [{ q: '' }], credentials: selfHosted(server) });
		expect(empty.error?.message).toBe('Messages: message 1 (user) has empty content [item 0]');
		const parameters = chatParameters({
			specifyMessages: 'json',
			messagesJson: '[{"role": "user", "content": }]',
		});
		const broken = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(broken.error?.message).toMatch(/^Messages \(JSON\): is not valid JSON .* \[item 0\]$/);
		expect(server.requests).toHaveLength(0);
	});

	it("OpenAI's json_object response format in Additional Body Fields reaches TGI in its own form", async () => {
		const parameters = chatParameters({
			options: { additionalBodyFields: '{"response_format": {"type": "json_object"}}' },
		});
		const { output, error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(server.requests[0].body.response_format).toEqual({
			type: 'json',
			value: { type: 'object' },
		});
		expect(output[0].json.content).toEqual({}); // JSON mode's answer, as data
	});

	it('a regex response format for an OpenAI-compatible server, refused before sending', async () => {
		const parameters = chatParameters({
			options: { additionalBodyFields: '{"response_format": {"type": "regex", "value": "a+"}}' },
		});
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server, { serverType: 'openai' }),
		});
		expect(error?.message).toMatch(
			/^Additional Body Fields › response_format: OpenAI-compatible servers have no "regex" response format/,
		);
		expect(server.requests).toHaveLength(0);
	});
});
