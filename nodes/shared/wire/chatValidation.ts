import type { ServerProfile, TgiLimits } from './dialect';
import { FieldError } from './fieldError';
import { validateMessages } from './messages';

/** TGI's default --max-stop-sequences, when /info has not said otherwise. */
const MAX_STOP_SEQUENCES = 4;

/** Where a body key came from: the node parameter (and the key inside it) the user set. */
export type FieldOf = (key: string) => { field: string; path?: string };
export type Rule = (value: unknown) => string | undefined;

const isNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);
const got = (value: unknown) => `(got ${JSON.stringify(value)})`;
const between =
	(min: number, max: number): Rule =>
	(v) =>
		isNumber(v) && v >= min && v <= max ? undefined : `must be between ${min} and ${max} ${got(v)}`;

/** Rules both dialects share. */
const COMMON_RULES: Record<string, Rule> = {
	model: (v) =>
		typeof v === 'string' && v.trim() !== ''
			? undefined
			: 'is required: pick a model from the list or enter its ID',
	max_tokens: (v) =>
		Number.isInteger(v) && (v as number) >= 1 ? undefined : `must be a whole number ≥ 1 ${got(v)}`,
	frequency_penalty: between(-2, 2),
	presence_penalty: between(-2, 2),
	stream: (v) =>
		v === false
			? undefined
			: 'the node does not stream: it waits for one JSON answer per item (the answer would arrive as Server-Sent Events); remove "stream"',
};

/** TGI's own limits (router/src/validation.rs and the OpenAPI spec). */
export const RULES: Record<string, Rule> = {
	...COMMON_RULES,
	temperature: (v) => (isNumber(v) && v >= 0 ? undefined : `must be a number ≥ 0 ${got(v)}`),
	top_p: (v) =>
		isNumber(v) && v > 0 && v < 1
			? undefined
			: `must be greater than 0 and less than 1; TGI rejects 1.0 ${got(v)}`,
	seed: (v) =>
		Number.isInteger(v) && (v as number) >= 0 ? undefined : `must be a whole number ≥ 0 ${got(v)}`,
	stop: stopRule(MAX_STOP_SEQUENCES),
};

function stopRule(max: number, fromInfo = false): Rule {
	return (v) => {
		if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
			return 'must be a list of strings (TGI rejects a single string)';
		}
		return v.length > max
			? `TGI accepts at most ${max} stop sequences${fromInfo ? ' (max_stop_sequences in its /info)' : ''} (got ${v.length})`
			: undefined;
	};
}

/** TGI's rules with the limits its /info gave: stop sequences, and tokens that must fit the context. */
function tgiRules(limits: TgiLimits = {}): Record<string, Rule> {
	const rules = { ...RULES };
	if (limits.maxStopSequences !== undefined) rules.stop = stopRule(limits.maxStopSequences, true);
	const total = limits.maxTotalTokens;
	if (total !== undefined) {
		rules.max_tokens = (v) =>
			COMMON_RULES.max_tokens(v) ??
			((v as number) >= total
				? `must be less than ${total}: this TGI's max_total_tokens (from /info), which the prompt and the answer share ${got(v)}`
				: undefined);
	}
	return rules;
}

/** OpenAI's documented ranges, which vLLM, SGLang, llama.cpp and the router's providers follow. */
const OPENAI_RULES: Record<string, Rule> = {
	...COMMON_RULES,
	temperature: between(0, 2),
	top_p: between(0, 1),
	seed: (v) => (Number.isInteger(v) ? undefined : `must be a whole number ${got(v)}`),
	stop: (v) =>
		typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))
			? undefined
			: 'must be a string or a list of strings',
};

/** The error for `key`, naming the parameter it came from. */
export const fieldError = (fieldOf: FieldOf, key: string, problem: string) => {
	const { field, path } = fieldOf(key);
	return new FieldError(field, problem, path);
};

/** Checks every field of `body` that is set against its rule; the first problem names the field. */
export function applyRules(
	body: Record<string, unknown>,
	rules: Record<string, Rule>,
	fieldOf: FieldOf,
): void {
	for (const [key, rule] of Object.entries(rules)) {
		if (body[key] === undefined || body[key] === null) continue;
		const problem = rule(body[key]);
		if (problem) throw fieldError(fieldOf, key, problem);
	}
}

/** Applies the dialect's rules to a finished request body; `fieldOf` names the parameter each key came from. */
export function validateChatBody(
	body: Record<string, unknown>,
	fieldOf: FieldOf,
	profile: ServerProfile,
): void {
	const messages = fieldOf('messages');
	validateMessages(body.messages, messages.field, messages.path);
	if (body.model === undefined || body.model === null)
		throw fieldError(fieldOf, 'model', COMMON_RULES.model(undefined) as string);
	applyRules(body, profile.dialect === 'tgi' ? tgiRules(profile.limits) : OPENAI_RULES, fieldOf);
	if (profile.dialect === 'tgi' && body.response_format != null && body.tools) {
		throw fieldError(
			fieldOf,
			'response_format',
			'TGI cannot combine a response format with tools (it answers 422); use one or the other',
		);
	}
}
