/**
 * The action node's Classify and Count Tokens options as the user set them, read and checked
 * against what the credential's server takes, before anything is sent. Pure: no n8n types.
 */
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from '../defaults';
import type { ClassifyOptions, TokenizeOptions } from '../dialects/types';
import { FieldError } from '../wire/fieldError';
import { wholeNumber } from '../wire/optionValues';
import { bool, direction, promptName } from './retrieval';
import { readTimeout } from './traffic';

/** The Options collection as n8n hands it over: only the options the user added are there. */
export interface TextTaskOptionValues {
	batchSize?: unknown;
	rawScores?: unknown;
	allScores?: unknown;
	truncate?: unknown;
	truncationDirection?: unknown;
	addSpecialTokens?: unknown;
	promptName?: unknown;
	returnTokens?: unknown;
	outputField?: unknown;
	timeout?: unknown;
}

export interface ClassifySettings {
	options: ClassifyOptions;
	/** Every label with its score, not only the best. */
	allScores: boolean;
	batchSize: number;
	timeoutMs: number;
}

export interface TokenizeSettings {
	options: TokenizeOptions;
	batchSize: number;
	timeoutMs: number;
}

const batchSize = (values: TextTaskOptionValues) =>
	wholeNumber(values.batchSize, 'batchSize', DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE);

/** Classify's settings (TEI's /predict takes every option it offers). */
export function readClassifySettings(values: TextTaskOptionValues): ClassifySettings {
	const truncate = bool(values.truncate, 'truncate');
	return {
		options: {
			rawScores: bool(values.rawScores, 'rawScores'),
			truncate,
			truncationDirection: truncate ? direction(values.truncationDirection) : undefined,
		},
		allScores: bool(values.allScores, 'allScores') === true,
		batchSize: batchSize(values),
		timeoutMs: readTimeout(values.timeout),
	};
}

/** The option of each tokenize field, and which servers take it, for the message that refuses it. */
const TOKENIZE_OPTION: Partial<
	Record<keyof TokenizeOptions, { option: keyof TextTaskOptionValues; takenBy: string }>
> = {
	addSpecialTokens: {
		option: 'addSpecialTokens',
		takenBy: 'TEI, vLLM and llama.cpp take it; TGI decides itself',
	},
	promptName: { option: 'promptName', takenBy: 'TEI only takes it' },
};

/** Count Tokens' settings, checked against what the server's tokenize route takes. */
export function readTokenizeSettings(
	model: string,
	values: TextTaskOptionValues,
	takes: ReadonlyArray<keyof TokenizeOptions>,
	server: string,
): TokenizeSettings {
	for (const [field, { option, takenBy }] of Object.entries(TOKENIZE_OPTION) as Array<
		[keyof TokenizeOptions, { option: keyof TextTaskOptionValues; takenBy: string }]
	>) {
		if (values[option] !== undefined && !takes.includes(field))
			throw new FieldError(
				option,
				`is not taken by this credential's server, ${server}: ${takenBy}. Remove the option.`,
			);
	}
	return {
		options: {
			model: takes.includes('model') ? model.trim() || undefined : undefined,
			addSpecialTokens: bool(values.addSpecialTokens, 'addSpecialTokens'),
			promptName: promptName(values.promptName, 'promptName'),
			returnTokens: bool(values.returnTokens, 'returnTokens') === true,
		},
		batchSize: batchSize(values),
		timeoutMs: readTimeout(values.timeout),
	};
}
