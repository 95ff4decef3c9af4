import { isPlainObject } from './guards';
import { validateChatBody } from './chatValidation';
import { FieldError, parseJsonField } from './fieldError';
import { normalizeTools, toolChoice } from './tools';

export { parseJsonField };

/** A chat message in OpenAI/TGI format; content may be a string or a list of content parts. */
export interface ChatMessage {
	role: string;
	content?: unknown;
	[key: string]: unknown;
}

export type ChatCompletionBody = {
	model: string;
	messages: ChatMessage[];
} & Record<string, unknown>;

/** The node's "Options" collection, as n8n hands it over. */
export interface ChatOptions {
	temperature?: unknown;
	maxTokens?: unknown;
	topP?: unknown;
	frequencyPenalty?: unknown;
	presencePenalty?: unknown;
	seed?: unknown;
	stop?: unknown;
	responseFormat?: 'text' | 'json';
	jsonSchema?: unknown;
	tools?: unknown;
	toolChoice?: unknown;
	toolChoiceFunction?: unknown;
	additionalBodyFields?: unknown;
}

/** Names the user sees for each body field, so errors point at the right input. */
export const FIELD_LABELS: Record<string, string> = {
	model: 'Model',
	messages: 'Messages',
	temperature: 'Sampling Temperature',
	max_tokens: 'Maximum Number of Tokens',
	top_p: 'Top P',
	frequency_penalty: 'Frequency Penalty',
	presence_penalty: 'Presence Penalty',
	seed: 'Seed',
	stop: 'Stop Sequences',
	response_format: 'Response Format',
	tools: 'Tools',
	tool_choice: 'Tool Choice',
};

const OPTION_FIELDS: Array<[keyof ChatOptions, string]> = [
	['temperature', 'temperature'],
	['maxTokens', 'max_tokens'],
	['topP', 'top_p'],
	['frequencyPenalty', 'frequency_penalty'],
	['presencePenalty', 'presence_penalty'],
	['seed', 'seed'],
];

export function toNumber(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new FieldError(field, `must be a number (got ${JSON.stringify(value)})`);
	}
	return number;
}

/** Stop sequences arrive as a list, one string, or a JSON array typed into an expression. */
export function normalizeStop(value: unknown): string[] | undefined {
	let list = value;
	if (typeof list === 'string') {
		const trimmed = list.trim();
		if (trimmed === '') return undefined;
		list = trimmed.startsWith('[') ? parseJsonField(trimmed, FIELD_LABELS.stop) : [list];
	}
	if (list === undefined || list === null) return undefined;
	if (!Array.isArray(list)) {
		throw new FieldError(FIELD_LABELS.stop, 'must be a list of strings');
	}
	list.forEach((entry, index) => {
		if (typeof entry !== 'string' || entry === '') {
			throw new FieldError(FIELD_LABELS.stop, `entry ${index + 1} must be a non-empty string`);
		}
	});
	return list.length > 0 ? (list as string[]) : undefined;
}

/** Accepts a bare JSON schema, or OpenAI's `{name, schema, strict}` wrapper around one. */
export function normalizeJsonSchema(value: unknown): Record<string, unknown> {
	const schema = parseJsonField(value, 'JSON Schema');
	if (schema === undefined || schema === null) return { type: 'object' };
	if (!isPlainObject(schema)) {
		throw new FieldError('JSON Schema', 'must be a JSON object (a JSON schema)');
	}
	const wrapped = isPlainObject(schema.schema) && !('type' in schema) && !('properties' in schema);
	return wrapped ? (schema.schema as Record<string, unknown>) : schema;
}

/**
 * Builds the body of `POST …/chat/completions` in TGI's wire format, then validates all of it
 * once, messages included. `messagesField` names where the user typed the messages.
 */
export function buildChatBody(
	model: unknown,
	messages: unknown,
	options: ChatOptions = {},
	messagesField = FIELD_LABELS.messages,
): ChatCompletionBody {
	const body: ChatCompletionBody = {
		model: typeof model === 'string' ? model.trim() : '',
		messages: messages as ChatMessage[],
	};
	for (const [option, key] of OPTION_FIELDS) {
		const number = toNumber(options[option], FIELD_LABELS[key]);
		if (number !== undefined) body[key] = number;
	}
	const stop = normalizeStop(options.stop);
	if (stop) body.stop = stop;
	if (options.responseFormat === 'json') {
		// TGI's grammar form; OpenAI's json_object / json_schema shapes get 422 from TGI.
		body.response_format = { type: 'json', value: normalizeJsonSchema(options.jsonSchema) };
	}
	const tools = normalizeTools(options.tools, FIELD_LABELS.tools);
	if (tools) {
		body.tools = tools;
		body.tool_choice = toolChoice(options.toolChoice, options.toolChoiceFunction, tools, FIELD_LABELS.tool_choice);
	}

	const extra = parseJsonField(options.additionalBodyFields, 'Additional Body Fields');
	if (extra !== undefined && !isPlainObject(extra)) {
		throw new FieldError('Additional Body Fields', 'must be a JSON object, like {"top_k": 10}');
	}
	const overridden = new Set(Object.keys(extra ?? {}));
	Object.assign(body, extra);

	validateChatBody(body, (key) => {
		if (overridden.has(key)) return `Additional Body Fields › ${key}`;
		return key === 'messages' ? messagesField : (FIELD_LABELS[key] ?? key);
	});
	return body;
}
