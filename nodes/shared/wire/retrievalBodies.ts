/**
 * Embeddings, rerank and classification bodies as each server's route takes them, pure: TEI's native
 * `/embed`, `/rerank` and `/predict`, OpenAI's `/embeddings` (vLLM, SGLang, llama.cpp, TEI's /v1/embeddings, the router's
 * providers), the `/rerank` of vLLM and llama.cpp, and the HF router's feature-extraction pipeline.
 * Options left unset are not sent, so the server's own defaults apply.
 */
import type { ClassifyInput, ClassifyOptions } from './classification';

/** The Embeddings sub-node's options a request may carry; unset ones take the server's default. */
export interface EmbedOptions {
	/** The model ID; TEI serves one model and ignores it. */
	model?: string;
	normalize?: boolean;
	truncate?: boolean;
	truncationDirection?: 'left' | 'right';
	/** A sentence-transformers prompt of the model (`query`, `passage`…). */
	promptName?: string;
	/** Matryoshka models: the vector's length. */
	dimensions?: number;
}

/** The Reranker sub-node's options a request may carry. */
export type RerankOptions = Pick<EmbedOptions, 'model' | 'truncate' | 'truncationDirection'>;

/** Drops the keys whose value is undefined. */
const defined = (body: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

/** TEI spells the direction as its Rust enum does: `Left`, `Right`. */
const teiDirection = (direction: EmbedOptions['truncationDirection']) =>
	direction === undefined ? undefined : direction === 'left' ? 'Left' : 'Right';

/**
 * `truncate` as the user chose it, always sent: TEI resolves a missing one to its own
 * --auto-truncate, which TEI 1.9 turned on by default — an over-long text would then be cut
 * without a word while Truncate Long Texts is off.
 */
const teiTruncate = (options: Pick<EmbedOptions, 'truncate' | 'truncationDirection'>) => ({
	truncate: options.truncate === true,
	truncation_direction:
		options.truncate === true ? teiDirection(options.truncationDirection) : undefined,
});

/** What TEI and the HF router's feature-extraction take besides the texts. */
const teiTextOptions = (options: EmbedOptions) => ({
	normalize: options.normalize,
	...teiTruncate(options),
	prompt_name: options.promptName,
});

/** TEI's `POST /embed`. */
export const teiEmbedBody = (texts: string[], options: EmbedOptions) =>
	defined({ inputs: texts, ...teiTextOptions(options), dimensions: options.dimensions });

/** The HF router's `POST /hf-inference/models/{model}/pipeline/feature-extraction` (TEI behind it). */
export const featureExtractionBody = (texts: string[], options: EmbedOptions) =>
	defined({ inputs: texts, ...teiTextOptions(options) });

/** OpenAI's `POST /embeddings`: always floats (base64 is not read back). */
export const openAiEmbeddingsBody = (texts: string[], options: EmbedOptions) =>
	defined({
		model: options.model || undefined,
		input: texts,
		encoding_format: 'float',
		dimensions: options.dimensions,
	});

/** TEI's `POST /rerank`: scores only (no text back), squashed to 0…1 as TEI does by default. */
export const teiRerankBody = (query: string, texts: string[], options: RerankOptions) =>
	defined({
		query,
		texts,
		...teiTruncate(options),
		raw_scores: false,
		return_text: false,
	});

/** TEI's `POST /predict`: always a batch (a text as `[text]`, a pair as `[text, text]`), so the answer is one list per input. */
export const teiPredictBody = (inputs: ClassifyInput[], options: ClassifyOptions) =>
	defined({
		inputs: inputs.map((input) => (typeof input === 'string' ? [input] : input)),
		raw_scores: options.rawScores === true,
		...teiTruncate(options),
	});

/** vLLM's and llama.cpp's `POST /rerank`: every document scored (Top N is applied after merging). */
export const openAiRerankBody = (query: string, texts: string[], options: RerankOptions) =>
	defined({ model: options.model || undefined, query, documents: texts });
