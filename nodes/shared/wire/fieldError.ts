import { isPlainObject, tryParseJson } from './guards';

/**
 * A value the server is known to reject, caught before anything is sent. `field` is the node
 * parameter's name (`topP`, `additionalBodyFields`, …) and `path` the key inside it when it is an
 * object; the node turns the name into the label it shows (shared/descriptions/labels.ts).
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly path?: string,
	) {
		super(`${field}${path ? ` › ${path}` : ''}: ${problem}`);
		this.name = 'FieldError';
	}

	/** The message as the user reads it: the field under its label, e.g. "Top P: must be …". */
	describe(label: (name: string) => string): string {
		return `${label(this.field)}${this.path ? ` › ${this.path}` : ''}: ${this.problem}`;
	}
}

/** The credential's fields the node reads, by the names saved credentials store. */
export type CredentialField =
	| 'apiKey'
	| 'baseUrl'
	| 'apiVersion'
	| 'customHeaders'
	| 'maxConcurrentRequests';

/**
 * A credential field that can't be used, caught before anything is sent. The message names the
 * field and the problem, never the value: any of them may hold a secret (a token typed into the
 * wrong field, a gateway token in Custom Headers).
 */
export class CredentialFieldError extends Error {
	constructor(
		readonly field: CredentialField,
		message: string,
	) {
		super(message);
		this.name = 'CredentialFieldError';
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

/**
 * Merges a JSON-object parameter (Additional Body Fields, Additional Parameters) into `target`,
 * last, and returns the keys it set, so that a rule they break names that parameter.
 */
export function mergeJsonObject(
	target: Record<string, unknown>,
	value: unknown,
	field: string,
	example: string,
): Set<string> {
	const extra = parseJsonField(value, field);
	if (extra === undefined || extra === null) return new Set();
	if (!isPlainObject(extra)) throw new FieldError(field, `must be a JSON object, like ${example}`);
	Object.assign(target, extra);
	return new Set(Object.keys(extra));
}
