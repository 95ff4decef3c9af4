/**
 * JSON mode's parts every dialect uses: the JSON Schema option as read, OpenAI's json_schema
 * form, and what an answer must be for a given response_format. Each dialect (dialects/) says
 * which form it sends and which forms it takes.
 */

import { FieldError, parseJsonField } from './fieldError';
import { isPlainObject } from './guards';

export type Json = Record<string, unknown>;

/** The name OpenAI's json_schema form requires when the user gave none. */
export const DEFAULT_SCHEMA_NAME = 'response';

/** The JSON Schema option: a bare schema or OpenAI's `{name, schema, strict}` wrapper; empty: none. */
export interface SchemaOption {
	schema?: Json;
	name?: string;
	strict?: boolean;
}

export function readSchemaOption(value: unknown, field: string): SchemaOption {
	const parsed = parseJsonField(value, field);
	if (parsed === undefined || parsed === null) return {};
	if (!isPlainObject(parsed)) throw new FieldError(field, 'must be a JSON object (a JSON schema)');
	const wrapped = isPlainObject(parsed.schema) && !('type' in parsed) && !('properties' in parsed);
	if (!wrapped) return { schema: parsed };
	return {
		schema: parsed.schema as Json,
		name: typeof parsed.name === 'string' && parsed.name.trim() !== '' ? parsed.name : undefined,
		strict: typeof parsed.strict === 'boolean' ? parsed.strict : undefined,
	};
}

export const openAiSchemaFormat = (schema: Json, name?: string, strict?: boolean): Json => ({
	type: 'json_schema',
	json_schema: { name: name ?? DEFAULT_SCHEMA_NAME, schema, strict: strict ?? true },
});

export type Adapted = { format?: Json; problem?: undefined } | { problem: string };

/** What a user who wrote the other dialect's form, or set the wrong Server Type, can do. */
export const SET_SERVER_TYPE =
	"If the server is not what the credential's Server Type says (or detected), set Server Type in the credential.";

/**
 * What a (dialect-adapted) response_format asks for: JSON or not, and the schema the answer must
 * match when there is one.
 */
export function jsonExpectation(format: unknown): { json: boolean; schema?: unknown } {
	if (!isPlainObject(format)) return { json: false };
	if (format.type === 'json') return { json: true, schema: format.value };
	if (format.type === 'json_object') return { json: true };
	if (format.type === 'json_schema') {
		const inner = isPlainObject(format.json_schema) ? format.json_schema : format.value;
		return { json: true, schema: isPlainObject(inner) ? inner.schema : undefined };
	}
	return { json: false };
}
