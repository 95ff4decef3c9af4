/**
 * The classification and tokenization wire, pure: bodies as each server takes them, answers read
 * and checked (never a silently wrong label or count), and a TEI's model type deciding which of
 * its tasks fit before anything is sent.
 */
import { servedTask, TEI, TGI, WrongServerError } from '../../nodes/shared/dialects';
import type { ServerProfile } from '../../nodes/shared/dialects';
import { parsePredictions } from '../../nodes/shared/wire/classification';
import { teiPredictBody } from '../../nodes/shared/wire/retrievalBodies';
import {
	openAiTokenizeBody,
	parseOpenAiTokens,
	parseTeiTokens,
	parseTgiChatTokens,
	parseTgiTokens,
} from '../../nodes/shared/wire/tokens';

describe('classification on the wire', () => {
	it('sends every input as a batch entry: a text as [text], a pair as it is', () => {
		expect(teiPredictBody(['a', ['b', 'c']], { rawScores: true })).toEqual({
			inputs: [['a'], ['b', 'c']],
			raw_scores: true,
			truncate: false,
		});
		expect(teiPredictBody(['a'], { truncate: true, truncationDirection: 'left' })).toEqual({
			inputs: [['a']],
			raw_scores: false,
			truncate: true,
			truncation_direction: 'Left',
		});
	});

	it('reads one list per input, best first (ties in the server’s order); a single bare list as a batch of one', () => {
		const answer = [
			[
				{ label: 'a', score: 0.2 },
				{ label: 'b', score: 0.5 },
				{ label: 'c', score: 0.2 },
			],
		];
		expect(parsePredictions(answer, 1)).toEqual([
			[
				{ label: 'b', score: 0.5 },
				{ label: 'a', score: 0.2 },
				{ label: 'c', score: 0.2 },
			],
		]);
		expect(parsePredictions(answer[0], 1)).toEqual(parsePredictions(answer, 1));
	});

	it.each([
		[{ error: 'x' }, 2, /is an object, not a list/],
		[[[{ label: 'a', score: 1 }]], 2, /has 1 entry for 2 inputs/],
		[[[]], 1, /entry 1 is an empty list/],
		[[[{ label: '', score: 1 }]], 1, /has the label "": not a label named once/],
		[[[{ label: 'a', score: null }]], 1, /gives "a" the score null, not a finite number/],
	])('refuses %j for %i inputs', (answer, asked, message) => {
		expect(() => parsePredictions(answer, asked)).toThrow(message);
	});
});

describe('tokenization on the wire', () => {
	it('one body both vLLM and llama.cpp read, special tokens said either way', () => {
		expect(openAiTokenizeBody({ text: 'hi' }, { model: 'm', returnTokens: true })).toEqual({
			model: 'm',
			prompt: 'hi',
			content: 'hi',
			add_special_tokens: true,
			add_special: true,
			return_token_strs: true,
			with_pieces: true,
		});
		expect(openAiTokenizeBody({ messages: [{ role: 'user' }] }, {})).toEqual({
			messages: [{ role: 'user' }],
			add_generation_prompt: true,
			add_special_tokens: false,
			add_special: false,
			return_token_strs: false,
			with_pieces: false,
		});
	});

	it("reads vLLM's ids and strings, llama.cpp's pieces (a piece of bytes keeps its id only)", () => {
		expect(
			parseOpenAiTokens({ count: 2, max_model_len: 8192, tokens: [5, 6], token_strs: ['a', 'b'] }),
		).toEqual({
			tokens: [
				{ id: 5, text: 'a' },
				{ id: 6, text: 'b' },
			],
			maxModelLength: 8192,
		});
		expect(
			parseOpenAiTokens({
				tokens: [
					{ id: 5, piece: 'a' },
					{ id: 7, piece: [226, 130] },
				],
			}),
		).toEqual({
			tokens: [{ id: 5, text: 'a' }, { id: 7 }],
		});
	});

	it.each([
		[() => parseOpenAiTokens({ count: 1 }), /without a "tokens" list/],
		[() => parseOpenAiTokens({ tokens: [1.5] }), /token 1 has the id 1.5, not a whole number/],
		[() => parseOpenAiTokens({ count: 3, tokens: [1] }), /count is 3, but it lists 1 tokens/],
		[() => parseOpenAiTokens({ tokens: [] }, true), /read no messages/],
		[() => parseTgiTokens({ tokens: [] }), /is an object, not a list of tokens/],
		[() => parseTgiChatTokens([]), /is a list, not \{"tokenize_response"/],
		[() => parseTeiTokens([[{ id: 1 }]], 2), /has 1 token lists for 2 texts/],
		[() => parseTeiTokens([[{ id: -1 }]], 1), /list 1's token 1 has the id -1/],
	])('refuses a wrong answer (%#)', (read, message) => {
		expect(read).toThrow(message);
	});
});

describe("a TEI's model type decides which of its tasks fit", () => {
	const tei = (modelType?: 'embedding' | 'reranker' | 'classifier'): ServerProfile => ({
		dialect: TEI,
		how: 'detected',
		limits: { modelType, modelId: 'some/model' },
	});

	it.each([
		['embedding', 'embed', true],
		['embedding', 'rerank', false],
		['embedding', 'classify', false],
		['reranker', 'rerank', true],
		['reranker', 'classify', true], // a reranker is a one-label classifier: /predict scores with it
		['classifier', 'classify', true],
		['classifier', 'rerank', false],
		[undefined, 'rerank', true], // /info did not say: the server's answer will
	] as const)('a TEI serving %s: %s fits = %s', (modelType, task, fits) => {
		const ask = () => servedTask(tei(modelType), task);
		if (fits) expect(ask).not.toThrow();
		else expect(ask).toThrow(WrongServerError);
	});

	it('every TEI tokenizes; TGI tokenizes text and messages; neither classifies on TGI', () => {
		expect(servedTask(tei('embedding'), 'tokenize').batched).toBe(true);
		const tgi: ServerProfile = { dialect: TGI, how: 'credential' };
		expect(servedTask(tgi, 'tokenize').batched).toBe(false);
		expect(() => servedTask(tgi, 'chatTokenize')).not.toThrow();
		expect(() => servedTask(tgi, 'classify')).toThrow(/not classification/);
	});
});
