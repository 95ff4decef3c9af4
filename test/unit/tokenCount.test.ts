/**
 * The Chat Model counts tokens for LangChain's chains without fetching OpenAI's tiktoken encoding
 * (the Summarization Chain asks `getNumTokens`): LangChain's own offline estimate, at once.
 */
import { FakeListChatModel } from '@langchain/core/utils/testing';

import { countTokensLocally, estimateTokens } from '../../nodes/LmChatHuggingFaceTgi/tokenCount';
import { stubFetch } from '../helpers/langchain';

describe('token counts without a download', () => {
	const fetched = stubFetch();

	test('a LangChain chat model fetches the tiktoken encoding to count tokens (what this replaces)', async () => {
		const model = new FakeListChatModel({ responses: ['ok'] });
		expect(await model.getNumTokens('twelve chars')).toBe(3);
		expect(fetched).toHaveLength(1);
		expect(fetched[0]).toMatch(/^https:\/\/tiktoken\.pages\.dev\//);
	});

	test('after countTokensLocally: the same estimate, no request', async () => {
		const model = new FakeListChatModel({ responses: ['ok'] });
		countTokensLocally(model);
		expect(await model.getNumTokens('twelve chars')).toBe(3);
		expect(
			await model.getNumTokens([
				{ type: 'text', text: 'abcdefgh' },
				{ type: 'image_url', image_url: 'data:' },
				{ type: 'text', text: 'i' },
			]),
		).toBe(3);
		expect(fetched).toEqual([]);
	});

	test('the estimate is LangChain’s: characters / 4, rounded up; nothing for non-text parts', () => {
		expect(estimateTokens('')).toBe(0);
		expect(estimateTokens('a')).toBe(1);
		expect(estimateTokens('abcde')).toBe(2);
		expect(estimateTokens(['ab', { type: 'text', text: 'cd' }, { type: 'image_url' }])).toBe(1);
	});

	test('a value without getNumTokens is left alone', () => {
		const plain = { other: 1 };
		countTokensLocally(plain);
		countTokensLocally(undefined);
		expect(plain).toEqual({ other: 1 });
	});
});
