import axios from 'axios';

import { openApiValidator } from '../helpers/contracts';
import { API_KEY, startServer } from '../helpers/tgi';

/** The test server must speak TGI's wire format, or every test above proves nothing. */
describe('the TGI test server matches TGI’s OpenAPI document and quirks', () => {
	const server = startServer();
	const client = () =>
		axios.create({
			baseURL: `${server.url}/v1`,
			headers: { Authorization: `Bearer ${API_KEY}` },
			validateStatus: () => true,
		});
	const validCompletion = openApiValidator('ChatCompletion');
	const validError = openApiValidator('ErrorResponse');
	const validModel = openApiValidator('ModelInfo');
	const messages = [{ role: 'user', content: 'hi' }];

	it('answers chat completions that validate against ChatCompletion, with id "" and one choice', async () => {
		const { status, data } = await client().post('/chat/completions', {
			messages,
			n: 3,
			max_tokens: 10,
		});
		expect(status).toBe(200);
		expect(validCompletion(data)).toEqual([]);
		expect(data).toMatchObject({ id: '', object: 'chat.completion' });
		expect(data.choices).toHaveLength(1);
	});

	it('answers tool calls without a content key and with finish_reason "stop"', async () => {
		const tools = [
			{
				type: 'function',
				function: {
					name: 'f',
					parameters: { type: 'object', properties: { a: { type: 'integer' } } },
				},
			},
		];
		const { data } = await client().post('/chat/completions', { messages, tools });
		expect(validCompletion(data)).toEqual([]);
		expect(data.choices[0].message).not.toHaveProperty('content');
		expect(data.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { tool_calls: [{ id: '0', function: { name: 'f', arguments: '{"a":42}' } }] },
		});
	});

	it('answers POST /generate at the root with a GenerateResponse, details only when asked', async () => {
		const validGeneration = openApiValidator('GenerateResponse');
		const root = axios.create({
			baseURL: server.url,
			headers: { Authorization: `Bearer ${API_KEY}` },
			validateStatus: () => true,
		});
		const plain = await root.post('/generate', {
			inputs: 'Hello there',
			parameters: { max_new_tokens: 2 },
		});
		expect(plain.data).toEqual({ generated_text: ' Echo: Hello' });
		const detailed = await root.post('/generate', {
			inputs: 'Hello',
			parameters: { details: true, stop: ['Echo'] },
		});
		expect(validGeneration(detailed.data)).toEqual([]);
		expect(detailed.data.details).toMatchObject({
			finish_reason: 'stop_sequence',
			generated_tokens: 1,
		});
		const invalid = await root.post('/generate', { inputs: 'x', parameters: { temperature: 0 } });
		expect(invalid.status).toBe(422);
		expect(validError(invalid.data)).toEqual([]);
		expect(
			(await axios.post(`${server.url}/generate`, { inputs: 'x' }, { validateStatus: () => true }))
				.status,
		).toBe(401);
	});

	it('answers GET /info at the root with TGI’s Info, without checking the key; the router prefix has neither', async () => {
		const { status, data } = await axios.get(`${server.url}/info`);
		expect(status).toBe(200);
		expect(openApiValidator('Info')(data)).toEqual([]);
		expect(
			(await axios.get(`${server.url}/novita/info`, { validateStatus: () => true })).status,
		).toBe(404);
		expect((await axios.get(`${server.url}/v1/info`, { validateStatus: () => true })).status).toBe(
			404,
		);
	});

	it('lists models as {object: "list", data: [ModelInfo]}', async () => {
		const { data } = await client().get('/models');
		expect(data.object).toBe('list');
		expect(validModel(data.data[0])).toEqual([]);
	});

	it.each([
		[{ messages, top_p: 1.0 }, '`top_p` must be > 0.0 and < 1.0'],
		[{ messages, max_tokens: 0 }, '`max_new_tokens` must be strictly positive'],
		[
			{ messages, stop: ['a', 'b', 'c', 'd', 'e'] },
			'`stop` supports up to 4 stop sequences. Given: 5',
		],
		[
			{
				messages,
				response_format: { type: 'json', value: {} },
				tools: [{ type: 'function', function: { name: 'f' } }],
			},
			'Grammar and tools are mutually exclusive',
		],
	])('422 validation errors in TGI’s ErrorResponse shape: %j', async (body, message) => {
		const { status, data } = await client().post('/chat/completions', body);
		expect(status).toBe(422);
		expect(validError(data)).toEqual([]);
		expect(data).toEqual({ error: `Input validation error: ${message}`, error_type: 'validation' });
	});

	it.each([
		[{ messages, response_format: { type: 'json_object' } }, /unknown variant `json_object`/],
		[
			{ messages, response_format: { type: 'json_schema', json_schema: { schema: {} } } },
			/missing field `value`/,
		],
		[{ messages, stop: 'END' }, /stop: invalid type: string, expected a sequence/],
		[{ messages, temperature: 'hot' }, /temperature: invalid type/],
	])('422 deserialization errors as plain text: %j', async (body, message) => {
		const { status, data, headers } = await client().post('/chat/completions', body);
		expect(status).toBe(422);
		expect(headers['content-type']).toMatch(/^text\/plain/);
		expect(data).toMatch(message);
	});

	it('plain-text 400 for malformed JSON, 415 without content type, 413 over 2,000,000 bytes', async () => {
		const malformed = await client().post('/chat/completions', '{"messages": [', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: [(data: string) => data],
		});
		expect([malformed.status, typeof malformed.data]).toEqual([400, 'string']);
		const noType = await client().post('/chat/completions', 'x', {
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(noType.status).toBe(415);
		const large = await client().post('/chat/completions', {
			messages: [{ role: 'user', content: 'x'.repeat(2_000_001) }],
		});
		expect(large.status).toBe(413);
	});

	it('401 with an empty body on a wrong key, on generation routes only', async () => {
		const wrong = axios.create({
			baseURL: `${server.url}/v1`,
			headers: { Authorization: 'Bearer nope' },
			validateStatus: () => true,
		});
		const chat = await wrong.post('/chat/completions', { messages });
		expect([chat.status, chat.data]).toEqual([401, '']);
		expect((await wrong.get('/models')).status).toBe(200);
	});

	it('runs every route through one pipeline: scripted faults and triggers work on each, after parse and auth', async () => {
		const root = axios.create({
			baseURL: server.url,
			headers: { Authorization: `Bearer ${API_KEY}` },
			validateStatus: () => true,
		});
		// A trigger inside the request picks the reply on /generate too, not only on chat.
		const generated = await root.post('/generate', { inputs: 'x [[status:503]]' });
		expect(generated.status).toBe(503);
		// A script can fail the root routes, the model list and a path no route serves.
		server.script = () => ({ status: 502, body: '<h1>502 Bad Gateway</h1>' });
		const statuses = await Promise.all(
			['/info', '/v1/models', '/nowhere'].map(async (url) => (await root.get(url)).status),
		);
		expect(statuses).toEqual([502, 502, 502]);
		// Parse and auth come first: a scripted fault never hides TGI's own 401 or 415.
		const unauthorized = await axios.post(
			`${server.url}/generate`,
			{ inputs: 'x' },
			{ validateStatus: () => true },
		);
		expect(unauthorized.status).toBe(401);
		const notJson = await root.post('/v1/chat/completions', 'plain', {
			headers: { 'content-type': 'text/plain' },
		});
		expect(notJson.status).toBe(415);
		server.script = undefined;
		expect((await root.get('/nowhere')).status).toBe(404);
		expect((await root.post('/info')).status).toBe(405);
	});
});
