/**
 * Embeddings on the wire, pure: how documents are cut into batches, and the answer read back —
 * TEI's `/embed` (number[][]), OpenAI's `{data: [{embedding, index}]}` (vLLM, SGLang, llama.cpp,
 * TEI's /v1/embeddings; maybe out of order), the HF router's feature-extraction (bare arrays). Never
 * silently wrong: one vector per text, all of one length, all finite numbers, in the texts' order.
 */
import { describe, isPlainObject, numbers, shown } from './guards';
import { UnexpectedResponseError } from './response';

/**
 * The sizes of the batches `count` texts go out in: at most `batchSize` each, and at most the
 * server's own limit when it is known (TEI's max_client_batch_size; above it TEI answers 413).
 */
export function batchSizes(count: number, batchSize: number, serverLimit?: number): number[] {
	const size = Math.max(1, Math.min(batchSize, serverLimit ?? batchSize));
	const sizes: number[] = [];
	for (let left = count; left > 0; left -= size) sizes.push(Math.min(size, left));
	return sizes;
}

/** Cuts `items` into consecutive batches of the given sizes. */
export function inBatches<T>(items: T[], sizes: number[]): T[][] {
	let start = 0;
	return sizes.map((size) => items.slice(start, (start += size)));
}

/**
 * The vectors of an answer, in the order of the texts asked: by `index` where the server gave
 * one. Every entry has a valid, unique index, or none has: a mix would put vectors on the wrong
 * texts whichever way it is read.
 */
function vectorsOf(response: unknown, asked: number): unknown[] {
	if (Array.isArray(response)) {
		// A bare array: a list of vectors, or one vector for one text (the router, a single string).
		return asked === 1 && response.every((value) => typeof value === 'number')
			? [response]
			: response;
	}
	if (isPlainObject(response) && Array.isArray(response.data)) {
		const entries = response.data as unknown[];
		const hasIndex = (entry: unknown) => isPlainObject(entry) && entry.index !== undefined;
		const withIndex = entries.filter(hasIndex).length;
		if (withIndex > 0 && withIndex < entries.length) {
			const missing = entries.flatMap((entry, position) => (hasIndex(entry) ? [] : [position]));
			throw new UnexpectedResponseError(
				`The embeddings answer gives an index to some entries but not to entry ${numbers(missing)} (of ${entries.length}): which text each vector belongs to can't be known`,
			);
		}
		const vectors = new Array<unknown>(entries.length);
		entries.forEach((entry, position) => {
			const at = withIndex > 0 ? (entry as { index: unknown }).index : position;
			if (
				!Number.isInteger(at) ||
				(at as number) < 0 ||
				(at as number) >= entries.length ||
				vectors[at as number] !== undefined
			) {
				throw new UnexpectedResponseError(
					`The embeddings answer's indexes are not 0…${entries.length - 1}, each once (index ${shown(at)} at entry ${position + 1})`,
				);
			}
			vectors[at as number] = isPlainObject(entry) ? entry.embedding : entry;
		});
		return vectors;
	}
	throw new UnexpectedResponseError(
		`The embeddings answer is ${describe(response)}, not a list of vectors or {"data": [{"embedding", "index"}]}`,
	);
}

/**
 * The answer's vectors for `asked` texts, checked: as many as asked, each a list of finite numbers,
 * all of one length. `base64` answers (encoding_format) are not asked for, so not read.
 */
export function parseEmbeddings(response: unknown, asked: number): number[][] {
	const vectors = vectorsOf(response, asked);
	if (vectors.length !== asked) {
		throw new UnexpectedResponseError(
			`The server answered ${vectors.length} embedding${vectors.length === 1 ? '' : 's'} for ${asked} text${asked === 1 ? '' : 's'}`,
		);
	}
	let length: number | undefined;
	vectors.forEach((vector, index) => {
		if (!Array.isArray(vector) || vector.length === 0) {
			throw new UnexpectedResponseError(
				`The embedding of text ${index + 1} is ${Array.isArray(vector) ? 'empty' : describe(vector)}, not a list of numbers`,
			);
		}
		const bad = vector.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
		if (bad >= 0) {
			throw new UnexpectedResponseError(
				`The embedding of text ${index + 1} has ${shown(vector[bad])} at position ${bad}, not a finite number`,
			);
		}
		length ??= vector.length;
		if (vector.length !== length) {
			throw new UnexpectedResponseError(
				`The embeddings are not all of one length: text 1 has ${length} dimensions, text ${index + 1} has ${vector.length}`,
			);
		}
	});
	return vectors as number[][];
}

/**
 * Why the vectors of a whole call (all its batches, in order) are not of one length, and in which
 * batch; undefined when they are. A server behind a load balancer may answer batches from
 * different models, and vectors of different lengths side by side in a store are silently
 * useless. With Dimensions set, that is the length every vector must have.
 */
export function lengthProblem(
	vectors: number[][],
	sizes: number[],
	noun: string,
	dimensions?: number,
): { problem: string; batch: number } | undefined {
	if (vectors.length === 0) return undefined;
	const expected = dimensions ?? vectors[0].length;
	const wrong = vectors.findIndex((vector) => vector.length !== expected);
	if (wrong < 0) return undefined;
	let batch = 0;
	for (let first = sizes[0]; first <= wrong; first += sizes[batch]) batch++;
	const problem =
		dimensions !== undefined
			? `The server answered ${vectors[wrong].length} dimensions for ${noun} ${wrong + 1}, where Dimensions asks for ${dimensions}: it did not apply Dimensions`
			: `The embeddings are not all of one length: ${noun} 1 has ${expected} dimensions, ${noun} ${wrong + 1} has ${vectors[wrong].length}`;
	return { problem, batch };
}

/** One text's place in a ranking: its index among the texts sent, and its score. */
export interface RankedText {
	index: number;
	score: number;
}

/**
 * A rerank answer — TEI's `[{index, score}]` or the `/v1/rerank` shape `{results: [{index,
 * relevance_score}]}` (vLLM, llama.cpp) — as rankings of `asked` texts, checked: known indexes,
 * each once, every text scored (an answer that leaves some out would shrink a search silently),
 * finite scores. Sorted best first, ties by index, so equal scores always come out alike.
 */
export function parseRerank(
	response: unknown,
	asked: number,
	/** How the texts are named in messages, and where this batch's first one is in the call. */
	{ noun = 'text', offset = 0 }: { noun?: string; offset?: number } = {},
): RankedText[] {
	const entries = Array.isArray(response)
		? response
		: isPlainObject(response) && Array.isArray(response.results)
			? response.results
			: undefined;
	if (!entries) {
		throw new UnexpectedResponseError(
			`The rerank answer is ${describe(response)}, not [{"index", "score"}] or {"results": [{"index", "relevance_score"}]}`,
		);
	}
	const seen = new Set<number>();
	const ranked = entries.map((entry: unknown, position: number) => {
		const index = isPlainObject(entry) ? entry.index : undefined;
		const score = isPlainObject(entry) ? (entry.score ?? entry.relevance_score) : undefined;
		if (
			!Number.isInteger(index) ||
			(index as number) < 0 ||
			(index as number) >= asked ||
			seen.has(index as number)
		) {
			throw new UnexpectedResponseError(
				`The rerank answer's entry ${position + 1} has index ${shown(index)}: not one of the ${asked} ${noun}s sent, each once`,
			);
		}
		if (typeof score !== 'number' || !Number.isFinite(score)) {
			throw new UnexpectedResponseError(
				`The rerank answer's entry ${position + 1} has score ${shown(score)}, not a finite number`,
			);
		}
		seen.add(index as number);
		return { index: index as number, score };
	});
	if (seen.size < asked) {
		const missing = Array.from({ length: asked }, (_, index) => index + offset).filter(
			(index) => !seen.has(index - offset),
		);
		throw new UnexpectedResponseError(
			`The rerank answer scores ${seen.size} of the ${asked} ${noun}s sent: ${noun} ${numbers(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`,
		);
	}
	return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** Rankings of several batches of one query, merged: indexes shifted back to the whole list's. */
export function mergeRankings(batches: RankedText[][], sizes: number[]): RankedText[] {
	let offset = 0;
	const merged = batches.flatMap((ranking, batch) => {
		const shifted = ranking.map(({ index, score }) => ({ index: index + offset, score }));
		offset += sizes[batch];
		return shifted;
	});
	return merged.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** What an embeddings answer says beside its vectors (OpenAI's shape: the model, the usage); TEI's list says nothing. */
export function embeddingsAnswerFacts(answer: unknown): {
	model?: string;
	usage?: { prompt_tokens?: unknown };
} {
	if (!isPlainObject(answer)) return {};
	return {
		model: typeof answer.model === 'string' && answer.model ? answer.model : undefined,
		usage: isPlainObject(answer.usage) ? answer.usage : undefined,
	};
}
