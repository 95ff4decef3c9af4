/**
 * Embeddings and rerank answers read back (nodes/shared/wire/embeddings.ts), from the shapes the
 * test server's TEI, vLLM, llama.cpp and router modes answer: never silently wrong.
 */
import {
	batchSizes,
	inBatches,
	lengthProblem,
	mergeRankings,
	parseEmbeddings,
	parseRerank,
} from '../../nodes/shared/wire/embeddings';
import { modelIdPath } from '../../nodes/shared/wire/paths';
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

	it('takes indexes on every entry or on none: a mix, or a bad one, is refused', () => {
		const answer = openAiEmbeddings(config, teiError).answer({ input: TEXTS }) as {
			data: Array<Record<string, unknown>>;
		};
		const mixed = {
			data: [answer.data[2], { ...answer.data[0], index: undefined }, answer.data[1]],
		};
		expect(refusal(() => parseEmbeddings(mixed, 3))).toBe(
			"The embeddings answer gives an index to some entries but not to entry 2 (of 3): which text each vector belongs to can't be known",
		);
		const none = { data: answer.data.map(({ embedding }) => ({ embedding })) };
		expect(parseEmbeddings(none, 3)).toEqual(native); // no index anywhere: arrival order
		for (const index of ['1', 1.5, null, Infinity])
			expect(refusal(() => parseEmbeddings({ data: [{ ...answer.data[0], index }] }, 1))).toMatch(
				/indexes are not 0…0, each once \(index (.+) at entry 1\)/,
			);
		expect(
			refusal(() => parseEmbeddings({ data: [{ embedding: [1], index: Infinity }] }, 1)),
		).toContain('(index Infinity at entry 1)');
	});

	it('a whole call is of one length, across its batches, and of Dimensions when set', () => {
		const vectors = [
			[1, 2],
			[3, 4],
			[5, 6, 7],
			[8, 9],
		];
		expect(lengthProblem(vectors, [2, 2], 'document')).toEqual({
			problem:
				'The embeddings are not all of one length: document 1 has 2 dimensions, document 3 has 3',
			batch: 1,
		});
		expect(
			lengthProblem(
				[
					[1, 2],
					[3, 4],
				],
				[1, 1],
				'document',
			),
		).toBeUndefined();
		expect(
			lengthProblem(
				[
					[1, 2],
					[3, 4],
				],
				[1, 1],
				'query',
				4,
			)?.problem,
		).toBe(
			'The server answered 2 dimensions for query 1, where Dimensions asks for 4: it did not apply Dimensions',
		);
		expect(lengthProblem([], [], 'document', 4)).toBeUndefined();
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
		expect(refusal(() => parseEmbeddings([[1, Infinity]], 1))).toMatch(
			/has Infinity at position 1/,
		);
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

	it('every text sent must come back scored: the missing ones are named, in the whole call', () => {
		const three = [
			{ index: 0, score: 0.9 },
			{ index: 2, score: 0.5 },
		];
		expect(refusal(() => parseRerank(three, 3))).toBe(
			'The rerank answer scores 2 of the 3 texts sent: text 2 is missing',
		);
		expect(refusal(() => parseRerank([], 4, { noun: 'document', offset: 10 }))).toBe(
			'The rerank answer scores 0 of the 4 documents sent: document 11, 12, 13 and 14 are missing',
		);
		expect(refusal(() => parseRerank([{ index: 0, score: Infinity }], 1))).toContain(
			'has score Infinity, not a finite number',
		);
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

describe('a model ID in a path', () => {
	it('encodes each segment and keeps the slash between organisation and name', () => {
		expect(modelIdPath('BAAI/bge-small-en-v1.5')).toBe('BAAI/bge-small-en-v1.5');
		expect(modelIdPath('org/a model?x#y%2e')).toBe('org/a%20model%3Fx%23y%252e');
		expect(modelIdPath('..x')).toBe('..x');
	});

	it.each([
		'..',
		'../../v1/chat/completions',
		'org/../x',
		'.',
		'org/./x',
		'',
		'org/',
		'/x',
		'a//b',
	])('%j is refused, naming the field', (model) => {
		expect(() => modelIdPath(model)).toThrow(/^modelId: has (a "\.\.?"|an empty) part/);
	});
});
