/**
 * The retrieval routes each server has, as the real ones answer them (test/fixtures/tei/SOURCE.md,
 * vLLM's and llama.cpp's OpenAI-style routes, the HF router's feature-extraction pipeline):
 *   TEI        POST /embed, /rerank (native), /embeddings, /v1/embeddings (OpenAI's shape)
 *   vLLM       POST {prefix}/embeddings, {prefix}/rerank and /rerank ({results: [{index, relevance_score}]})
 *   llama.cpp  the same routes, its own error shape
 *   router     POST /hf-inference/models/{model}/pipeline/feature-extraction (bare arrays)
 */
import { embed, PROMPTS, rank, tokensOf } from './retrieval';
import type { Reply } from './types';

/** What a retrieval route needs of the server: its model and its limits. */
export interface RetrievalConfig {
	model: string;
	/** TEI's max_client_batch_size: more inputs in one request → 413. */
	maxClientBatchSize: number;
	/** TEI's max_input_length, in the test server's tokens (words). */
	maxInputLength: number;
	/** What TEI's /info says it serves (default an embedding model): its routes at / and /invocations. */
	modelType?: 'embedding' | 'reranker' | 'classifier';
	/** TEI's max_concurrent_requests (0: the server's default, 512). */
	maxConcurrentRequests?: number;
	/** TEI's --auto-truncate: what a request without `truncate` gets (on by default since TEI 1.9). */
	autoTruncate?: boolean;
	/** The status of a validation error, the batch size included: 413 before TEI 1.9, 422 since. */
	validationStatus?: 413 | 422;
	/** The version /info reports. */
	version?: string;
}

/** Whether a request's texts are cut to the input length: its `truncate`, else the server's default. */
const truncates = (body: any, config: RetrievalConfig) =>
	(body.truncate ?? config.autoTruncate ?? false) === true;

/** A POST route of the server: its check (an error reply) and its answer. */
export interface RetrievalRoute {
	validate(body: any): Reply | undefined;
	answer(body: any): unknown;
}

/** How a server words an error: status, message, TEI's error_type. */
export type ErrorReply = (status: number, message: string, type: string) => Reply;

/** TEI's native error body. */
export const teiError: ErrorReply = (status, message, type) => ({
	status,
	body: { error: message, error_type: type },
});

/** TEI's /v1/embeddings error body. */
export const teiOpenAiError: ErrorReply = (status, message, type) => ({
	status,
	body: { message, code: status, error_type: type },
});

export const asList = (input: unknown): unknown[] => (Array.isArray(input) ? input : [input]);

/**
 * The inputs of an embeddings or rerank request checked as TEI checks them: some, no more than its
 * batch size, each text within its input length unless `truncate`, a known prompt name.
 */
export function inputProblem(
	texts: unknown[],
	body: any,
	config: RetrievalConfig,
	error: ErrorReply,
): Reply | undefined {
	if (texts.length === 0) return error(400, '`inputs` cannot be empty', 'Empty');
	if (texts.length > config.maxClientBatchSize)
		return error(
			config.validationStatus ?? 413,
			`batch size ${texts.length} > maximum allowed batch size ${config.maxClientBatchSize}`,
			'Validation',
		);
	if (texts.some((text) => typeof text !== 'string'))
		return error(422, 'inputs must be strings (token ids are not served here)', 'Validation');
	if (body.prompt_name != null && !(body.prompt_name in PROMPTS))
		return error(
			422,
			`Input validation error: prompt_name \`${body.prompt_name}\` is not in the model's prompts: ${Object.keys(PROMPTS).join(', ')}`,
			'Validation',
		);
	if (body.truncation_direction != null && !['Left', 'Right'].includes(body.truncation_direction))
		return error(
			422,
			`Failed to deserialize the JSON body into the target type: truncation_direction: unknown variant \`${body.truncation_direction}\`, expected \`Left\` or \`Right\``,
			'Validation',
		);
	if (truncates(body, config)) return undefined;
	const long = texts
		.map((text) => tokensOf(text as string).length)
		.find((n) => n > config.maxInputLength);
	return long === undefined
		? undefined
		: error(
				422,
				`Input validation error: \`inputs\` must have less than ${config.maxInputLength} tokens. Given: ${long}`,
				'Validation',
			);
}

/** A text as the model sees it: its prompt prepended, cut to the input length when truncating. */
function prepared(text: string, body: any, config: RetrievalConfig): string {
	const prompted = `${PROMPTS[body.prompt_name] ?? ''}${text}`;
	if (!truncates(body, config)) return prompted;
	const words = tokensOf(prompted);
	const left = body.truncation_direction === 'Left';
	const kept = left ? words.slice(-config.maxInputLength) : words.slice(0, config.maxInputLength);
	return kept.join(' ');
}

const vectorsFor = (texts: string[], body: any, config: RetrievalConfig) =>
	texts.map((text) =>
		embed(prepared(text, body, config), {
			normalize: body.normalize,
			dimensions: body.dimensions ?? undefined,
		}),
	);

/** TEI's POST /embed: `{inputs, normalize, truncate, truncation_direction, prompt_name, dimensions}` → number[][]. */
export const teiEmbed = (config: RetrievalConfig): RetrievalRoute => ({
	validate: (body) => inputProblem(asList(body?.inputs), body ?? {}, config, teiError),
	answer: (body) => vectorsFor(asList(body.inputs) as string[], body, config),
});

/** TEI's POST /rerank: `{query, texts, truncate, raw_scores, return_text}` → [{index, score, text?}], best first. */
export const teiRerank = (config: RetrievalConfig): RetrievalRoute => ({
	validate: (body) =>
		typeof body?.query !== 'string'
			? teiError(422, 'missing field `query`', 'Validation')
			: inputProblem(asList(body.texts), body, config, teiError),
	answer: (body) =>
		rank(body.query, body.texts, body.raw_scores === true).map((entry) =>
			body.return_text === true ? { ...entry, text: body.texts[entry.index] } : entry,
		),
});

/**
 * OpenAI's POST /v1/embeddings: `{model, input, dimensions, encoding_format}` → {data: [{embedding,
 * index}]}. It has no `truncate`: on TEI, the server's --auto-truncate decides.
 */
export const openAiEmbeddings = (config: RetrievalConfig, error: ErrorReply): RetrievalRoute => ({
	validate: (body) => inputProblem(asList(body?.input), body ?? {}, config, error),
	answer: (body) => {
		const texts = asList(body.input) as string[];
		const tokens = texts.reduce((sum, text) => sum + tokensOf(text).length, 0);
		return {
			object: 'list',
			data: vectorsFor(texts, { ...body, normalize: true }, config).map((embedding, index) => ({
				object: 'embedding',
				embedding,
				index,
			})),
			model: config.model,
			usage: { prompt_tokens: tokens, total_tokens: tokens },
		};
	},
});

/** vLLM's and llama.cpp's POST /v1/rerank: `{model, query, documents, top_n}` → {results: [{index, relevance_score}]}. */
export const openAiRerank = (config: RetrievalConfig, error: ErrorReply): RetrievalRoute => ({
	validate: (body) =>
		typeof body?.query !== 'string'
			? error(400, 'query: Field required', 'Validation')
			: inputProblem(asList(body.documents), body, config, error),
	answer: (body) => {
		const ranked = rank(body.query, body.documents);
		const top = Number.isInteger(body.top_n) ? ranked.slice(0, body.top_n) : ranked;
		return {
			model: config.model,
			object: 'list',
			usage: { total_tokens: tokensOf(`${body.query} ${body.documents.join(' ')}`).length },
			results: top.map(({ index, score }) => ({ index, relevance_score: score })),
		};
	},
});

/** The HF router's feature-extraction pipeline: `{inputs}` → number[] for one text, number[][] for several. */
export const featureExtraction = (config: RetrievalConfig): RetrievalRoute => ({
	validate: (body) =>
		inputProblem(asList(body?.inputs), body ?? {}, config, (status, message) => ({
			status,
			body: { error: message },
		})),
	answer: (body) => {
		const vectors = vectorsFor(asList(body.inputs) as string[], body, config);
		return Array.isArray(body.inputs) ? vectors : vectors[0];
	},
});
