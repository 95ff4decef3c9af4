/**
 * JSON mode in each dialect. TGI takes its grammar form `{"type": "json", "value": <schema>}` and
 * answers OpenAI's forms with 422; OpenAI-compatible servers take `text | json_object |
 * json_schema` (`{"json_schema": {"name", "schema", "strict"}}`) and answer TGI's with 400.
 */

import type { Dialect } from './dialect';
import { FieldError, parseJsonField } from './fieldError';
import { isPlainObject } from './guards';

type Json = Record<string, unknown>;

/** The name OpenAI's json_schema form requires when the user gave none. */
const DEFAULT_SCHEMA_NAME = 'response';

/** The JSON Schema option: a bare schema or OpenAI's `{name, schema, strict}` wrapper; empty: none. */
interface SchemaOption {
	schema?: Json;
	name?: string;
	strict?: boolean;
}

function readSchemaOption(value: unknown, field: string): SchemaOption {
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

const openAiSchemaFormat = (schema: Json, name?: string, strict?: boolean): Json => ({
	type: 'json_schema',
	json_schema: { name: name ?? DEFAULT_SCHEMA_NAME, schema, strict: strict ?? true },
});

/**
 * The node's Response Format → JSON, in the server's dialect. TGI: the grammar form, any object
 * when no schema is given. OpenAI-compatible: json_schema with a name, or json_object without a schema.
 */
export function jsonModeFormat(dialect: Dialect, jsonSchema: unknown, field = 'jsonSchema'): Json {
	const { schema, name, strict } = readSchemaOption(jsonSchema, field);
	if (dialect === 'tgi') return { type: 'json', value: schema ?? { type: 'object' } };
	return schema ? openAiSchemaFormat(schema, name, strict) : { type: 'json_object' };
}

export type Adapted = { format?: Json; problem?: undefined } | { problem: string };

const SET_SERVER_TYPE =
	"If the server is not what the credential's Server Type says (or detected), set Server Type in the credential.";

function forTgi(format: Json): Adapted {
	const { type } = format;
	if (type === 'json' || type === 'regex') {
		return format.value === undefined
			? { problem: 'needs a "value" (the JSON schema or regex)' }
			: { format };
	}
	if (type === 'json_schema') {
		// TGI's own variant: {"type": "json_schema", "value": {"name", "schema"}}.
		if (format.value !== undefined) return { format };
		const inner = isPlainObject(format.json_schema) ? format.json_schema : undefined;
		if (!inner || !isPlainObject(inner.schema))
			return { problem: 'OpenAI\'s "json_schema" form needs "json_schema": {"schema": {…}}' };
		return { format: { type: 'json', value: inner.schema } };
	}
	if (type === 'json_object') return { format: { type: 'json', value: { type: 'object' } } };
	if (type === 'text') return {}; // TGI's default: no response_format at all
	return {
		problem: `TGI takes {"type": "json", "value": <JSON schema>} or {"type": "regex", "value": "…"} (got type ${JSON.stringify(type)})`,
	};
}

function forOpenAi(format: Json): Adapted {
	const { type } = format;
	if (type === 'text' || type === 'json_object') return { format };
	if (type === 'json_schema' || type === 'json') {
		const inner = isPlainObject(format.json_schema)
			? format.json_schema
			: isPlainObject(format.value) && type === 'json_schema'
				? format.value // TGI's json_schema variant: {"value": {"name", "schema"}}
				: undefined;
		if (inner && isPlainObject(inner.schema)) {
			// The user's own wrapper, kept as written; OpenAI requires its name.
			const name = typeof inner.name === 'string' && inner.name !== '' ? inner.name : undefined;
			return {
				format: {
					type: 'json_schema',
					json_schema: { ...inner, name: name ?? DEFAULT_SCHEMA_NAME },
				},
			};
		}
		if (type === 'json' && isPlainObject(format.value))
			return { format: openAiSchemaFormat(format.value) }; // TGI's grammar form, converted
		return {
			problem: `needs a JSON schema: {"type": "json_schema", "json_schema": {"name": "…", "schema": {…}}}`,
		};
	}
	if (type === 'regex') {
		return {
			problem: `OpenAI-compatible servers have no "regex" response format (it is TGI's grammar). ${SET_SERVER_TYPE}`,
		};
	}
	return {
		problem: `type must be "text", "json_object" or "json_schema" for an OpenAI-compatible server (got ${JSON.stringify(type)})`,
	};
}

/**
 * A response_format the user wrote (Additional Body Fields) in the server's dialect: kept when
 * the server takes it, converted when the other dialect's form says the same, else a problem.
 */
export function adaptResponseFormat(dialect: Dialect, value: unknown): Adapted {
	if (!isPlainObject(value)) {
		return {
			problem:
				dialect === 'tgi'
					? 'must be an object like {"type": "json", "value": <JSON schema>}'
					: 'must be an object like {"type": "json_schema", "json_schema": {"name": "…", "schema": {…}}}',
		};
	}
	return dialect === 'tgi' ? forTgi(value) : forOpenAi(value);
}

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
