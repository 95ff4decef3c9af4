import type { Message } from '@n8n/ai-node-sdk';

import {
	finishReason,
	toGenerateResult,
	toChatMessages,
} from '../../nodes/LmChatHuggingFaceTgi/sdkMessages';
import { openApiValidator, readSnapshot } from '../helpers/contracts';

describe('toChatMessages (the AI Agent’s conversation in TGI’s format)', () => {
	const validRequest = openApiValidator('ChatRequest');

	it('sends text as plain strings, tool calls without content, tool results as tool messages', () => {
		const conversation: Message[] = [
			{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'Weather in' },
					{ type: 'text', text: 'Paris?' },
				],
			},
			{
				role: 'assistant',
				content: [
					{ type: 'reasoning', text: 'I should call the tool.' },
					{ type: 'text', text: 'Let me check.' },
					{
						type: 'tool-call',
						toolCallId: 'call_1',
						toolName: 'get_weather',
						input: '{"city":"Paris"}',
					},
				],
			},
			{
				role: 'tool',
				content: [{ type: 'tool-result', toolCallId: 'call_1', result: { temp: 21 } }],
			},
			{
				role: 'assistant',
				content: [
					{ type: 'reasoning', text: 'done' },
					{ type: 'text', text: 'It is 21 °C.' },
				],
			},
		];
		const messages = toChatMessages(conversation);
		expect(messages).toEqual([
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'Weather in\nParis?' },
			{
				role: 'assistant',
				tool_calls: [
					{
						id: 'call_1',
						type: 'function',
						function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
					},
				],
			},
			{ role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
			{ role: 'assistant', content: 'It is 21 °C.' },
		]);
		expect(validRequest({ model: 'm', messages })).toEqual([]);
	});

	it('sends images as image_url parts: bytes as a data URI, or their URL', () => {
		const [message] = toChatMessages([
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is this?' },
					{ type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) },
					{ type: 'file', mediaType: 'image/jpeg', data: 'AAEC' },
					{ type: 'file', data: '', providerMetadata: { url: 'https://example.com/cat.png' } },
					{ type: 'file', mediaType: 'application/pdf', data: 'JVBE' },
				],
			},
		]);
		expect(message.content).toEqual([
			{ type: 'text', text: 'What is this?' },
			{ type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
			{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAEC' } },
			{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
		]);
	});

	it('drops the call id that n8n’s AI Agent adds to the arguments it keeps, and nothing else', () => {
		const sent = (input: string) =>
			toChatMessages([
				{
					role: 'assistant',
					content: [{ type: 'tool-call', toolCallId: 'call_1_0', toolName: 'calc', input }],
				},
			])[0];
		expect(sent('{"input":"6*7","id":"call_1_0"}').tool_calls).toEqual([
			{
				id: 'call_1_0',
				type: 'function',
				function: { name: 'calc', arguments: '{"input":"6*7"}' },
			},
		]);
		expect(sent('{"input":"6*7","id":"user-42"}').tool_calls).toEqual([
			{
				id: 'call_1_0',
				type: 'function',
				function: { name: 'calc', arguments: '{"input":"6*7","id":"user-42"}' },
			},
		]);
		expect(sent('').tool_calls).toEqual([
			{ id: 'call_1_0', type: 'function', function: { name: 'calc', arguments: '{}' } },
		]);
	});

	it('joins text parts of a tool result, and one tool message per result', () => {
		const messages = toChatMessages([
			{
				role: 'tool',
				content: [
					{
						type: 'tool-result',
						toolCallId: 'a',
						result: [
							{ type: 'text', text: 'one' },
							{ type: 'text', text: 'two' },
						],
					},
					{ type: 'tool-result', toolCallId: 'b', result: 'plain' },
				],
			},
		]);
		expect(messages).toEqual([
			{ role: 'tool', tool_call_id: 'a', content: 'one\ntwo' },
			{ role: 'tool', tool_call_id: 'b', content: 'plain' },
		]);
	});
});

describe('toGenerateResult (a TGI chat completion for the SDK)', () => {
	it('reads the recorded TGI tool call: content null, id "0", finish_reason "stop" → tool-calls', () => {
		const result = toGenerateResult(
			readSnapshot('test_flash_llama_grammar_tools_nostream'),
			'call_x',
		);
		expect(result).toMatchObject({
			id: undefined,
			finishReason: 'tool-calls',
			usage: { promptTokens: 501, completionTokens: 29, totalTokens: 530 },
			message: {
				role: 'assistant',
				content: [
					{
						type: 'tool-call',
						toolCallId: 'call_x_0',
						toolName: 'get_current_weather',
						input: '{"location":"Brooklyn, NY","format":"fahrenheit"}',
					},
				],
			},
		});
	});

	it('reads the recorded plain answer, and splits reasoning into its own block', () => {
		const simple = toGenerateResult(readSnapshot('test_flash_llama_simple'), 'c');
		expect(simple.finishReason).toBe('length');
		expect(simple.message.content).toHaveLength(1);
		expect(simple.message.content[0].type).toBe('text');

		const thinking = toGenerateResult(
			{
				choices: [
					{ message: { content: '<think>hmm</think>\n\nAnswer.' }, finish_reason: 'eos_token' },
				],
			},
			'c',
		);
		expect(thinking.message.content).toEqual([
			{ type: 'reasoning', text: 'hmm' },
			{ type: 'text', text: 'Answer.' },
		]);
		expect(thinking.finishReason).toBe('stop');
	});

	it('keeps arguments that are not JSON as an invalid tool call, and older TGI’s object arguments', () => {
		const result = toGenerateResult(
			{
				choices: [
					{
						finish_reason: 'stop',
						message: {
							tool_calls: [
								{ id: '0', function: { name: 'a', arguments: '{"city": "Par' } },
								{ id: '0', function: { name: 'b', arguments: { x: 1 } } },
							],
						},
					},
				],
			},
			'p',
		);
		expect(result.message.content).toEqual([
			{
				type: 'invalid-tool-call',
				toolCallId: 'p_0',
				name: 'a',
				args: '{"city": "Par',
				error: expect.stringMatching(/^arguments is not valid JSON/),
			},
			{ type: 'tool-call', toolCallId: 'p_1', toolName: 'b', input: '{"x":1}' },
		]);
	});

	it('maps TGI’s finish reasons', () => {
		expect(
			['stop', 'eos_token', 'stop_sequence', 'length', 'weird'].map((r) => finishReason(r, false)),
		).toEqual(['stop', 'stop', 'stop', 'length', 'other']);
		expect(finishReason('stop', true)).toBe('tool-calls');
	});

	it('refuses a body that is not a chat completion', () => {
		expect(() => toGenerateResult({ generated_text: 'x' }, 'c')).toThrow(/no "choices"/);
	});
});
