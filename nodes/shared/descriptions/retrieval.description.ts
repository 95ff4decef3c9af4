import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_RETRIEVAL_CONCURRENCY,
	DEFAULT_TOP_N,
	MAX_BATCH_SIZE,
} from '../defaults';
import { modelLocator } from './model.description';
import { concurrencyOption, perRequestTrafficOptions } from './traffic.description';

/** The model of an embeddings or reranker server: optional, TEI serves one and ignores it. */
export function retrievalModelLocator(what: string, example: string): INodeProperties {
	return {
		...modelLocator,
		required: false,
		description: `The ${what} model. TEI serves one model and ignores it (the list shows it); vLLM, SGLang and the HF router need the model ID.`,
		modes: modelLocator.modes?.map((mode) =>
			mode.name === 'id' ? { ...mode, placeholder: `e.g. ${example}` } : mode,
		),
	};
}

/** Truncate and its direction: what TEI does with a text longer than the model takes. */
export const truncateOptions: INodeProperties[] = [
	{
		displayName: 'Truncate Long Texts',
		name: 'truncate',
		type: 'boolean',
		default: false,
		description:
			"Whether the server cuts texts longer than the model takes (TEI's max_input_length) instead of refusing them with 422. TEI and the HF router's hf-inference only.",
	},
	{
		displayName: 'Truncation Direction',
		name: 'truncationDirection',
		type: 'options',
		options: [
			{ name: 'Right (Keep the Start)', value: 'right' },
			{ name: 'Left (Keep the End)', value: 'left' },
		],
		default: 'right',
		description: 'Which end of a too-long text is cut when Truncate Long Texts is on',
	},
];

/** How a call's batches are spread over requests, and each request's timeout and retries. */
export const retrievalTrafficOptions: INodeProperties[] = [
	{
		...concurrencyOption,
		default: DEFAULT_RETRIEVAL_CONCURRENCY,
		description:
			"How many batches of one call to send at once. Keep it at or below the server's limit (TEI: --max-concurrent-requests, 512 by default); after a 429 it halves and grows back as requests succeed.",
	},
	...perRequestTrafficOptions,
];

/** The embedding options the Embeddings sub-node and the action node's Embed share. */
export const [batchSizeOption, dimensionsOption, normalizeOption]: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
		default: DEFAULT_BATCH_SIZE,
		description:
			"How many texts to send in one request. Capped by the server's own limit when it says it (TEI's max_client_batch_size, 32 by default; above it TEI answers 413).",
	},
	{
		displayName: 'Dimensions',
		name: 'dimensions',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 256,
		description:
			'The length of the vectors, for Matryoshka models that can be cut short (for example 256 of 768). The vector store must use the same length.',
	},
	{
		displayName: 'Normalize',
		name: 'normalize',
		type: 'boolean',
		default: true,
		description:
			"Whether the server scales each vector to length 1 (what cosine similarity expects). TEI and the HF router's hf-inference only; OpenAI-compatible servers answer as their model is set up.",
	},
];

/** The Embeddings sub-node's options. */
const embeddingsOnly: INodeProperties[] = [
	batchSizeOption,
	dimensionsOption,
	normalizeOption,
	{
		displayName: 'Document Prompt Name',
		name: 'documentPromptName',
		type: 'string',
		default: '',
		placeholder: 'e.g. passage',
		description:
			"The model's sentence-transformers prompt to use for documents being inserted (a key of its prompts, such as passage or document). TEI and the HF router's hf-inference only.",
	},
	{
		displayName: 'Query Prompt Name',
		name: 'queryPromptName',
		type: 'string',
		default: '',
		placeholder: 'e.g. query',
		description:
			"The model's sentence-transformers prompt to use for search queries (a key of its prompts, such as query). TEI and the HF router's hf-inference only.",
	},
];

/** The Embeddings sub-node's options, by name. */
export const embeddingsOptions: INodeProperties[] = [
	...embeddingsOnly,
	...truncateOptions,
	...retrievalTrafficOptions,
];

/** Where an operation puts its answer in the item: a field beside the item's own. */
export const outputFieldOption = (field: string, description: string): INodeProperties => ({
	displayName: 'Output Field',
	name: 'outputField',
	type: 'string',
	default: field,
	description,
});

/** A sentence-transformers prompt of the model (a key of its `prompts`). */
export const promptNameOption = (description: string): INodeProperties => ({
	displayName: 'Prompt Name',
	name: 'promptName',
	type: 'string',
	default: '',
	placeholder: 'e.g. query',
	description,
});

/** How many of the ranked documents to keep. */
export const topNOption: INodeProperties = {
	displayName: 'Top N',
	name: 'topN',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TOP_N,
	description: 'The maximum number of documents to return after reranking',
};
