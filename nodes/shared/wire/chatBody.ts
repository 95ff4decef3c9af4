/** The body of `POST …/chat/completions` in the server's dialect, from the node's options. */

import { fieldError, type FieldOf, validateChatBody } from './chatValidation';
import type { ServerProfile } from './dialect';
import { mergeJsonObject } from './fieldError';
import type { ChatMessage } from './messages';
import { normalizeStop, toNumber } from './optionValues';
import { adaptResponseFormat, jsonModeFormat } from './responseFormat';
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

/** Who the body is for, and where the messages came from (for errors). */
export interface BodyContext {
	/** The server's dialect and limits. */
	server: ServerProfile;
	/** The parameter the messages came from. */
	messagesField?: string;
}

/** Puts a response_format from Additional Body Fields into the server's dialect, or names why not. */
function adaptUserFormat(body: ChatCompletionBody, context: BodyContext, fieldOf: FieldOf): void {
	if (body.response_format === undefined || body.response_format === null) return;
	const adapted = adaptResponseFormat(context.server.dialect, body.response_format);
	if (adapted.problem !== undefined) throw fieldError(fieldOf, 'response_format', adapted.problem);
	if (adapted.format) body.response_format = adapted.format;
	else delete body.response_format;
}

/**
 * Builds the body of `POST …/chat/completions` in the server's dialect, then validates all of it
 * once, messages included, against that dialect's rules.
 */
export function buildChatBody(
	model: unknown,
	messages: unknown,
	options: ChatOptions,
	context: BodyContext,
): ChatCompletionBody {
	const { server, messagesField = 'messages' } = context;
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
	if (options.responseFormat === 'json')
		body.response_format = jsonModeFormat(server.dialect, options.jsonSchema);
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
	const fieldOf: FieldOf = (key) => {
		if (overridden.has(key)) return { field: 'additionalBodyFields', path: key };
		return { field: key === 'messages' ? messagesField : (FIELD_OF_KEY[key] ?? key) };
	};
	adaptUserFormat(body, context, fieldOf);
	validateChatBody(body, fieldOf, server);
	return body;
}
