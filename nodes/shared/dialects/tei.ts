/**
 * Text Embeddings Inference (TEI): the engine of Inference Endpoints for embedding and reranker
 * models. It generates no text: no chat completions, no /v1/models. Its /info says what it serves
 * (`model_type`: embedding, reranker or classifier) and how many inputs one request may carry
 * (`max_client_batch_size`; above it, 413).
 */
import { isPlainObject, positiveInteger } from '../wire/guards';
import { parseEmbeddings, parseRerank } from '../wire/embeddings';
import { objectAnswer } from '../wire/response';
import { teiEmbedBody, teiPredictBody, teiRerankBody } from '../wire/retrievalBodies';
import { parsePredictions } from '../wire/classification';
import { parseTeiTokens, teiTokenizeBody } from '../wire/tokens';
import type { ServerDialect, ServerLimits, Unfit } from './types';

const MODEL_TYPES = ['embedding', 'reranker', 'classifier'] as const;

/** The kind of model TEI's /info names (the first key of its model_type). */
const modelTypeOf = (info: Record<string, unknown>) =>
	isPlainObject(info.model_type)
		? MODEL_TYPES.find((type) => type in (info.model_type as object))
		: undefined;

/** What TEI's routes say for a model of another kind: /predict needs a classifier, /rerank a reranker. */
const servesOnly =
	(wanted: ServerLimits['modelType'], what: string, fix: string) =>
	(limits: ServerLimits | undefined): Unfit | undefined => {
		const type = limits?.modelType;
		if (type === undefined || type === wanted) return undefined;
		// TEI's reranker is a classifier with one label: /predict scores with it too.
		if (wanted === 'classifier' && type === 'reranker') return undefined;
		const model = limits?.modelId ? ` (${limits.modelId})` : '';
		return {
			message: `This credential's TEI serves ${type === 'embedding' ? 'an embedding' : `a ${type}`} model${model}, which does not ${what}`,
			fix,
		};
	};

const INPUT_TOO_LONG =
	"A text is longer than the model takes (TEI's max_input_length, in tokens). Turn on Truncate Long Texts (in the Embeddings or Reranker options), or make the text splitter's chunks smaller.";

/** What the server does with an over-long text by itself, from its /info's auto_truncate. */
const AUTO_TRUNCATE: Record<string, string> = {
	true: ' This TEI truncates such texts by default (--auto-truncate, on since TEI 1.9): the node tells it not to while Truncate Long Texts is off, so nothing is cut without a word.',
	false: ' This TEI does not truncate by default (--auto-truncate off).',
};

const TOO_MANY_TEXTS =
	'The request carries more texts than TEI takes at once (its max_client_batch_size, 32 unless started otherwise). Lower Batch Size, or start TEI with a larger --max-client-batch-size.';

const PAYLOAD_TOO_LARGE =
	"The request body is larger than TEI reads (its --payload-limit, 2 MB unless started otherwise; about a million characters). A text that large can't be embedded whole: make the text splitter's chunks smaller, lower Batch Size, or start TEI with a larger --payload-limit.";

export const TEI: ServerDialect = {
	id: 'tei',
	name: 'TEI',
	serverType: {
		name: 'Text Embeddings Inference (TEI)',
		description:
			'Embedding and reranker models (Inference Endpoints run them on TEI): no chat completions',
	},
	serves: 'embeddings, reranking, classification and tokenization',

	// TEI's Info: a model_type of embedding, reranker or classifier.
	recognisesInfo: (info) => isPlainObject(info) && modelTypeOf(info) !== undefined,
	limitsFromInfo: (info) => ({
		maxClientBatchSize: positiveInteger(info.max_client_batch_size),
		maxInputTokens: positiveInteger(info.max_input_length),
		autoTruncate: typeof info.auto_truncate === 'boolean' ? info.auto_truncate : undefined,
		modelId: typeof info.model_id === 'string' && info.model_id ? info.model_id : undefined,
		modelType: modelTypeOf(info),
	}),

	limitsNeedInfo: true,

	tasks: {
		embed: {
			options: () => [
				'model',
				'normalize',
				'truncate',
				'truncationDirection',
				'promptName',
				'dimensions',
			],
			request: (texts, options) => ({
				method: 'POST',
				path: 'embed',
				root: true,
				body: teiEmbedBody(texts, options),
			}),
			read: parseEmbeddings,
		},
		rerank: {
			options: ['model', 'truncate', 'truncationDirection'],
			unfit: servesOnly(
				'reranker',
				'rerank (TEI answers /rerank with 424 "model is not a re-ranker model")',
				'Point the credential at a TEI started with a reranker model (such as BAAI/bge-reranker-base).',
			),
			request: (query, texts, options) => ({
				method: 'POST',
				path: 'rerank',
				root: true,
				body: teiRerankBody(query, texts, options),
			}),
			read: (answer, asked, place) => parseRerank(answer, asked, place),
		},
		classify: {
			options: ['rawScores', 'truncate', 'truncationDirection'],
			unfit: servesOnly(
				'classifier',
				'classify (TEI answers /predict with 424 "model is not a classifier model")',
				'Point the credential at a TEI started with a sequence-classification model (such as SamLowe/roberta-base-go_emotions or a reranker).',
			),
			request: (inputs, options) => ({
				method: 'POST',
				path: 'predict',
				root: true,
				body: teiPredictBody(inputs, options),
			}),
			read: parsePredictions,
		},
		tokenize: {
			batched: true,
			options: ['addSpecialTokens', 'promptName'],
			request: (texts, options) => ({
				method: 'POST',
				path: 'tokenize',
				root: true,
				body: teiTokenizeBody(texts, options),
			}),
			read: parseTeiTokens,
		},
		// TEI has no /v1/models: its /info names the one model it serves.
		models: {
			request: () => ({ method: 'GET', path: 'info', root: true }),
			read: (answer) => {
				const { model_id: id } = objectAnswer(answer);
				return typeof id === 'string' && id ? [{ id }] : [];
			},
		},
	},

	hints: {
		413: PAYLOAD_TOO_LARGE,
		422: INPUT_TOO_LONG,
		424: "The model failed while embedding. Try again; if it keeps failing, check the TEI server's logs.",
		429: 'TEI is overloaded: more requests than its --max-concurrent-requests. Wait and try again, or lower Concurrency.',
	},
	contextHint: INPUT_TOO_LONG,
	// 413 (and 422 since TEI 1.9) means too many texts when TEI says "batch size"; any other 413
	// is a body over its --payload-limit (axum's "length limit exceeded", or a proxy's page). A text
	// over max_input_length: the fix, and what this server would do without the node's `truncate`.
	hintFor: (status, message, limits) => {
		if ((status === 413 || status === 422) && /batch size/i.test(message ?? ''))
			return TOO_MANY_TEXTS;
		if ((status === 413 || status === 422) && /must have less than \d+ tokens/i.test(message ?? ''))
			return `${INPUT_TOO_LONG}${AUTO_TRUNCATE[String(limits?.autoTruncate)] ?? ''}`;
		return undefined;
	},
};
