/**
 * Embeddings and rerank answers read back (nodes/shared/wire/embeddings.ts), from the shapes the
 * test server's TEI, vLLM, llama.cpp and router modes answer: never silently wrong.
 */
import {
	batchSizes,
	inBatches,
	mergeRankings,
	parseEmbeddings,
	parseRerank,
} from '../../nodes/shared/wire/embeddings';
import { UnexpectedResponseError } from '../../nodes/shared/wire/response';
import {
	featureExtraction,
	openAiEmbeddings,
	openAiRerank,
	teiEmbed,
	teiError,
	teiRerank,
} from '../../testing/server/embeddingRoutes';

const config = { model: 'm', maxClientBatchSize: 32, maxInputLength: 512 };
const TEXTS = ['Berlin is the capital of Germany', 'Paris is the capital of France', 'Bananas'];
const refusal = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		if (error instanceof UnexpectedResponseError) return error.message;
		throw error;
	}
	throw new Error('expected an UnexpectedResponseError');
};

describe('batches', () => {
	it('cuts texts into Batch Size pieces, capped by the server’s own limit, order kept', () => {
		expect(batchSizes(70, 32)).toEqual([32, 32, 6]);
		expect(batchSizes(70, 64, 32)).toEqual([32, 32, 6]);
		expect(batchSizes(5, 2)).toEqual([2, 2, 1]);
		expect(batchSizes(0, 8)).toEqual([]);
		expect(batchSizes(3, 0)).toEqual([1, 1, 1]);
		expect(inBatches(['a', 'b', 'c', 'd', 'e'], [2, 2, 1])).toEqual([
			['a', 'b'],
			['c', 'd'],
			['e'],
		]);
	});
});

describe('an embeddings answer', () => {
	const native = teiEmbed(config).answer({ inputs: TEXTS }) as number[][];

	it('reads TEI’s number[][], the router’s bare arrays and OpenAI’s data alike', () => {
		expect(parseEmbeddings(native, 3)).toEqual(native);
		const openAi = openAiEmbeddings(config, teiError).answer({ input: TEXTS });
		expect(parseEmbeddings(openAi, 3)).toEqual(native);
		const one = featureExtraction(config).answer({ inputs: TEXTS[1] });
		expect(parseEmbeddings(one, 1)).toEqual([native[1]]);
		const several = featureExtraction(config).answer({ inputs: TEXTS });
		expect(parseEmbeddings(several, 3)).toEqual(native);
	});

	it('puts OpenAI-style answers back in the texts’ order by index', () => {
		const answer = openAiEmbeddings(config, teiError).answer({ input: TEXTS }) as {
			data: unknown[];
		};
		const shuffled = { ...answer, data: [answer.data[2], answer.data[0], answer.data[1]] };
		expect(parseEmbeddings(shuffled, 3)).toEqual(native);
		const twice = { data: [answer.data[0], answer.data[0], answer.data[2]] };
		expect(refusal(() => parseEmbeddings(twice, 3))).toMatch(/indexes are not 0…2, each once/);
	});

	it('says how many were asked and how many came back', () => {
		expect(refusal(() => parseEmbeddings(native.slice(0, 2), 3))).toBe(
			'The server answered 2 embeddings for 3 texts',
		);
	});

	it('refuses vectors of different lengths, non-numbers, NaN and empty vectors', () => {
		expect(
			refusal(() =>
				parseEmbeddings(
					[
						[1, 2],
						[1, 2, 3],
					],
					2,
				),
			),
		).toBe('The embeddings are not all of one length: text 1 has 2 dimensions, text 2 has 3');
		expect(refusal(() => parseEmbeddings([[1, '2']], 1))).toMatch(/has "2" at position 1/);
		expect(refusal(() => parseEmbeddings([[1, null]], 1))).toMatch(/has null at position 1/);
		expect(refusal(() => parseEmbeddings([[]], 1))).toMatch(/text 1 is empty/);
		expect(refusal(() => parseEmbeddings({ embeddings: [] }, 1))).toMatch(/not a list of vectors/);
	});
});

describe('a rerank answer', () => {
	const query = 'What is the capital of France?';

	it('reads TEI’s [{index, score}] and /v1/rerank’s results alike, best first', () => {
		const tei = parseRerank(teiRerank(config).answer({ query, texts: TEXTS }), 3);
		const openAi = parseRerank(
			openAiRerank(config, teiError).answer({ query, documents: TEXTS }),
			3,
		);
		expect(tei.map((rank) => rank.index)).toEqual([1, 0, 2]);
		expect(openAi).toEqual(tei);
	});

	it('orders ties by index, whatever order the server sent them in', () => {
		const ties = [
			{ index: 2, score: 0.5 },
			{ index: 0, score: 0.5 },
			{ index: 1, score: 0.9 },
		];
		expect(parseRerank(ties, 3).map((rank) => rank.index)).toEqual([1, 0, 2]);
	});

	it('refuses unknown or repeated indexes and scores that are not numbers', () => {
		expect(refusal(() => parseRerank([{ index: 3, score: 1 }], 3))).toMatch(
			/index 3: not one of the 3/,
		);
		const twice = [
			{ index: 0, score: 1 },
			{ index: 0, score: 0.5 },
		];
		expect(refusal(() => parseRerank(twice, 3))).toMatch(/entry 2 has index 0/);
		expect(refusal(() => parseRerank([{ index: 0, score: 'high' }], 1))).toMatch(/score "high"/);
		expect(refusal(() => parseRerank({ data: [] }, 1))).toMatch(/not \[\{"index", "score"\}\]/);
	});

	it('merges the rankings of several batches into one, indexes of the whole list', () => {
		const sizes = [2, 1];
		const batches = inBatches(TEXTS, sizes).map((texts) =>
			parseRerank(teiRerank(config).answer({ query, texts }), texts.length),
		);
		const whole = parseRerank(teiRerank(config).answer({ query, texts: TEXTS }), 3);
		expect(mergeRankings(batches, sizes)).toEqual(whole);
	});
});
