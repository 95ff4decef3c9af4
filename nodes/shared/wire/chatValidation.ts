import { FieldError } from './fieldError';
import { isPlainObject } from './guards';
import { validateMessages } from './messages';

const MAX_STOP_SEQUENCES = 4;

/** Where a body key came from: the node parameter (and the key inside it) the user set. */
export type FieldOf = (key: string) => { field: string; path?: string };
export type Rule = (value: unknown) => string | undefined;

const isNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/** TGI's own limits (router/src/validation.rs and the OpenAPI spec). */
export const RULES: Record<string, Rule> = {
	model: (v) =>
		typeof v === 'string' && v.trim() !== ''
			? undefined
			: 'is required: pick a model from the list or enter its ID',
	temperature: (v) =>
		isNumber(v) && v >= 0 ? undefined : `must be a number ≥ 0 (got ${JSON.stringify(v)})`,
	max_tokens: (v) =>
		Number.isInteger(v) && (v as number) >= 1
			? undefined
			: `must be a whole number ≥ 1 (got ${JSON.stringify(v)})`,
	top_p: (v) =>
		isNumber(v) && v > 0 && v < 1
			? undefined
			: `must be greater than 0 and less than 1; TGI rejects 1.0 (got ${JSON.stringify(v)})`,
	frequency_penalty: (v) =>
		isNumber(v) && v >= -2 && v <= 2
			? undefined
			: `must be between -2 and 2 (got ${JSON.stringify(v)})`,
	presence_penalty: (v) =>
		isNumber(v) && v >= -2 && v <= 2
			? undefined
			: `must be between -2 and 2 (got ${JSON.stringify(v)})`,
	seed: (v) =>
		Number.isInteger(v) && (v as number) >= 0
			? undefined
			: `must be a whole number ≥ 0 (got ${JSON.stringify(v)})`,
	stop: (v) => {
		if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
			return 'must be a list of strings (TGI rejects a single string)';
		}
		return v.length > MAX_STOP_SEQUENCES
			? `TGI accepts at most ${MAX_STOP_SEQUENCES} stop sequences (got ${v.length})`
			: undefined;
	},
	response_format: (v) => {
		if (!isPlainObject(v)) return 'must be an object like {"type": "json", "value": <JSON schema>}';
		if (v.type === 'json_object' || (v.type === 'json_schema' && 'json_schema' in v)) {
			return `TGI does not accept OpenAI's "${v.type}" form (it answers 422); use {"type": "json", "value": <JSON schema>} — the node's Response Format option sends that`;
		}
		if (!['json', 'regex', 'json_schema'].includes(v.type as string)) {
			return `type must be "json" or "regex" (got ${JSON.stringify(v.type)})`;
		}
		return v.value === undefined ? 'needs a "value" (the JSON schema or regex)' : undefined;
	},
	stream: (v) =>
		v === false
			? undefined
			: 'the node does not stream: it waits for one JSON answer per item (the answer would arrive as Server-Sent Events); remove "stream"',
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

/** Applies TGI's rules to a finished request body; `fieldOf` names the parameter each key came from. */
export function validateChatBody(body: Record<string, unknown>, fieldOf: FieldOf): void {
	const messages = fieldOf('messages');
	validateMessages(body.messages, messages.field, messages.path);
	if (body.model === undefined || body.model === null)
		throw fieldError(fieldOf, 'model', RULES.model(undefined) as string);
	applyRules(body, RULES, fieldOf);
	if (body.response_format !== undefined && body.response_format !== null && body.tools) {
		throw fieldError(
			fieldOf,
			'response_format',
			'TGI cannot combine a response format with tools (it answers 422); use one or the other',
		);
	}
}
