/**
 * Checks of a request body's fields before anything is sent: rule builders, the rules every
 * server shares, and how a problem names the parameter it came from. Each dialect adds its own.
 */
import { FieldError } from './fieldError';

/** Where a body key came from: the node parameter (and the key inside it) the user set. */
export type FieldOf = (key: string) => { field: string; path?: string };
/** A field's problem, or undefined when its value is fine. */
export type Rule = (value: unknown) => string | undefined;
export type Rules = Record<string, Rule>;

export const isNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);
export const got = (value: unknown) => `(got ${JSON.stringify(value)})`;
export const between =
	(min: number, max: number): Rule =>
	(v) =>
		isNumber(v) && v >= min && v <= max ? undefined : `must be between ${min} and ${max} ${got(v)}`;
export const wholeAtLeast =
	(min: number): Rule =>
	(v) =>
		Number.isInteger(v) && (v as number) >= min
			? undefined
			: `must be a whole number ≥ ${min} ${got(v)}`;

/** Rules every server's chat completions share. */
export const CHAT_RULES: Rules = {
	model: (v) =>
		typeof v === 'string' && v.trim() !== ''
			? undefined
			: 'is required: pick a model from the list or enter its ID',
	max_tokens: wholeAtLeast(1),
	frequency_penalty: between(-2, 2),
	presence_penalty: between(-2, 2),
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
export function applyRules(body: Record<string, unknown>, rules: Rules, fieldOf: FieldOf): void {
	for (const [key, rule] of Object.entries(rules)) {
		if (body[key] === undefined || body[key] === null) continue;
		const problem = rule(body[key]);
		if (problem) throw fieldError(fieldOf, key, problem);
	}
}
