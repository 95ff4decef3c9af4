/**
 * The Embeddings and Reranker sub-nodes' options as the user set them, read and checked against
 * what the credential's server takes: an option the server would ignore or refuse is an error
 * that names it, before anything is sent. Pure: no n8n types.
 */
import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_RETRIEVAL_CONCURRENCY,
	DEFAULT_TOP_N,
	MAX_BATCH_SIZE,
	MAX_CONCURRENCY,
} from '../defaults';
import type { EmbedOptions, RerankOptions } from '../dialects/types';
import type { RetryPolicy } from '../transport/retry';
import { FieldError } from '../wire/fieldError';
import { wholeNumber } from '../wire/optionValues';
import { readRetryPolicy, readTimeout, type TrafficOptions } from './traffic';

/** The Options collection as n8n hands it over: only the options the user added are there. */
export interface RetrievalOptionValues extends TrafficOptions {
	batchSize?: unknown;
	dimensions?: unknown;
	normalize?: unknown;
	truncate?: unknown;
	truncationDirection?: unknown;
	documentPromptName?: unknown;
	queryPromptName?: unknown;
	/** The action node's Embed: one prompt name for every text. */
	promptName?: unknown;
	topN?: unknown;
	timeout?: unknown;
}

/** How a call's requests are sent. */
export interface RetrievalTraffic {
	concurrency: number;
	retry: RetryPolicy;
	timeoutMs: number;
}

export interface EmbeddingsSettings extends RetrievalTraffic {
	/** Sent with every text; the prompt name is per kind of text. */
	options: Omit<EmbedOptions, 'promptName'>;
	prompts: { document?: string; query?: string };
	batchSize: number;
}

export interface RerankSettings extends RetrievalTraffic {
	options: RerankOptions;
	topN: number;
}

/** The option of each request field, for errors that name what the user set. */
const OPTION_OF: Record<keyof EmbedOptions, Array<keyof RetrievalOptionValues>> = {
	model: [],
	normalize: ['normalize'],
	truncate: ['truncate', 'truncationDirection'],
	truncationDirection: ['truncationDirection'],
	promptName: ['documentPromptName', 'queryPromptName', 'promptName'],
	dimensions: ['dimensions'],
};

/** Which servers take each request field, for the message that refuses it. */
const TAKEN_BY: Record<keyof EmbedOptions, string> = {
	model: 'every server',
	normalize: "TEI and the HF router's hf-inference",
	truncate: "TEI (and, for embeddings, the HF router's hf-inference)",
	truncationDirection: "TEI (and, for embeddings, the HF router's hf-inference)",
	promptName: "TEI and the HF router's hf-inference",
	dimensions: "TEI and OpenAI-compatible servers (vLLM, SGLang, llama.cpp, the router's providers)",
};

/**
 * Refuses an option set that the server does not take. `server` reads "OpenAI-compatible
 * (detected)"; `takes` is the dialect's list.
 */
function checkTaken(
	values: RetrievalOptionValues,
	takes: ReadonlyArray<keyof EmbedOptions>,
	server: string,
	offered: Array<keyof EmbedOptions>,
) {
	for (const field of offered) {
		if (takes.includes(field)) continue;
		const set = OPTION_OF[field].find((option) => values[option] !== undefined);
		if (set) {
			throw new FieldError(
				set,
				`is not taken by this credential's server, ${server}: only ${TAKEN_BY[field]} take it. Remove the option.`,
			);
		}
	}
}

export const bool = (value: unknown, field: string): boolean | undefined => {
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean')
		throw new FieldError(field, `must be true or false (got ${JSON.stringify(value)})`);
	return value;
};

export const direction = (value: unknown): 'left' | 'right' | undefined => {
	if (value === undefined) return undefined;
	if (value === 'left' || value === 'right') return value;
	throw new FieldError(
		'truncationDirection',
		`must be "left" or "right" (got ${JSON.stringify(value)})`,
	);
};

export const promptName = (value: unknown, field: string): string | undefined => {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string')
		throw new FieldError(field, `must be text (got ${JSON.stringify(value)})`);
	return value.trim() === '' ? undefined : value.trim();
};

function readTraffic(values: RetrievalOptionValues): RetrievalTraffic {
	return {
		concurrency: wholeNumber(
			values.concurrency,
			'concurrency',
			DEFAULT_RETRIEVAL_CONCURRENCY,
			1,
			MAX_CONCURRENCY,
		),
		retry: readRetryPolicy(values),
		timeoutMs: readTimeout(values.timeout),
	};
}

/** The Embeddings sub-node's settings, checked against what the server takes. */
export function readEmbeddingsSettings(
	model: string,
	values: RetrievalOptionValues,
	takes: ReadonlyArray<keyof EmbedOptions>,
	server: string,
): EmbeddingsSettings {
	checkTaken(values, takes, server, ['normalize', 'truncate', 'promptName', 'dimensions']);
	const truncate = bool(values.truncate, 'truncate');
	return {
		...readTraffic(values),
		batchSize: wholeNumber(values.batchSize, 'batchSize', DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
		options: {
			model: model.trim() || undefined,
			normalize: bool(values.normalize, 'normalize'),
			truncate,
			truncationDirection: truncate ? direction(values.truncationDirection) : undefined,
			dimensions:
				values.dimensions === undefined
					? undefined
					: wholeNumber(values.dimensions, 'dimensions', 0, 1, 1_000_000),
		},
		prompts: {
			document:
				promptName(values.documentPromptName, 'documentPromptName') ??
				promptName(values.promptName, 'promptName'),
			query:
				promptName(values.queryPromptName, 'queryPromptName') ??
				promptName(values.promptName, 'promptName'),
		},
	};
}

/** The Reranker sub-node's settings, checked against what the server takes. */
export function readRerankSettings(
	model: string,
	values: RetrievalOptionValues,
	takes: ReadonlyArray<keyof RerankOptions>,
	server: string,
): RerankSettings {
	checkTaken(values, takes, server, ['truncate']);
	const truncate = bool(values.truncate, 'truncate');
	return {
		...readTraffic(values),
		topN: wholeNumber(values.topN, 'topN', DEFAULT_TOP_N, 1, 100_000),
		options: {
			model: model.trim() || undefined,
			truncate,
			truncationDirection: truncate ? direction(values.truncationDirection) : undefined,
		},
	};
}
