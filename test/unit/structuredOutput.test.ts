/**
 * LangChain's default `withStructuredOutput` on a model that answers with whole messages (as n8n's
 * AI node SDK adapter does): it fails before the patch, and reads the tool call after it.
 */
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';

import {
	asChunk,
	structuredOutputFromWholeMessages,
} from '../../nodes/LmChatHuggingFaceTgi/structuredOutput';
import { WholeMessageModel } from '../helpers/langchain';

const schema = {
	name: 'extract',
	type: 'object',
	properties: { score: { type: 'integer' }, reasoning_summary: { type: 'string' } },
	required: ['score', 'reasoning_summary'],
};
const classes = { AIMessage, AIMessageChunk };

describe('structured output from a model that answers with whole messages', () => {
	test("LangChain's default refuses the whole message (what n8n's Evaluation metrics met)", async () => {
		const model = new WholeMessageModel();
		await expect(model.withStructuredOutput(schema).invoke('rate it')).rejects.toThrow(
			'Input is not an AIMessageChunk.',
		);
	});

	test('patched: the tool call’s arguments, the schema bound as the tool', async () => {
		const model = new WholeMessageModel();
		structuredOutputFromWholeMessages(model, classes);
		expect(await model.withStructuredOutput(schema).invoke('rate it')).toEqual({
			score: 4,
			reasoning_summary: 'close',
		});
		expect(JSON.stringify(model.bound)).toContain('"name":"extract"');
	});

	test('patched, includeRaw: the raw answer (as a chunk) beside the parsed arguments', async () => {
		const model = new WholeMessageModel();
		structuredOutputFromWholeMessages(model, classes);
		const result = (await model
			.withStructuredOutput(schema, { includeRaw: true })
			.invoke('rate it')) as { raw: AIMessageChunk; parsed: unknown };
		expect(result.parsed).toEqual({ score: 4, reasoning_summary: 'close' });
		expect(AIMessageChunk.isInstance(result.raw)).toBe(true);
		expect(result.raw.usage_metadata).toEqual({
			input_tokens: 10,
			output_tokens: 5,
			total_tokens: 15,
		});
	});

	test('asChunk keeps what is already a chunk and what is not an AI message', () => {
		const chunk = new AIMessageChunk({ content: 'x' });
		expect(asChunk(chunk, classes)).toBe(chunk);
		expect(asChunk('text', classes)).toBe('text');
		const whole = new AIMessage({ content: 'hi', id: 'a1' });
		const converted = asChunk(whole, classes) as AIMessageChunk;
		expect(AIMessageChunk.isInstance(converted)).toBe(true);
		expect([converted.content, converted.id]).toEqual(['hi', 'a1']);
	});

	test('a value without bindTools is left alone', () => {
		const plain = { withStructuredOutput: () => 'own' };
		structuredOutputFromWholeMessages(plain, classes);
		expect(plain.withStructuredOutput()).toBe('own');
	});
});
