import { knownFinishReason } from '../../nodes/shared/dialects';
import {
	firstChoice,
	messageText,
	normalizeFinishReason as normalizeWith,
	simplifyChatCompletion as simplifyWith,
	splitReasoning,
	toJsonObject,
	UnexpectedResponseError,
} from '../../nodes/shared/wire/response';
import { modelIds } from '../../nodes/shared/wire/models';
import { openApiValidator, readSnapshot } from '../helpers/contracts';

/** The wire's parsers with every dialect's finish-reason words, as the nodes call them. */
const simplifyChatCompletion = (response: Record<string, unknown>, inline = false) =>
	simplifyWith(response, knownFinishReason, inline);
const normalizeFinishReason = (raw: unknown, toolCalls: boolean) =>
	normalizeWith(raw, toolCalls, knownFinishReason);

describe('simplifyChatCompletion on recorded TGI responses', () => {
	const validCompletion = openApiValidator('ChatCompletion');

	it('plain answer cut by max_tokens (test_flash_llama_simple)', () => {
		const response = readSnapshot('test_flash_llama_simple');
		expect(validCompletion(response)).toEqual([]);
		const simplified = simplifyChatCompletion(response);
		expect(simplified.content).toMatch(/^As of your last question/);
		expect(simplified).toMatchObject({
			finish_reason: 'length',
			model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
			usage: { completion_tokens: 100, prompt_tokens: 61, total_tokens: 161 },
		});
		expect(simplified).not.toHaveProperty('tool_calls');
	});

	it('tool call without content and with finish_reason "stop" (test_flash_llama_grammar_tools_nostream)', () => {
		const simplified = simplifyChatCompletion(
			readSnapshot('test_flash_llama_grammar_tools_nostream'),
		);
		expect(simplified.content).toBe('');
		// Normalised as OpenAI-compatible servers say it; TGI's own word kept beside it.
		expect(simplified.finish_reason).toBe('tool_calls');
		expect(simplified.finish_reason_raw).toBe('stop');
		// TGI sends arguments as a JSON string; the output has them parsed.
		expect(simplified.tool_calls).toEqual([
			{
				id: '0',
				type: 'function',
				function: {
					name: 'get_current_weather',
					arguments: { location: 'Brooklyn, NY', format: 'fahrenheit' },
				},
			},
		]);
	});

	it('answer after a tool message (test_flash_llama_tool_reply_response)', () => {
		const response = readSnapshot('test_flash_llama_tool_reply_response');
		const simplified = simplifyChatCompletion(response);
		expect(simplified.content.length).toBeGreaterThan(0);
		expect(simplified.model).toBe(response.model);
	});

	it('JSON grammar answer (test_grammar_response_format_llama_json)', () => {
		const simplified = simplifyChatCompletion(
			readSnapshot('test_grammar_response_format_llama_json'),
		);
		expect(JSON.parse(simplified.content)).toEqual({
			unit: 'fahrenheit',
			temperature: [72, 79, 88],
		});
	});

	it('reads stop_sequence finish reasons and missing usage', () => {
		const simplified = simplifyChatCompletion({
			id: '',
			model: 'm',
			choices: [
				{ index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'stop_sequence' },
			],
		});
		expect(simplified).toEqual({
			content: 'a',
			finish_reason: 'stop_sequence',
			model: 'm',
			usage: null,
		});
	});

	it.each([[{}], [{ choices: [] }], [{ choices: [{ index: 0 }] }], [{ choices: 'x' }]])(
		'rejects a body that is not a chat completion: %j',
		(body) => {
			expect(() => firstChoice(body)).toThrow(UnexpectedResponseError);
		},
	);
});

describe('toJsonObject', () => {
	it('parses JSON sent as text and refuses everything else', () => {
		expect(toJsonObject('{"a":1}')).toEqual({ a: 1 });
		expect(toJsonObject({ a: 1 })).toEqual({ a: 1 });
		expect(toJsonObject('<html>')).toBeUndefined();
		expect(toJsonObject('')).toBeUndefined();
		expect(toJsonObject([1])).toBeUndefined();
	});
});

describe('modelIds', () => {
	it('reads the list TGI and the router send, and the single ModelInfo of the OpenAPI document', () => {
		expect(
			modelIds({ object: 'list', data: [{ id: 'b' }, { id: 'a' }, { id: 'a' }, { x: 1 }] }),
		).toEqual(['b', 'a']);
		expect(modelIds({ id: 'gpt2', object: 'model', created: 1, owned_by: 'x' })).toEqual(['gpt2']);
		expect(modelIds({})).toEqual([]);
	});
});

describe('splitReasoning: thoughts apart from the answer', () => {
	it.each<[string, string, unknown, { content: string; reasoning?: string }]>([
		[
			'a leading <think> block (TGI passes it inline)',
			'<think>\nLet me see.\n</think>\n\nParis.',
			undefined,
			{ content: 'Paris.', reasoning: 'Let me see.' },
		],
		[
			'the block opened by the chat template (R1 distills)',
			'Let me see.\n</think>\n\nParis.',
			undefined,
			{ content: 'Paris.', reasoning: 'Let me see.' },
		],
		[
			'an unclosed block cut off by max_tokens',
			'<think>\nLet me see, the capi',
			undefined,
			{ content: '', reasoning: 'Let me see, the capi' },
		],
		[
			'reasoning_content of the router',
			'Paris.',
			'Let me see.',
			{ content: 'Paris.', reasoning: 'Let me see.' },
		],
		['no reasoning', 'Paris.', undefined, { content: 'Paris.' }],
		['empty reasoning_content', 'Paris.', '  ', { content: 'Paris.' }],
		[
			'<think> later in the answer is left alone',
			'Use the <think> tag like </think> this.',
			undefined,
			{ content: 'Use the <think> tag like </think> this.' },
		],
	])('%s', (_name, content, reasoningContent, expected) => {
		expect(splitReasoning(content, reasoningContent)).toEqual(expected);
	});
});

describe('simplifyChatCompletion with reasoning', () => {
	const response = (message: Record<string, unknown>) => ({
		model: 'm',
		choices: [{ message, finish_reason: 'stop' }],
	});

	it('moves it to `reasoning` by default', () => {
		expect(
			simplifyChatCompletion(response({ content: '<think>Hmm.</think>Paris.' })),
		).toMatchObject({ content: 'Paris.', reasoning: 'Hmm.' });
		expect(simplifyChatCompletion(response({ content: 'Paris.' }))).not.toHaveProperty('reasoning');
	});

	it('keeps it inline on request, as one leading <think> block', () => {
		expect(
			simplifyChatCompletion(response({ content: '<think>Hmm.</think>Paris.' }), true),
		).toEqual(expect.objectContaining({ content: '<think>Hmm.</think>Paris.' }));
		const fromField = simplifyChatCompletion(
			response({ content: 'Paris.', reasoning_content: 'Hmm.' }),
			true,
		);
		expect(fromField.content).toBe('<think>\nHmm.\n</think>\n\nParis.');
		expect(fromField).not.toHaveProperty('reasoning');
	});
});

describe('messageText', () => {
	it('keeps text, joins text parts, and reads a missing content as ""', () => {
		expect(messageText('Hi')).toBe('Hi');
		expect(
			messageText([
				{ type: 'text', text: 'Hello, ' },
				{ type: 'text', text: 'world' },
			]),
		).toBe('Hello, world');
		expect(messageText(null)).toBe('');
		expect(messageText(undefined)).toBe('');
	});

	it.each([
		[42, "The answer's message content is not text: it is a number (42)"],
		[{ text: 'x' }, 'The answer\'s message content is not text: it is an object ({"text":"x"})'],
		[
			[{ type: 'image_url', image_url: {} }],
			'The answer\'s content part 1 is not text: it is of type "image_url"',
		],
		[['plain'], 'The answer\'s content part 1 is not text: it is a string ("plain")'],
	])('anything else is an error naming what came back: %p', (content, message) => {
		expect(() => messageText(content)).toThrow(new UnexpectedResponseError(message));
	});
});

describe('finish_reason, normalised', () => {
	it.each([
		['stop', false, { finish_reason: 'stop' }],
		['eos_token', false, { finish_reason: 'stop', finish_reason_raw: 'eos_token' }], // TGI 2.0
		['eos', false, { finish_reason: 'stop', finish_reason_raw: 'eos' }], // together
		['length', false, { finish_reason: 'length' }],
		['stop_sequence', false, { finish_reason: 'stop_sequence' }],
		['tool_calls', true, { finish_reason: 'tool_calls' }], // vLLM, the router
		['stop', true, { finish_reason: 'tool_calls', finish_reason_raw: 'stop' }], // TGI
		['length', true, { finish_reason: 'length' }], // arguments cut off: the cut matters more
		['content_filter', false, { finish_reason: 'content_filter' }],
		['abort', false, { finish_reason: 'stop', finish_reason_raw: 'abort' }],
		[null, false, { finish_reason: null }],
	])('%p (tool calls: %p) → %p', (raw, toolCalls, expected) => {
		expect(normalizeFinishReason(raw, toolCalls)).toEqual(expected);
	});

	it('reads an OpenAI-compatible tool-call answer: content null, finish_reason "tool_calls"', () => {
		const simplified = simplifyChatCompletion({
			id: 'chatcmpl-1',
			model: 'm',
			choices: [
				{
					index: 0,
					finish_reason: 'tool_calls',
					message: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
						],
					},
				},
			],
		});
		expect(simplified).toMatchObject({ content: '', finish_reason: 'tool_calls' });
		expect(simplified).not.toHaveProperty('finish_reason_raw');
		expect(simplified.tool_calls?.[0].function.arguments).toEqual({ a: 1 });
	});

	it("takes the reasoning from vLLM's reasoning field as from reasoning_content", () => {
		const answer = (message: object) => ({
			model: 'm',
			choices: [{ finish_reason: 'stop', message: { role: 'assistant', ...message } }],
		});
		expect(simplifyChatCompletion(answer({ content: 'Hi', reasoning: 'Thinking.' }))).toMatchObject(
			{ content: 'Hi', reasoning: 'Thinking.' },
		);
		expect(
			simplifyChatCompletion(answer({ content: 'Hi', reasoning_content: 'Thought.' })),
		).toMatchObject({ content: 'Hi', reasoning: 'Thought.' });
	});
});
