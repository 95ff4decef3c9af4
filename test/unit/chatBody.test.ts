import { checkFieldRoles, validateMessages } from '../../nodes/shared/wire/messages';
import { normalizeStop } from '../../nodes/shared/wire/optionValues';
import { chatBody, TGI } from '../helpers/bodies';
import { FieldError } from '../../nodes/shared/wire/fieldError';
import { openApiValidator } from '../helpers/contracts';
import { actionLabel, fieldLabel } from '../helpers/labels';

const messages = [{ role: 'user', content: 'Hello' }];
const validChatRequest = openApiValidator('ChatRequest');

function fieldError(run: () => unknown): FieldError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('expected a FieldError');
}

describe('buildChatBody', () => {
	it('sends only what is set', () => {
		expect(chatBody('m', messages)).toEqual({ model: 'm', messages });
	});

	it('maps every option to its TGI field', () => {
		const body = chatBody('m', messages, {
			temperature: 0,
			maxTokens: 64,
			topP: 0.95,
			frequencyPenalty: 0.5,
			presencePenalty: -0.5,
			seed: 7,
			stop: ['\n\n', 'END'],
		});
		expect(body).toEqual({
			model: 'm',
			messages,
			temperature: 0,
			max_tokens: 64,
			top_p: 0.95,
			frequency_penalty: 0.5,
			presence_penalty: -0.5,
			seed: 7,
			stop: ['\n\n', 'END'],
		});
		expect(validChatRequest(body)).toEqual([]);
	});

	it('accepts numbers typed as text by expressions', () => {
		expect(chatBody('m', messages, { temperature: '0.3', maxTokens: ' 12 ' })).toMatchObject({
			temperature: 0.3,
			max_tokens: 12,
		});
	});

	it('sends JSON mode in TGI grammar form, never OpenAI json_object', () => {
		const schema = { type: 'object', properties: { a: { type: 'string' } } };
		const body = chatBody('m', messages, {
			responseFormat: 'json',
			jsonSchema: JSON.stringify(schema),
		});
		expect(body.response_format).toEqual({ type: 'json', value: schema });
		expect(validChatRequest(body)).toEqual([]);
		expect(
			chatBody('m', messages, { responseFormat: 'json', jsonSchema: '' }).response_format,
		).toEqual({
			type: 'json',
			value: { type: 'object' },
		});
		expect(chatBody('m', messages, { responseFormat: 'text' })).not.toHaveProperty(
			'response_format',
		);
	});

	it("unwraps OpenAI's {name, schema, strict} wrapper for TGI", () => {
		const schema = { type: 'object' };
		const wrapped = { name: 'x', strict: true, schema };
		expect(
			chatBody('m', messages, { responseFormat: 'json', jsonSchema: wrapped }).response_format,
		).toEqual({ type: 'json', value: schema });
		// A schema with a property called "schema" is a schema, not a wrapper.
		const own = { type: 'object', properties: { schema: { type: 'string' } } };
		expect(
			chatBody('m', messages, { responseFormat: 'json', jsonSchema: own }).response_format,
		).toEqual({ type: 'json', value: own });
	});

	it('merges Additional Body Fields last and validates them with their own name', () => {
		const body = chatBody('m', messages, {
			topP: 0.5,
			additionalBodyFields: '{"top_p": 0.7, "top_k": 10}',
		});
		expect(body).toMatchObject({ top_p: 0.7, top_k: 10 });
		const error = fieldError(() => chatBody('m', messages, { additionalBodyFields: { top_p: 1 } }));
		expect(fieldLabel(error)).toBe('Additional Body Fields › top_p');
		expect(
			fieldLabel(fieldError(() => chatBody('m', messages, { additionalBodyFields: '[1]' }))),
		).toBe('Additional Body Fields');
		expect(
			fieldError(() => chatBody('m', messages, { additionalBodyFields: '{oops' })).message,
		).toMatch(/not valid JSON/);
	});

	it.each([
		[{ topP: 1 }, 'Top P', /less than 1/],
		[{ topP: 0 }, 'Top P', /greater than 0/],
		[{ temperature: -0.1 }, 'Sampling Temperature', /≥ 0/],
		[{ maxTokens: 0 }, 'Maximum Number of Tokens', /≥ 1/],
		[{ maxTokens: 2.5 }, 'Maximum Number of Tokens', /whole number/],
		[{ frequencyPenalty: 3 }, 'Frequency Penalty', /between -2 and 2/],
		[{ presencePenalty: -2.5 }, 'Presence Penalty', /between -2 and 2/],
		[{ seed: -1 }, 'Seed', /≥ 0/],
		[{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'Stop Sequences', /at most 4/],
		[{ stop: ['a', ''] }, 'Stop Sequences', /entry 2/],
		[{ temperature: 'warm' }, 'Sampling Temperature', /must be a number/],
		[
			{ additionalBodyFields: { response_format: { type: 'grammar' } } },
			'Additional Body Fields › response_format',
			/TGI takes \{"type": "json", "value": <JSON schema>\}/,
		],
		[
			{ additionalBodyFields: { response_format: { type: 'json_schema', json_schema: {} } } },
			'Additional Body Fields › response_format',
			/needs "json_schema": \{"schema"/,
		],
		[
			{ additionalBodyFields: { response_format: { type: 'json' } } },
			'Additional Body Fields › response_format',
			/needs a "value"/,
		],
		[{ additionalBodyFields: { stop: 'END' } }, 'Additional Body Fields › stop', /single string/],
		[
			{
				responseFormat: 'json' as const,
				additionalBodyFields: { tools: [{ type: 'function', function: { name: 'f' } }] },
			},
			'Response Format',
			/tools/,
		],
	])('rejects %j before sending (%s)', (options, field, message) => {
		const error = fieldError(() => chatBody('m', messages, options));
		expect(fieldLabel(error)).toBe(field);
		expect(error.describe(actionLabel)).toMatch(message);
	});

	it('requires a model', () => {
		expect(fieldLabel(fieldError(() => chatBody('', messages)))).toBe('Model');
		expect(fieldLabel(fieldError(() => chatBody(undefined, messages)))).toBe('Model');
	});
});

describe("TGI's OpenAPI ChatRequest schema (the check the bodies above pass)", () => {
	it('rejects what TGI rejects, so passing it means something', () => {
		expect(validChatRequest({ messages, stop: 'END' })).not.toEqual([]);
		expect(validChatRequest({ messages, response_format: { type: 'json_object' } })).not.toEqual(
			[],
		);
		expect(validChatRequest({ messages, max_tokens: -1 })).not.toEqual([]);
		expect(validChatRequest({ model: 'm' })).not.toEqual([]);
	});
});

describe('normalizeStop', () => {
	it('turns one string or a JSON array into a list', () => {
		expect(normalizeStop('END')).toEqual(['END']);
		expect(normalizeStop('["a","b"]')).toEqual(['a', 'b']);
		expect(normalizeStop([])).toBeUndefined();
		expect(normalizeStop('')).toBeUndefined();
		expect(() => normalizeStop(5)).toThrow(FieldError);
	});
});

describe('validateMessages', () => {
	it('accepts OpenAI-format arrays with content parts, images and tool messages', () => {
		const full = [
			{ role: 'system', content: 'Be brief' },
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is this?' },
					{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
				],
			},
			{
				role: 'assistant',
				tool_calls: [{ id: '0', type: 'function', function: { name: 'f', arguments: '{}' } }],
			},
			{ role: 'tool', content: '{"ok":true}', tool_call_id: '0' },
		];
		expect(validateMessages(full)).toBe(full);
		expect(validChatRequest({ messages: full })).toEqual([]);
	});

	it.each([
		[[], /non-empty list/],
		['hello', /non-empty list/],
		[[{ content: 'x' }], /message 1 has no "role"/],
		[[{ role: 'user', content: '  ' }], /message 1 \(user\) has empty content/],
		[[{ role: 'user' }], /needs "content"/],
		[[{ role: 'user', content: [{ type: 'audio' }] }], /content part 1/],
	])('rejects %j', (value, message) => {
		expect(() => validateMessages(value)).toThrow(message);
	});

	it('allows only system, user and assistant from the fields UI', () => {
		expect(() => checkFieldRoles([{ role: 'tool', content: 'x' }])).toThrow(/unknown role "tool"/);
		expect(checkFieldRoles([{ role: 'system', content: 'x' }])).toHaveLength(1);
	});

	it('names the field the messages came from, Additional Body Fields included', () => {
		expect(fieldLabel(fieldError(() => chatBody('m', {}, {}, TGI, 'messagesJson')))).toBe(
			'Messages (JSON)',
		);
		const overridden = fieldError(() =>
			chatBody('m', messages, { additionalBodyFields: { messages: [] } }),
		);
		expect(fieldLabel(overridden)).toBe('Additional Body Fields › messages');
	});
});
