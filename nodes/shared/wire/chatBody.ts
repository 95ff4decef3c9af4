/** The body of `POST …/chat/completions` in TGI's wire format, from the node's options. */

import { validateChatBody } from './chatValidation';
import { mergeJsonObject } from './fieldError';
import type { ChatMessage } from './messages';
import { normalizeJsonSchema, normalizeStop, toNumber } from './optionValues';
import { normalizeTools, toolChoice } from './tools';

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

/** The node parameter each body field comes from, so errors point at the right input. */
const FIELD_OF_KEY: Record<string, string> = {
	model: 'modelId',
	messages: 'messages',
	temperature: 'temperature',
	max_tokens: 'maxTokens',
	top_p: 'topP',
	frequency_penalty: 'frequencyPenalty',
	presence_penalty: 'presencePenalty',
	seed: 'seed',
	stop: 'stop',
	response_format: 'responseFormat',
	tools: 'tools',
	tool_choice: 'toolChoice',
};

const NUMBER_OPTIONS: Array<keyof ChatOptions> = [
	'temperature',
	'maxTokens',
	'topP',
	'frequencyPenalty',
	'presencePenalty',
	'seed',
];
const KEY_OF_OPTION = Object.fromEntries(
	Object.entries(FIELD_OF_KEY).map(([key, option]) => [option, key]),
);

/**
 * Builds the body of `POST …/chat/completions` in TGI's wire format, then validates all of it
 * once, messages included. `messagesField` names the parameter the messages came from.
 */
export function buildChatBody(
	model: unknown,
	messages: unknown,
	options: ChatOptions = {},
	messagesField = 'messages',
): ChatCompletionBody {
	const body: ChatCompletionBody = {
		model: typeof model === 'string' ? model.trim() : '',
		messages: messages as ChatMessage[],
	};
	for (const option of NUMBER_OPTIONS) {
		const number = toNumber(options[option], option);
		if (number !== undefined) body[KEY_OF_OPTION[option]] = number;
	}
	const stop = normalizeStop(options.stop);
	if (stop) body.stop = stop;
	if (options.responseFormat === 'json') {
		// TGI's grammar form; OpenAI's json_object / json_schema shapes get 422 from TGI.
		body.response_format = { type: 'json', value: normalizeJsonSchema(options.jsonSchema) };
	}
	const tools = normalizeTools(options.tools);
	if (tools) {
		body.tools = tools;
		body.tool_choice = toolChoice(options.toolChoice, options.toolChoiceFunction, tools);
	}

	const overridden = mergeJsonObject(
		body,
		options.additionalBodyFields,
		'additionalBodyFields',
		'{"top_k": 10}',
	);
	validateChatBody(body, (key) => {
		if (overridden.has(key)) return { field: 'additionalBodyFields', path: key };
		return { field: key === 'messages' ? messagesField : (FIELD_OF_KEY[key] ?? key) };
	});
	return body;
}
