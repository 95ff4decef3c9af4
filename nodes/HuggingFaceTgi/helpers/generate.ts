/**
 * Generate Text's request and answer: `POST /generate` (GenerateRequest → GenerateResponse), as
 * in test/fixtures/tgi/tgi-openapi.json, checked against TGI's limits for /generate.
 */

import { knownFinishReason, TGI_CHAT, TGI_RULES } from '../../shared/dialects';
import { FieldError, mergeJsonObject } from '../../shared/wire/fieldError';
import { isPlainObject } from '../../shared/wire/guards';
import { normalizeStop, toNumber } from '../../shared/wire/optionValues';
import { readSchemaOption } from '../../shared/wire/responseFormat';
import { normalizeFinishReason, UnexpectedResponseError } from '../../shared/wire/response';
import {
	applyRules,
	fieldError,
	type FieldOf,
	got,
	type Rule,
	type Rules,
	wholeAtLeast,
} from '../../shared/wire/rules';

/** The Generate Text "Options" collection, as n8n hands it over. */
export interface GenerateOptions {
	maxNewTokens?: unknown;
	temperature?: unknown;
	topK?: unknown;
	topP?: unknown;
	typicalP?: unknown;
	repetitionPenalty?: unknown;
	frequencyPenalty?: unknown;
	seed?: unknown;
	bestOf?: unknown;
	topNTokens?: unknown;
	truncate?: unknown;
	stop?: unknown;
	doSample?: boolean;
	details?: boolean;
	decoderInputDetails?: boolean;
	returnFullText?: boolean;
	watermark?: boolean;
	grammarType?: 'none' | 'json' | 'regex';
	grammar?: unknown;
	additionalParameters?: unknown;
}

export interface GenerateBody {
	inputs: string;
	parameters: Record<string, unknown>;
}

const NUMBER_OPTIONS: Array<[keyof GenerateOptions, string]> = [
	['maxNewTokens', 'max_new_tokens'],
	['temperature', 'temperature'],
	['topK', 'top_k'],
	['topP', 'top_p'],
	['typicalP', 'typical_p'],
	['repetitionPenalty', 'repetition_penalty'],
	['frequencyPenalty', 'frequency_penalty'],
	['seed', 'seed'],
	['bestOf', 'best_of'],
	['topNTokens', 'top_n_tokens'],
	['truncate', 'truncate'],
];

/** The option each /generate parameter comes from, so errors point at the right input. */
const OPTION_OF_KEY: Record<string, string> = Object.fromEntries([
	...NUMBER_OPTIONS.map(([option, key]) => [key, option]),
	['stop', 'stop'],
	['grammar', 'grammar'],
]);

const FLAG_OPTIONS: Array<[keyof GenerateOptions, string]> = [
	['doSample', 'do_sample'],
	['details', 'details'],
	['decoderInputDetails', 'decoder_input_details'],
	['returnFullText', 'return_full_text'],
	['watermark', 'watermark'],
];

const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const strictlyPositive: Rule = (v) =>
	positive(v) ? undefined : `must be greater than 0 ${got(v)}`;

/** TGI's limits for /generate (router/src/validation.rs); stricter than chat for temperature. */
const GENERATE_RULES: Rules = {
	max_new_tokens: wholeAtLeast(1),
	temperature: (v) =>
		positive(v)
			? undefined
			: `must be greater than 0 for /generate; leave it out (or turn Do Sample off) for greedy decoding (got ${JSON.stringify(v)})`,
	top_k: wholeAtLeast(1),
	top_p: TGI_RULES.top_p,
	typical_p: (v) =>
		positive(v) && (v as number) < 1
			? undefined
			: `must be greater than 0 and less than 1 (got ${JSON.stringify(v)})`,
	repetition_penalty: strictlyPositive,
	frequency_penalty: TGI_RULES.frequency_penalty,
	seed: TGI_RULES.seed,
	best_of: wholeAtLeast(1),
	top_n_tokens: wholeAtLeast(0),
	truncate: wholeAtLeast(1),
	stop: TGI_RULES.stop,
};

const SAMPLING_KEYS = ['do_sample', 'temperature', 'top_k', 'top_p', 'typical_p'];

function grammarFor(options: GenerateOptions): Record<string, unknown> | undefined {
	if (options.grammarType === 'json')
		return TGI_CHAT.jsonMode(readSchemaOption(options.grammar, 'grammar'));
	if (options.grammarType !== 'regex') return undefined;
	const pattern = typeof options.grammar === 'string' ? options.grammar : '';
	if (pattern.trim() === '') throw new FieldError('grammar', 'needs a regular expression');
	return { type: 'regex', value: pattern };
}

/** The body of `POST /generate`, checked against TGI's limits before anything is sent. */
export function buildGenerateBody(inputs: unknown, options: GenerateOptions = {}): GenerateBody {
	if (typeof inputs !== 'string') {
		throw new FieldError('inputs', `must be text (got ${JSON.stringify(inputs)})`);
	}
	if (inputs.trim() === '') throw new FieldError('inputs', 'is required: TGI rejects empty inputs');
	const parameters: Record<string, unknown> = {};
	for (const [option, key] of NUMBER_OPTIONS) {
		const number = toNumber(options[option], option);
		if (number !== undefined) parameters[key] = number;
	}
	for (const [option, key] of FLAG_OPTIONS) {
		if (typeof options[option] === 'boolean') parameters[key] = options[option];
	}
	const stop = normalizeStop(options.stop);
	if (stop) parameters.stop = stop;
	const grammar = grammarFor(options);
	if (grammar) parameters.grammar = grammar;

	const overridden = mergeJsonObject(
		parameters,
		options.additionalParameters,
		'additionalParameters',
		'{"adapter_id": "my-lora"}',
	);
	const fieldOf: FieldOf = (key) =>
		overridden.has(key)
			? { field: 'additionalParameters', path: key }
			: { field: OPTION_OF_KEY[key] ?? key };
	applyRules(parameters, GENERATE_RULES, fieldOf);
	const sampling = SAMPLING_KEYS.some(
		(key) => parameters[key] !== undefined && parameters[key] !== false,
	);
	if ((parameters.best_of as number) > 1 && !sampling) {
		throw fieldError(
			fieldOf,
			'best_of',
			'above 1 needs sampling: turn Do Sample on or set a sampling option',
		);
	}
	return { inputs, parameters };
}

export interface SimplifiedGeneration {
	generated_text: string;
	finish_reason?: string | null;
	finish_reason_raw?: string;
	generated_tokens?: number;
	seed?: number;
}

/**
 * The tokens of a GenerateResponse as they are known: `details.generated_tokens` (Details on) and
 * the prompt's length as `details.prefill` (Decoder Input Details on); nothing when TGI did not say.
 */
export function generateUsage(
	response: Record<string, unknown>,
): { prompt_tokens?: number; completion_tokens?: number } | undefined {
	const details = isPlainObject(response.details) ? response.details : undefined;
	if (!details) return undefined;
	const usage = {
		prompt_tokens: Array.isArray(details.prefill) ? details.prefill.length : undefined,
		completion_tokens:
			typeof details.generated_tokens === 'number' ? details.generated_tokens : undefined,
	};
	return usage.prompt_tokens === undefined && usage.completion_tokens === undefined
		? undefined
		: usage;
}

/** Checks a GenerateResponse; the simple form keeps the text and the counts a workflow needs. */
export function parseGenerateResponse(response: Record<string, unknown>, simplify: boolean) {
	if (typeof response.generated_text !== 'string') {
		throw new UnexpectedResponseError(
			'The response has no "generated_text": this does not look like TGI\'s /generate. Generate Text needs a self-hosted TGI or an Inference Endpoint at the credential\'s Base URL.',
		);
	}
	if (!simplify) return response;
	const simplified: SimplifiedGeneration = { generated_text: response.generated_text };
	const details = isPlainObject(response.details) ? response.details : {};
	// TGI's /generate says "eos_token" where chat says "stop": normalised as chat's, its word kept raw.
	if (typeof details.finish_reason === 'string')
		Object.assign(
			simplified,
			normalizeFinishReason(details.finish_reason, false, knownFinishReason),
		);
	if (typeof details.generated_tokens === 'number')
		simplified.generated_tokens = details.generated_tokens;
	if (typeof details.seed === 'number') simplified.seed = details.seed;
	return simplified as unknown as Record<string, unknown>;
}
