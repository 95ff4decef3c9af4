/** Parsing of TGI's `ChatCompletion` response (see test/fixtures/tgi/tgi-openapi.json). */

import { describe, isPlainObject, tryParseJson } from './guards';
import { type ParsedToolCall, parseToolCalls } from './tools';

export interface ChatUsage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
}

/** The answer's finish_reason in one vocabulary, whichever server sent it. */
export type FinishReason = 'stop' | 'length' | 'stop_sequence' | 'tool_calls' | 'content_filter';

/** A server's finish_reason word in that vocabulary, or undefined when no server spells it so (the dialects' union). */
export type FinishReasonLookup = (raw: string) => FinishReason | undefined;

export interface SimplifiedCompletion {
	content: string;
	/** Normalised: stop | length | stop_sequence | tool_calls | content_filter (null when none was sent). */
	finish_reason: FinishReason | null;
	/** The server's own finish_reason, when it differs from the normalised one. */
	finish_reason_raw?: string;
	model: string;
	usage: ChatUsage | null;
	tool_calls?: ParsedToolCall[];
	/** The model's reasoning, apart from the answer (unless kept inline). */
	reasoning?: string;
}

export interface SplitReasoning {
	content: string;
	reasoning?: string;
}

const THINK_BLOCK = /^\s*<think>([\s\S]*?)(?:<\/think>|$)/;
const THINK_CLOSE = '</think>';

/**
 * Separates a reasoning model's thoughts from its answer: the router's `reasoning_content`, a
 * leading `<think>…</think>` block (TGI passes it through inline; unclosed when cut off by
 * max_tokens), or text before a `</think>` whose `<think>` the chat template already sent.
 */
export function splitReasoning(content: string, reasoningContent?: unknown): SplitReasoning {
	if (typeof reasoningContent === 'string' && reasoningContent.trim() !== '') {
		return { content, reasoning: reasoningContent.trim() };
	}
	const block = THINK_BLOCK.exec(content);
	if (block)
		return { content: content.slice(block[0].length).trimStart(), reasoning: block[1].trim() };
	const close = content.indexOf(THINK_CLOSE);
	if (close >= 0 && !content.slice(0, close).includes('<think>')) {
		return {
			content: content.slice(close + THINK_CLOSE.length).trimStart(),
			reasoning: content.slice(0, close).trim(),
		};
	}
	return { content };
}

export class UnexpectedResponseError extends Error {}

/**
 * The answer's finish_reason in one vocabulary, whichever server sent it. An answer with tool
 * calls is "tool_calls" (TGI says "stop" there); an unknown reason is "stop", its own word kept raw.
 */
export function normalizeFinishReason(
	raw: unknown,
	hasToolCalls: boolean,
	lookup: FinishReasonLookup,
): { finish_reason: FinishReason | null; finish_reason_raw?: string } {
	if (typeof raw !== 'string' || raw === '')
		return { finish_reason: hasToolCalls ? 'tool_calls' : null };
	const known = lookup(raw);
	const normalized = hasToolCalls && known !== 'length' ? 'tool_calls' : (known ?? 'stop');
	return normalized === raw
		? { finish_reason: normalized }
		: { finish_reason: normalized, finish_reason_raw: raw };
}

/** The model's separate reasoning: `reasoning_content` (router, older vLLM) or `reasoning` (newer vLLM). */
export const reasoningField = (message: Record<string, unknown>): unknown =>
	typeof message.reasoning_content === 'string' && message.reasoning_content.trim() !== ''
		? message.reasoning_content
		: message.reasoning;

/** A body as a JSON object or array (read from text when it is text), or undefined when it is neither. */
export function toJsonValue(body: unknown): Record<string, unknown> | unknown[] | undefined {
	const parsed = typeof body === 'string' ? tryParseJson(body).value : body;
	return isPlainObject(parsed) || Array.isArray(parsed) ? parsed : undefined;
}

/** The body as a JSON object; some proxies send JSON with a text content type. */
export function toJsonObject(body: unknown): Record<string, unknown> | undefined {
	const parsed = typeof body === 'string' ? tryParseJson(body).value : body;
	return isPlainObject(parsed) ? parsed : undefined;
}

/** An answer that must be a JSON object (the transport reads one), or the error saying what came instead. */
export function objectAnswer(answer: unknown): Record<string, unknown> {
	if (isPlainObject(answer)) return answer;
	throw new UnexpectedResponseError(`The answer is ${describeValue(answer)}, not a JSON object`);
}

/** The answer as a chat completion (its first choice checked), or the error saying it is none. */
export function chatCompletion(answer: unknown): Record<string, unknown> {
	firstChoice(objectAnswer(answer));
	return answer as Record<string, unknown>;
}

/**
 * Checks a chat completion and returns its first choice. TGI ignores `n` and always answers with
 * one choice; a tool-call answer has no `content` key and finish_reason "stop".
 */
export function firstChoice(response: Record<string, unknown>): Record<string, unknown> {
	const choices = response.choices;
	if (!Array.isArray(choices) || choices.length === 0 || !isPlainObject(choices[0])) {
		throw new UnexpectedResponseError(
			'The response has no "choices": this does not look like a chat completion. Check the Base URL and API Version.',
		);
	}
	const choice = choices[0];
	if (!isPlainObject(choice.message)) {
		throw new UnexpectedResponseError('The response\'s first choice has no "message"');
	}
	return choice;
}

const describeValue = (value: unknown) =>
	`${describe(value)} (${JSON.stringify(value)?.slice(0, 80)})`;

/**
 * The answer's text: `content` as a string, OpenAI's list of content parts joined (some
 * OpenAI-compatible servers send `[{"type": "text", "text": …}]`), "" when absent (tool calls only).
 * Anything else is an error naming what came back, never an empty answer.
 */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (content === undefined || content === null) return '';
	if (Array.isArray(content)) {
		return content
			.map((part, index) => {
				if (
					isPlainObject(part) &&
					typeof part.text === 'string' &&
					(part.type === 'text' || part.type === undefined)
				)
					return part.text;
				const type =
					isPlainObject(part) && typeof part.type === 'string'
						? `of type "${part.type}"`
						: describeValue(part);
				throw new UnexpectedResponseError(
					`The answer's content part ${index + 1} is not text: it is ${type}`,
				);
			})
			.join('');
	}
	throw new UnexpectedResponseError(
		`The answer's message content is not text: it is ${describeValue(content)}`,
	);
}

/** Token counts of an answer (missing counts as 0), or null when the server sent none. */
export function readUsage(value: unknown): ChatUsage | null {
	if (!isPlainObject(value)) return null;
	const count = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
	return {
		prompt_tokens: count('prompt_tokens'),
		completion_tokens: count('completion_tokens'),
		total_tokens: count('total_tokens'),
	};
}

/**
 * The node's default output: the assistant's text and what a workflow usually needs next to it.
 * Reasoning goes to `reasoning`, or with `keepReasoningInline` stays in `content` as `<think>…</think>`.
 */
export function simplifyChatCompletion(
	response: Record<string, unknown>,
	finishReasons: FinishReasonLookup,
	keepReasoningInline = false,
): SimplifiedCompletion {
	const choice = firstChoice(response);
	const message = choice.message as Record<string, unknown>;
	const text = messageText(message.content);
	const split = splitReasoning(text, reasoningField(message));
	const inline =
		split.reasoning !== undefined && text === split.content
			? `<think>\n${split.reasoning}\n</think>\n\n${text}`
			: text;
	const toolCalls =
		Array.isArray(message.tool_calls) && message.tool_calls.length > 0
			? parseToolCalls(message.tool_calls)
			: undefined;
	const simplified: SimplifiedCompletion = {
		content: keepReasoningInline ? inline : split.content,
		...normalizeFinishReason(choice.finish_reason, toolCalls !== undefined, finishReasons),
		model: typeof response.model === 'string' ? response.model : '',
		usage: readUsage(response.usage),
	};
	if (toolCalls) simplified.tool_calls = toolCalls;
	if (!keepReasoningInline && split.reasoning !== undefined) simplified.reasoning = split.reasoning;
	return simplified;
}
