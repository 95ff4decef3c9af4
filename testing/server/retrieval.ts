/**
 * Deterministic embeddings and rankings for the test server's retrieval routes. A vector is a
 * function of the text alone — a bag of its words hashed into `EMBEDDING_DIMENSIONS` buckets — so
 * texts that share words are close, and a retrieval test can say which document comes first.
 */

/** The served embedding model's size. */
export const EMBEDDING_DIMENSIONS = 64;

/** The sentence-transformers prompts the served model knows (its `prompt_name` values). */
export const PROMPTS: Record<string, string> = { query: 'query: ', passage: 'passage: ' };

/** The test server's tokens: lower-case words and numbers. */
export const tokensOf = (text: string): string[] =>
	text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** FNV-1a of a word: its bucket. */
function bucketOf(word: string, dimensions: number): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
	return (hash >>> 0) % dimensions;
}

export interface EmbedOptions {
	normalize?: boolean;
	/** Matryoshka: only the first `dimensions` values. */
	dimensions?: number;
}

/** The text's vector: word counts per bucket, cut to `dimensions`, unit length unless `normalize` is false. */
export function embed(text: string, options: EmbedOptions = {}): number[] {
	const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
	for (const word of tokensOf(text)) vector[bucketOf(word, EMBEDDING_DIMENSIONS)] += 1;
	// A constant component, so a text with no words still has a direction.
	vector[EMBEDDING_DIMENSIONS - 1] += 0.5;
	const cut = vector.slice(0, options.dimensions ?? EMBEDDING_DIMENSIONS);
	if (options.normalize === false) return cut;
	const length = Math.hypot(...cut) || 1;
	return cut.map((value) => value / length);
}

const cosine = (a: number[], b: number[]) => {
	const dot = a.reduce((sum, value, i) => sum + value * b[i], 0);
	return dot / ((Math.hypot(...a) || 1) * (Math.hypot(...b) || 1));
};

export interface Rank {
	index: number;
	score: number;
}

/**
 * The texts ranked against the query: cosine similarity of their vectors (0…1), or a logit
 * (`raw`: 10·score − 5); best first, ties by index.
 */
export function rank(query: string, texts: string[], raw = false): Rank[] {
	const target = embed(query);
	return texts
		.map((text, index) => {
			const score = cosine(target, embed(text));
			return { index, score: raw ? 10 * score - 5 : score };
		})
		.sort((a, b) => b.score - a.score || a.index - b.index);
}
