import { tryParseJson } from './guards';

/**
 * A value that TGI is known to reject, caught before anything is sent.
 * `field` is the name the user sees in the node (or the body key for raw JSON input).
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'FieldError';
	}
}

/** Reads a JSON parameter that n8n may hand over as text or as an already parsed value. */
export function parseJsonField(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	const { value: parsed, problem } = tryParseJson(value);
	if (problem !== undefined) throw new FieldError(field, `is not valid JSON (${problem})`);
	return parsed;
}
