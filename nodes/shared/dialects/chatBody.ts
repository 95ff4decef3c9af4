/** The body of `POST …/chat/completions` in the server's dialect, from the node's options. */

import {
	type ChatDialect,
	servedTask,
	type Endpoint,
	routedModel,
	type ServerProfile,
} from './index';
import { validateChatBody, validateChatFields } from './chatValidation';
import { mergeJsonObject } from '../wire/fieldError';
import { isPlainObject } from '../wire/guards';
import type { ChatMessage } from '../wire/messages';
import { normalizeStop, toNumber } from '../wire/optionValues';
import { readSchemaOption } from '../wire/responseFormat';
import { fieldError, type FieldOf } from '../wire/rules';
import { normalizeTools, toolChoice } from '../wire/tools';

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
	/** The Chat Model's Thinking: `on` / `off` set chat_template_kwargs.enable_thinking; unset or `default` send nothing. */
	thinking?: unknown;
	/** The HF router's Routing Policy: default, fastest, cheapest, preferred or provider (then Routing Provider). */
	routingPolicy?: unknown;
	routingProvider?: unknown;
	/** The Chat Model's Reasoning Effort: low, medium or high as reasoning_effort; `default` sends nothing. */
	reasoningEffort?: unknown;
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
	chat_template_kwargs: 'thinking',
	reasoning_effort: 'reasoningEffort',
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
	/** Where the credential points: the Routing Policy applies on the router's unified endpoint only. */
	endpoint?: Endpoint;
	/** The parameter the messages came from. */
	messagesField?: string;
}

/** Puts a response_format from Additional Body Fields into the server's dialect, or names why not. */
function adaptUserFormat(body: Record<string, unknown>, chat: ChatDialect, fieldOf: FieldOf): void {
	if (body.response_format === undefined || body.response_format === null) return;
	const adapted = isPlainObject(body.response_format)
		? chat.adaptResponseFormat(body.response_format)
		: { problem: `must be an object like ${chat.responseFormatExample}` };
	if (adapted.problem !== undefined) throw fieldError(fieldOf, 'response_format', adapted.problem);
	if (adapted.format) body.response_format = adapted.format;
	else delete body.response_format;
}

/** The body fields the node's options set, in the server's dialect, and where each came from. */
function optionFields(
	options: ChatOptions,
	context: BodyContext,
): { fields: Record<string, unknown>; fieldOf: FieldOf } {
	const { server, messagesField = 'messages' } = context;
	// A server that generates no text (TEI) is refused first, whatever else is wrong.
	const chat = servedTask(server, 'chat');
	const fields: Record<string, unknown> = {};
	for (const option of NUMBER_OPTIONS) {
		const number = toNumber(options[option], option);
		if (number !== undefined) fields[KEY_OF_OPTION[option]] = number;
	}
	const stop = normalizeStop(options.stop);
	if (stop) fields.stop = stop;
	if (options.responseFormat === 'json')
		fields.response_format = chat.jsonMode(readSchemaOption(options.jsonSchema, 'jsonSchema'));
	if (options.thinking === 'on' || options.thinking === 'off')
		fields.chat_template_kwargs = { enable_thinking: options.thinking === 'on' };
	if (options.reasoningEffort !== undefined && options.reasoningEffort !== 'default')
		fields.reasoning_effort = options.reasoningEffort;
	const tools = normalizeTools(options.tools);
	if (tools) {
		fields.tools = tools;
		fields.tool_choice = toolChoice(options.toolChoice, options.toolChoiceFunction, tools);
	}
	const overridden = mergeJsonObject(
		fields,
		options.additionalBodyFields,
		'additionalBodyFields',
		'{"top_k": 10}',
	);
	const fieldOf: FieldOf = (key) => {
		if (overridden.has(key)) return { field: 'additionalBodyFields', path: key };
		return { field: key === 'messages' ? messagesField : (FIELD_OF_KEY[key] ?? key) };
	};
	adaptUserFormat(fields, chat, fieldOf);
	return { fields, fieldOf };
}

/**
 * Checks the options alone, by the rules of the server's dialect, before any message exists: the
 * Chat Model sub-node fails early, naming the field, when n8n asks it for the model.
 */
export function checkChatOptions(options: ChatOptions, context: BodyContext): void {
	const { fields, fieldOf } = optionFields(options, context);
	routedModel(
		'model',
		options.routingPolicy,
		options.routingProvider,
		context.server.dialect.routing,
		context.endpoint,
	);
	validateChatFields(fields, fieldOf, context.server);
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
	const { fields, fieldOf } = optionFields(options, context);
	const id = typeof model === 'string' ? model.trim() : '';
	const { routing } = context.server.dialect;
	const body: ChatCompletionBody = {
		model:
			id === ''
				? id
				: routedModel(
						id,
						options.routingPolicy,
						options.routingProvider,
						routing,
						context.endpoint,
					),
		messages: messages as ChatMessage[],
		...fields,
	};
	validateChatBody(body, fieldOf, context.server);
	return body;
}
