import { OPENAI_COMPATIBLE, TGI } from '../../nodes/shared/dialects';
import {
	describeHttpError,
	extractServerError,
	namesOneInput,
} from '../../nodes/shared/transport/errors';
import {
	describeNetworkError,
	findErrorCode,
	findResponseStatus,
} from '../../nodes/shared/transport/networkErrors';

describe('extractServerError reads every shape errors arrive in', () => {
	it.each([
		[
			'TGI {error, error_type}',
			{
				error: 'Input validation error: `top_p` must be > 0.0 and < 1.0',
				error_type: 'validation',
			},
			'Input validation error: `top_p` must be > 0.0 and < 1.0',
			'validation',
		],
		[
			'OpenAI/router {error: {message, type, code}}',
			{ error: { message: 'Rate limit reached', type: 'rate_limit', code: 'rate_limit_exceeded' } },
			'Rate limit reached',
			'rate_limit',
		],
		[
			'router error with only a code',
			{ error: { message: 'No access', code: 'forbidden' } },
			'No access',
			'forbidden',
		],
		[
			'flat {error} (402)',
			{ error: 'You have exceeded your monthly included credits' },
			'You have exceeded your monthly included credits',
			undefined,
		],
		['{message}', { message: 'Bad gateway upstream' }, 'Bad gateway upstream', undefined],
		['{detail} string', { detail: 'Not authenticated' }, 'Not authenticated', undefined],
		[
			'{detail} list',
			{ detail: [{ msg: 'field required', loc: ['body'] }, { msg: 'bad value' }] },
			'field required: body; bad value',
			undefined,
		],
		[
			'plain text (TGI HTTP layer)',
			'Failed to deserialize the JSON body into the target type: missing field `messages`',
			'Failed to deserialize the JSON body into the target type: missing field `messages`',
			undefined,
		],
		[
			'JSON sent as text',
			'{"error":"Model is overloaded","error_type":"overloaded"}',
			'Model is overloaded',
			'overloaded',
		],
		['Buffer', Buffer.from('Payload too large'), 'Payload too large', undefined],
		[
			'nginx HTML page: its title',
			'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
			'502 Bad Gateway',
			undefined,
		],
		[
			'HTML without title or heading: its text',
			'<html><body><p>Upstream   timed out</p></body></html>',
			'Upstream timed out',
			undefined,
		],
		['empty body (TGI 401)', '', undefined, undefined],
		['nothing', undefined, undefined, undefined],
	])('%s', (_name, body, message, errorType) => {
		const extracted = extractServerError(body);
		expect(extracted.message).toBe(message);
		expect(extracted.errorType).toBe(errorType);
	});

	it('reads estimated_time of a loading serverless model', () => {
		expect(
			extractServerError({ error: 'Model x is currently loading', estimated_time: 20.5 }),
		).toEqual({
			message: 'Model x is currently loading',
			errorType: undefined,
			estimatedTime: 20.5,
		});
	});
});

describe('describeHttpError', () => {
	it.each([
		[400, /valid JSON/],
		[401, /API Key/],
		[402, /credits/],
		[403, /permission/],
		[404, /Base URL and API Version/],
		[413, /larger than the server accepts/],
		[415, /JSON request body/],
		[422, /Top P 0–1/],
		[424, /while generating/],
		[429, /rate limiting or overloaded/],
		[500, /server's logs/],
		[502, /gateway/],
		[503, /not ready/],
		[504, /timed out/],
		[599, /server's logs/],
	])('HTTP %i has a hint', (status, hint) => {
		const details = describeHttpError(status, '');
		expect(details.description).toMatch(hint);
		expect(details.description).toContain(`HTTP ${status}`);
		expect(details.httpCode).toBe(String(status));
	});

	const tgi = { dialect: TGI, how: 'detected' } as const;
	const vllm = { dialect: OPENAI_COMPATIBLE, how: 'credential' } as const;
	it.each([
		[413, /TGI accepts \(its default --payload-limit is 2,000,000 bytes\)/],
		[422, /TGI rejected a parameter.*0 < Top P < 1/],
		[429, /--max-concurrent-requests/],
		[500, /TGI server's logs/],
	])('HTTP %i from TGI gets TGI advice, and says the server is TGI', (status, hint) => {
		const details = describeHttpError(status, '', { server: tgi });
		expect(details.description).toMatch(hint);
		expect(details.description).toContain('server: TGI (detected)');
	});

	it.each([413, 422, 424, 429, 500])(
		'HTTP %i from an OpenAI-compatible server gets no TGI advice',
		(status) => {
			const details = describeHttpError(status, '', { server: vllm });
			expect(details.description).not.toMatch(/TGI/);
			expect(details.description).toContain('server: OpenAI-compatible (set in the credential)');
		},
	);

	it("keeps the server's own message and names TGI's error_type", () => {
		const details = describeHttpError(422, {
			error: 'Template error: template not found',
			error_type: 'template_error',
		});
		expect(details.message).toBe('Template error: template not found');
		expect(details.description).toMatch(/chat template/);
		expect(details.description).toContain('error type: template_error');
	});

	it('falls back to a plain statement for empty bodies', () => {
		expect(describeHttpError(401, '').message).toBe('Authorization failed (HTTP 401)');
		expect(describeHttpError(418, '', { statusText: "I'm a teapot" }).message).toBe(
			"I'm a teapot (HTTP 418)",
		);
	});

	it('says when a loading model expects to be ready', () => {
		expect(
			describeHttpError(503, { error: 'Model x is currently loading', estimated_time: 41.2 })
				.description,
		).toMatch(/ready in 42 s/);
	});

	it('shows messages up to 1,500 characters whole, and keeps the start and the end of longer ones', () => {
		const provider = `The model meta-llama/x is not supported by provider novita. ${'Details. '.repeat(80)}Use one of: a, b, c.`;
		expect(provider.length).toBeGreaterThan(767);
		expect(describeHttpError(400, { error: { message: provider } }).message).toBe(provider);
		const long = describeHttpError(500, `start ${'x'.repeat(5000)} the point`).message;
		expect(long.length).toBe(1500);
		expect(long).toMatch(/^start x+ … x+ the point$/);
	});

	it('gives the "valid JSON" hint to a 400 only when the server said it could not parse the body', () => {
		expect(
			describeHttpError(400, 'Failed to parse the request body as JSON: EOF while parsing')
				.description,
		).toMatch(/valid JSON/);
		expect(describeHttpError(400, '').description).toMatch(/valid JSON/);
		const model = describeHttpError(400, {
			error: { message: 'The requested model x is not supported by provider novita.' },
		});
		expect(model.description).not.toMatch(/valid JSON/);
		expect(model.description).toMatch(
			/^The server refused the request: its message says what it did not accept/,
		);
	});

	it.each([
		[
			'vLLM / SGLang {object: "error"}',
			{
				object: 'error',
				message: 'max_tokens is too large',
				type: 'BadRequestError',
				param: null,
				code: 400,
			},
			'max_tokens is too large',
			'BadRequestError',
		],
		[
			'llama.cpp {error: {code, message, type}}',
			{
				error: {
					code: 400,
					message: 'the request exceeds the available context size',
					type: 'exceed_context_size_error',
				},
			},
			'the request exceeds the available context size',
			'exceed_context_size_error',
		],
		[
			'FastAPI detail with loc',
			{
				detail: [{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: {} }],
			},
			'Field required: body.messages',
			undefined,
		],
		[
			'FastAPI detail with an index',
			{ detail: [{ loc: ['body', 'messages', 0, 'role'], msg: 'Input should be user' }] },
			'Input should be user: body.messages[0].role',
			undefined,
		],
	])('reads %s', (_name, body, message, type) => {
		const details = describeHttpError(400, body);
		expect(details.message).toBe(message);
		if (type) expect(details.description).toContain(`error type: ${type}`);
	});
});

describe('network errors', () => {
	it('describes refused, unknown host and timeouts with the URL', () => {
		expect(
			describeNetworkError('ECONNREFUSED', 'http://127.0.0.1:1/v1/chat/completions').message,
		).toBe(
			"Could not reach http://127.0.0.1:1/v1/chat/completions: connection refused: is the server running, and are the Base URL's host and port right?",
		);
		expect(describeNetworkError('ENOTFOUND', 'http://nohost/v1').message).toMatch(/host not found/);
		expect(describeNetworkError('ECONNABORTED', 'http://x').message).toMatch(/Timeout option/);
		expect(describeNetworkError(undefined, 'http://x').httpCode).toBe('NETWORK_ERROR');
		expect(describeNetworkError(undefined, 'http://x', 'socket hang up').message).toBe(
			'Could not reach http://x: socket hang up',
		);
		expect(describeNetworkError('EPROTO', 'http://x', 'bad TLS').message).toBe(
			'Could not reach http://x: bad TLS (EPROTO)',
		);
	});

	it('finds the code on the cause chain', () => {
		expect(findErrorCode({ message: 'x', cause: { code: 'ECONNREFUSED' } })).toBe('ECONNREFUSED');
		expect(findErrorCode(Object.assign(new Error('x'), { code: 'ERR_CANCELED' }))).toBe(
			'ERR_CANCELED',
		);
		expect(findErrorCode({ code: 422 })).toBeUndefined();
		expect(findErrorCode('boom')).toBeUndefined();
	});

	it("reads n8n 1.x's wrapped errors: the code in httpCode, or n8n's own sentence", () => {
		expect(
			findErrorCode({
				message: 'The connection was aborted, perhaps the server is offline',
				httpCode: 'ECONNABORTED',
			}),
		).toBe('ECONNABORTED');
		expect(
			findErrorCode({ message: 'The connection was aborted, perhaps the server is offline' }),
		).toBe('ECONNABORTED');
		expect(
			findErrorCode({
				message: 'The connection to the server was closed unexpectedly, perhaps it is offline.',
			}),
		).toBe('ECONNRESET');
		expect(
			findErrorCode({
				message: "The connection timed out, consider setting the 'Retry on Fail' option",
			}),
		).toBe('ETIMEDOUT');
		expect(
			findErrorCode({ message: 'The service refused the connection - perhaps it is offline' }),
		).toBe('ECONNREFUSED');
		expect(findErrorCode({ message: 'Bad request', httpCode: '400' })).toBeUndefined();
	});

	it('finds the status of an answer that was cut off midway', () => {
		expect(
			findResponseStatus({ cause: { code: 'ERR_BAD_RESPONSE', response: { status: 200 } } }),
		).toBe(200);
		expect(findResponseStatus({ message: 'stream has been aborted', httpCode: '200' })).toBe(200);
		expect(findResponseStatus({ code: 'ECONNRESET' })).toBeUndefined();
	});
});

describe('a prompt longer than the model’s context gets its own hint, fitting the server', () => {
	const tgi = { dialect: TGI, how: 'detected' } as const;
	const openAi = { dialect: OPENAI_COMPATIBLE, how: 'detected' } as const;
	// As each server words it (llama.cpp server.cpp, TGI router/src/validation.rs, vLLM, SGLang).
	const LLAMA_CPP = {
		error: {
			code: 400,
			message:
				'request (3059 tokens) exceeds the available context size (2048 tokens), try increasing it',
			type: 'exceed_context_size_error',
			n_prompt_tokens: 3059,
			n_ctx: 2048,
		},
	};
	const TGI_TOTAL = {
		error:
			'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`',
		error_type: 'validation',
	};
	const TGI_INPUT = {
		error: 'Input validation error: `inputs` must have less than 1024 tokens. Given: 1500',
		error_type: 'validation',
	};
	const VLLM = {
		object: 'error',
		message:
			"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
		type: 'BadRequestError',
		param: null,
		code: 400,
	};
	const SGLANG = {
		object: 'error',
		message: "The input (5000 tokens) is longer than the model's context length (4096 tokens).",
		type: 'BadRequestError',
		code: 400,
	};

	it.each([
		['llama.cpp', 400, LLAMA_CPP, /-c \(--ctx-size\) for llama\.cpp/],
		['vLLM', 400, VLLM, /--max-model-len for vLLM/],
		['SGLang', 400, SGLANG, /--context-length for SGLang/],
	])(
		'%s (OpenAI-compatible): shorten, lower the tokens, or raise its context',
		(_, status, body, flag) => {
			const { message, description } = describeHttpError(status, body, { server: openAi });
			expect(message).toMatch(/tokens/); // the server's own words stay the message
			expect(description).toMatch(
				/^The prompt \(plus Maximum Number of Tokens\) is longer than the model's context/,
			);
			expect(description).toMatch(flag);
			expect(description).not.toMatch(/did not accept/);
		},
	);

	it.each([
		['tokens + max_new_tokens', TGI_TOTAL],
		['inputs must have less than', TGI_INPUT],
	])('TGI (%s): its own flags', (_, body) => {
		const { description } = describeHttpError(422, body, { server: tgi });
		expect(description).toMatch(/--max-input-tokens and --max-total-tokens/);
		expect(description).toContain('server: TGI (detected)');
	});

	it('an unknown server gets every server’s flag; other 400s keep the general hint', () => {
		expect(describeHttpError(400, LLAMA_CPP).description).toMatch(
			/--max-input-tokens and --max-total-tokens for TGI, -c \(--ctx-size\) for llama\.cpp, --max-model-len for vLLM/,
		);
		const other = describeHttpError(
			400,
			{ error: { message: 'model not found: x' } },
			{ server: openAi },
		);
		expect(other.description).toMatch(/did not accept/);
	});
});

describe('namesOneInput: a refusal that splitting a batch may pin on one input', () => {
	it.each([
		[422, 'Input validation error: `inputs` must have less than 512 tokens. Given: 600'],
		[422, 'batch size 40 > maximum allowed batch size 32'],
		[413, 'Failed to buffer the request body: length limit exceeded'],
		[400, '`inputs` cannot be empty'],
		[400, 'request (3059 tokens) exceeds the available context size (2048 tokens)'],
		[400, "This model's maximum context length is 512 tokens. However, you requested 900 tokens"],
	])('%i %s: yes', (status, message) => {
		expect(namesOneInput(status, message)).toBe(true);
	});

	it.each([
		[401, 'Unauthorized'],
		[404, "model 'x' not found"],
		[400, 'Model does not support matryoshka representation'],
		[500, 'batch size 40 > maximum allowed batch size 32'],
		[429, 'Model is overloaded'],
	])('%i %s: no (every item would fail the same; no split)', (status, message) => {
		expect(namesOneInput(status, message)).toBe(false);
	});
});
