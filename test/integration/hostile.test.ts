/**
 * A hostile or broken server, and bad inputs, through n8n-core's engine: the key never leaves the
 * Base URL's origin, the Timeout bounds the whole answer, and nothing goes silently wrong.
 */
import { TgiTestServer } from '../../testing/server/tgiServer';
import {
	API_KEY,
	chatParameters,
	type LoggedRequest,
	runChat,
	selfHosted,
	startServer,
} from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';

const noRetries = chatParameters({ options: { maxRetries: 0 } });

describe('redirects: the key is only sent to the Base URL’s origin', () => {
	// `/old/v1`: where a moved deployment used to be.
	const server = startServer({ prefixes: ['/v1', '/old/v1'] });
	const elsewhere = new TgiTestServer({ apiKey: API_KEY });
	beforeAll(async () => await elsewhere.start());
	afterAll(async () => await elsewhere.stop());
	beforeEach(() => elsewhere.reset());

	const redirectTo = (status: number, location: (request: LoggedRequest) => string) => {
		server.script = (request) =>
			request.url.startsWith('/v1/')
				? { status, headers: { location: location(request) } }
				: undefined;
	};

	it.each([301, 302, 307, 308])(
		'HTTP %i to another port: not followed, and said so',
		async (status) => {
			redirectTo(status, (request) => `${elsewhere.url}${request.url}`);
			const { error } = await runChat({
				items: [{ q: 'hi' }],
				parameters: noRetries,
				credentials: selfHosted(server),
			});
			expect(elsewhere.requests).toHaveLength(0);
			expect(error?.message).toBe(
				`The server redirected to ${elsewhere.url}; the key is only sent to the Base URL's origin (${server.url}) — update the Base URL`,
			);
			expect(error?.httpCode).toBe(String(status));
			expect(server.requests).toHaveLength(1);
		},
	);

	it('127.0.0.1 to localhost (same port, other host) is another origin too', async () => {
		redirectTo(307, (request) => `${server.url.replace('127.0.0.1', 'localhost')}${request.url}`);
		const { error } = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(error?.message).toMatch(
			/^The server redirected to http:\/\/localhost:\d+; the key is only sent/,
		);
		expect(server.requests).toHaveLength(1);
	});

	it.each([301, 302, 307, 308])(
		'HTTP %i within the origin: followed with the same method, body and key',
		async (status) => {
			server.script = (request) =>
				request.url === '/old/v1/chat/completions'
					? { status, headers: { location: '/v1/chat/completions' } }
					: undefined;
			const { output, error } = await runChat({
				items: [{ q: 'moved' }],
				credentials: selfHosted(server, { baseUrl: `${server.url}/old` }),
			});
			expect(error).toBeUndefined();
			expect(output[0].json.content).toBe('Echo: moved');
			expect(
				server.requests.map((r) => [
					r.method,
					r.url,
					r.headers.authorization === `Bearer ${API_KEY}`,
				]),
			).toEqual([
				['POST', '/old/v1/chat/completions', true],
				['POST', '/v1/chat/completions', true],
			]);
			expect(server.requests[1].body.messages?.[0].content).toBe('moved');
		},
	);

	it('a redirect loop within the origin ends after 5 hops', async () => {
		server.script = () => ({ status: 307, headers: { location: '/v1/chat/completions' } });
		const { error } = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(error?.message).toBe(
			`The server redirected more than 5 times (last to ${server.url}/v1/chat/completions)`,
		);
		expect(server.requests).toHaveLength(6);
	});

	it('the model list (editor) does not follow a redirect elsewhere either', async () => {
		redirectTo(302, (request) => `${elsewhere.url}${request.url}`);
		const { searchModels } = await import('../helpers/tgi');
		await expect(searchModels(selfHosted(server))).rejects.toThrow(
			/the key is only sent to the Base URL's origin/,
		);
		expect(elsewhere.requests).toHaveLength(0);
	});
});

describe('the Base URL', () => {
	const server = startServer();

	it('with a user name and password: refused, and the password is never shown', async () => {
		const baseUrl = server.url.replace('http://', 'http://alice:s3cr3t-pw@');
		const { output } = await runChat({
			items: [{ q: 'a' }, { q: 'b' }],
			credentials: selfHosted(server, { baseUrl }),
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.error)).toEqual([
			expect.stringMatching(
				/^The credential's Base URL contains a user name or password .* Basic auth in place of the API Key/,
			),
			expect.stringMatching(/user name or password/),
		]);
		expect(JSON.stringify(output)).not.toContain('s3cr3t-pw');
		expect(server.requests).toHaveLength(0);
	});

	it('with a query string: refused before anything is sent', async () => {
		const { error } = await runChat({
			items: [{ q: 'a' }],
			credentials: selfHosted(server, { baseUrl: `${server.url}/v9?token=tok_in_query_42` }),
		});
		expect(error?.message).toMatch(
			/^The credential's Base URL must not contain a query string or fragment \(it has one after http:\/\/127\.0\.0\.1:\d+\/v9\)/,
		);
		// The query string itself, where a token may sit, is not shown.
		expect(JSON.stringify(error)).not.toContain('tok_in_query_42');
		expect(server.requests).toHaveLength(0);
	});
});

describe('the Timeout option', () => {
	const server = startServer();

	it('caps the whole answer: a server that drips one byte at a time is cut off at the Timeout', async () => {
		server.script = () => ({
			status: 200,
			body: { choices: [{ message: { role: 'assistant', content: 'x'.repeat(400) } }] },
			dripMs: 100,
		});
		const parameters = chatParameters({ options: { timeout: 800, maxRetries: 0 } });
		const { error } = await runChat({
			items: [{ q: 'slow' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error?.message).toBe(
			`No complete answer from ${server.url}/v1/chat/completions within the Timeout option (800 ms)`,
		);
		expect(error?.httpCode).toBe('ECONNABORTED');
		// The node closed the connection at the Timeout, long before the 40-second answer was done.
		await waitFor(() => server.inFlight === 0, 'the dripping answer to be closed');
		expect(server.requests[0].aborted).toBe(true);
	});

	it('is retried like a timeout, and each attempt gets the whole Timeout again', async () => {
		let attempts = 0;
		server.script = () =>
			++attempts === 1 ? { status: 200, body: { choices: [] }, dripMs: 100 } : undefined;
		const parameters = chatParameters({ options: { timeout: 500, retryDelay: 10 } });
		const { output, error } = await runChat({
			items: [{ q: 'second time lucky' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.content).toBe('Echo: second time lucky');
		expect(server.requests.map((r) => r.aborted ?? false)).toEqual([true, false]);
	});

	it.each([
		[-1, '-1'],
		[0, '0'],
		[1e10, '10000000000'],
		[2.5, '2.5'],
		['abc', '"abc"'],
	])('refuses %p before sending, naming the field and the item', async (timeout, shown) => {
		const parameters = chatParameters({ options: { timeout: '={{ $json.timeout }}' } });
		const items = [
			{ q: 'fine', timeout: 5000 },
			{ q: 'bad', timeout },
		];
		const { output } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output[0].json.content).toBe('Echo: fine');
		expect(output[1].json.error).toBe(
			`Timeout: must be a whole number from 1 to 2147483647 (got ${shown}) [item 1]`,
		);
		expect(output[1].json.message).toMatch(/No request was sent for item 1/);
		expect(server.requests).toHaveLength(1);
	});
});

describe('nothing silently wrong', () => {
	const server = startServer();
	const completion = (content: unknown) => ({
		id: 'cmpl-1',
		object: 'chat.completion',
		created: 1,
		model: 'm',
		choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
	});

	it('content as a list of text parts is joined; a number or other parts fail their item, naming what came back', async () => {
		const replies: Record<string, unknown> = {
			parts: [
				{ type: 'text', text: 'Hello, ' },
				{ type: 'text', text: 'world' },
			],
			number: 42,
			image: [
				{ type: 'text', text: 'see' },
				{ type: 'image_url', image_url: { url: 'data:' } },
			],
		};
		server.script = (request) => ({
			status: 200,
			body: completion(replies[String(request.body.messages?.[0].content)]),
		});
		const items = [{ q: 'parts' }, { q: 'number' }, { q: 'image' }];
		const { output } = await runChat({
			items,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.content ?? item.json.error)).toEqual([
			'Hello, world',
			"The answer's message content is not text: it is a number (42)",
			'The answer\'s content part 2 is not text: it is of type "image_url"',
		]);
	});

	it('an answer cut off midway says so (and is retried like a reset connection)', async () => {
		server.script = () => ({
			status: 200,
			body: completion('a long answer '.repeat(20)),
			cut: true,
		});
		const parameters = chatParameters({ options: { retryDelay: 5, maxRetries: 1 } });
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error?.message).toBe(
			`The answer from ${server.url}/v1/chat/completions was cut off: the server sent HTTP 200, then closed the connection before the whole body arrived (gave up after 2 attempts: Max Retries (1) reached)`,
		);
		expect(error?.description).toMatch(/Attempts: answer cut off, answer cut off/);
		expect(server.requests).toHaveLength(2);
	});

	it('an event stream nobody asked for says the server streamed', async () => {
		const stream = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n';
		server.script = () => ({
			status: 200,
			body: stream,
			headers: { 'content-type': 'text/event-stream' },
		});
		const { error } = await runChat({ items: [{ q: 'x' }], credentials: selfHosted(server) });
		expect(error?.message).toBe(
			'The server streamed its answer (Server-Sent Events) although the node asked for one JSON answer',
		);
		expect(error?.description).toContain('data: {\\"choices\\"');
	});

	it('"stream": true in Additional Body Fields is refused before sending', async () => {
		const parameters = chatParameters({ options: { additionalBodyFields: '{"stream": true}' } });
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error?.message).toMatch(/^Additional Body Fields › stream: the node does not stream/);
		expect(server.requests).toHaveLength(0);
	});

	it.each([
		[{ concurrency: 0 }, 'Concurrency: must be a whole number from 1 to 256 (got 0) [item 0]'],
		[{ concurrency: 2.5 }, 'Concurrency: must be a whole number from 1 to 256 (got 2.5) [item 0]'],
		[{ maxRetries: -1 }, 'Max Retries: must be a whole number from 0 to 100 (got -1) [item 0]'],
		[
			{ maxTotalWait: -1 },
			'Max Total Wait: must be a whole number from 0 to 86400000 (got -1) [item 0]',
		],
		[
			{ retryDelay: 'abc' },
			'Retry Delay: must be a whole number from 0 to 86400000 (got "abc") [item 0]',
		],
	])(
		'a bad execution-wide option %p with Continue On Fail: every item is an error item',
		async (options, message) => {
			const items = [{ q: 'a' }, { q: 'b' }, { q: 'c' }];
			const parameters = chatParameters({ options });
			const regular = await runChat({
				items,
				parameters,
				credentials: selfHosted(server),
				continueOnFail: true,
			});
			expect(regular.error).toBeUndefined();
			expect(regular.output.map((item) => [item.json.error, item.pairedItem?.item])).toEqual([
				[message, 0],
				[message, 1],
				[message, 2],
			]);
			expect(regular.output[0].json.message).toMatch(
				/applies to the whole execution .* no request was sent for any item/,
			);
			const routed = await runChat({
				items,
				parameters,
				credentials: selfHosted(server),
				continueOnFail: true,
				onError: 'continueErrorOutput',
			});
			expect(routed.output).toEqual([]);
			expect(routed.errorOutput.map((item) => item.json.q)).toEqual(['a', 'b', 'c']);
			expect(server.requests).toHaveLength(0);
		},
	);
});
