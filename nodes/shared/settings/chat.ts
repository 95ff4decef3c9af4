/**
 * The chat nodes' Options as the user set them, each node kind through its one typed reader: what
 * goes into the chat body (checked later by the server's dialect), and the node's own settings
 * read and checked here, naming the option — never the raw UI values past this point. Pure: no
 * n8n types.
 */
import type { ChatOptions } from '../dialects/chatBody';
import type { RetryPolicy } from '../transport/retry';
import { FieldError } from '../wire/fieldError';
import { flag, oneOf } from '../wire/optionValues';
import { readRetryPolicy, readTimeout } from './traffic';

/** The Options collection as n8n hands it over: only the options the user added are there. */
type OptionValues = Record<string, unknown>;

/** "Message a Model" (the action node). */
export interface ChatMessageSettings {
	/** What goes into the chat body. */
	body: ChatOptions;
	timeoutMs: number;
	/** Reasoning Output "Keep Inline": the thinking stays in the content as <think>…</think>. */
	reasoningInline: boolean;
	/** Parse JSON Output (on unless turned off). */
	jsonOutput: boolean;
	/** Validate Against Schema (on unless turned off). */
	validateJson: boolean;
	/** Image Binary Properties, as typed (read against the item's binary data). */
	images?: string;
}

/** The Chat Model sub-node. */
export interface ChatModelOptionSettings {
	/** What goes into every call's chat body. */
	body: ChatOptions;
	timeoutMs: number;
	retry: RetryPolicy;
	reasoningInline: boolean;
	disableStreaming: boolean;
	firstToolChoice: 'auto' | 'required';
}

const REASONING_OUTPUT = ['field', 'inline'] as const;

export function readChatMessageOptions(values: OptionValues = {}): ChatMessageSettings {
	const { timeout, reasoningOutput, jsonOutput, validateJson, images, ...body } = values;
	if (images !== undefined && typeof images !== 'string')
		throw new FieldError('images', `must be the names of binary properties, separated by commas`);
	return {
		body: body as ChatOptions,
		timeoutMs: readTimeout(timeout),
		reasoningInline:
			oneOf(reasoningOutput, 'reasoningOutput', REASONING_OUTPUT, 'field') === 'inline',
		jsonOutput: flag(jsonOutput, 'jsonOutput', true),
		validateJson: flag(validateJson, 'validateJson', true),
		images,
	};
}

export function readChatModelOptions(values: OptionValues = {}): ChatModelOptionSettings {
	const {
		timeout,
		maxRetries,
		maxTotalWait,
		retryDelay,
		disableStreaming,
		firstToolChoice,
		reasoningOutput,
		...body
	} = values;
	return {
		body: body as ChatOptions,
		timeoutMs: readTimeout(timeout),
		retry: readRetryPolicy({ maxRetries, maxTotalWait, retryDelay }),
		reasoningInline:
			oneOf(reasoningOutput, 'reasoningOutput', REASONING_OUTPUT, 'field') === 'inline',
		disableStreaming: flag(disableStreaming, 'disableStreaming', false),
		firstToolChoice: oneOf(firstToolChoice, 'firstToolChoice', ['auto', 'required'], 'auto'),
	};
}

/** Options of an operation whose body has its own reader (Generate Text), or none (Get Server Info): the Timeout apart. */
export function readTimeoutApart<T extends { timeout?: unknown }>(
	values: T = {} as T,
): { timeoutMs: number; rest: Omit<T, 'timeout'> } {
	const { timeout, ...rest } = values;
	return { timeoutMs: readTimeout(timeout), rest };
}
