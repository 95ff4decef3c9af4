/**
 * Between n8n's AI node SDK (what the AI Agent hands a chat model) and TGI's chat wire format.
 * Type-only imports: nothing here needs the SDK at run time, so this loads on n8n 1.x too.
 */

import type {
	ContentFile,
	FinishReason,
	GenerateResult,
	Message,
	MessageContent,
	StreamChunk,
} from '@n8n/ai-node-sdk';

import { knownFinishReason } from '../shared/dialects';
import type { ChatMessage } from '../shared/wire/messages';
import { isPlainObject, tryParseJson } from '../shared/wire/guards';
import {
	firstChoice,
	messageText,
	readUsage,
	reasoningField,
	splitReasoning,
} from '../shared/wire/response';
import { parseToolCalls } from '../shared/wire/tools';

type Block<T extends MessageContent['type']> = Extract<MessageContent, { type: T }>;

const blocks = <T extends MessageContent['type']>(message: Message, type: T) =>
	message.content.filter((block): block is Block<T> => block.type === type);

const text = (message: Message) =>
	blocks(message, 'text')
		.map((block) => block.text)
		.join('\n');

/** A file block as an `image_url` part: its URL, or its bytes as a base64 data URI. */
function imagePart(file: ContentFile): Record<string, unknown> | undefined {
	const url = file.providerMetadata?.url;
	if (typeof url === 'string' && url !== '') return { type: 'image_url', image_url: { url } };
	if (!file.mediaType?.startsWith('image/')) return undefined;
	const data =
		typeof file.data === 'string' ? file.data : Buffer.from(file.data).toString('base64');
	const uri = data.startsWith('data:') ? data : `data:${file.mediaType};base64,${data}`;
	return { type: 'image_url', image_url: { url: uri } };
}

/** User and system content: a plain string unless images come with it (chat templates prefer strings). */
function userContent(message: Message): unknown {
	const images = blocks(message, 'file')
		.map(imagePart)
		.filter((part) => part !== undefined);
	const words = text(message);
	if (images.length === 0) return words;
	return [...(words ? [{ type: 'text', text: words }] : []), ...images];
}

const resultText = (result: unknown) => {
	if (typeof result === 'string') return result;
	if (
		Array.isArray(result) &&
		result.every((part) => isPlainObject(part) && part.type === 'text')
	) {
		return result.map((part) => String((part as { text: unknown }).text)).join('\n');
	}
	return JSON.stringify(result ?? '');
};

/**
 * A tool call's arguments as the model wrote them. n8n's AI Agent (2.x) adds the call's own id to
 * the arguments it keeps in its history; sending that back would show the model arguments it never wrote.
 */
function modelArguments(input: string, toolCallId: string | undefined): string {
	const { value } = tryParseJson(input || '{}');
	if (!isPlainObject(value) || toolCallId === undefined || value.id !== toolCallId)
		return input || '{}';
	const written = { ...value };
	delete written.id;
	return JSON.stringify(written);
}

/**
 * The agent's conversation in TGI's format. An assistant turn with tool calls carries no
 * `content` (TGI reads a message with content as a plain one and would drop the calls); each
 * tool result becomes its own `tool` message. Reasoning is not sent back.
 */
export function toChatMessages(messages: Message[]): ChatMessage[] {
	return messages.flatMap((message): ChatMessage[] => {
		if (message.role === 'tool') {
			return blocks(message, 'tool-result').map((block) => ({
				role: 'tool',
				tool_call_id: block.toolCallId,
				content: resultText(block.result),
			}));
		}
		if (message.role === 'assistant') {
			const calls = blocks(message, 'tool-call');
			if (calls.length === 0) return [{ role: 'assistant', content: text(message) }];
			const toolCalls = calls.map((call, index) => ({
				id: call.toolCallId ?? String(index),
				type: 'function',
				function: { name: call.toolName, arguments: modelArguments(call.input, call.toolCallId) },
			}));
			return [{ role: 'assistant', tool_calls: toolCalls }];
		}
		return [{ role: message.role, content: userContent(message) }];
	});
}

const SDK_FINISH_REASONS: Record<string, FinishReason> = {
	stop: 'stop',
	stop_sequence: 'stop',
	length: 'length',
	tool_calls: 'tool-calls',
	content_filter: 'content-filter',
};

/** Finish reasons in the SDK's words; a tool-call answer is "tool-calls" (TGI says "stop" there). */
export function finishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
	if (hasToolCalls) return 'tool-calls';
	const known = typeof reason === 'string' ? knownFinishReason(reason) : undefined;
	return known ? SDK_FINISH_REASONS[known] : 'other';
}

/**
 * A TGI chat completion as the SDK's GenerateResult: reasoning, text and tool calls as content
 * blocks. TGI's ids ("" for the completion, often "0" for every tool call) are made unique per answer.
 */
export function toGenerateResult(
	response: Record<string, unknown>,
	callIdPrefix: string,
): GenerateResult {
	const choice = firstChoice(response);
	const message = choice.message as Record<string, unknown>;
	const split = splitReasoning(messageText(message.content), reasoningField(message));
	const content: MessageContent[] = [];
	if (split.reasoning) content.push({ type: 'reasoning', text: split.reasoning });
	if (split.content !== '') content.push({ type: 'text', text: split.content });
	const calls = Array.isArray(message.tool_calls) ? parseToolCalls(message.tool_calls) : [];
	calls.forEach((call, index) => {
		const toolCallId = `${callIdPrefix}_${index}`;
		if (call.warning) {
			content.push({
				type: 'invalid-tool-call',
				toolCallId,
				name: call.function.name,
				args: String(call.function.arguments),
				error: call.warning,
			});
		} else {
			content.push({
				type: 'tool-call',
				toolCallId,
				toolName: call.function.name,
				input: JSON.stringify(call.function.arguments),
			});
		}
	});
	const usage = readUsage(response.usage) ?? {
		prompt_tokens: 0,
		completion_tokens: 0,
		total_tokens: 0,
	};
	return {
		id: typeof response.id === 'string' && response.id !== '' ? response.id : undefined,
		finishReason: finishReason(choice.finish_reason, calls.length > 0),
		usage: {
			promptTokens: usage.prompt_tokens,
			completionTokens: usage.completion_tokens,
			totalTokens: usage.total_tokens,
		},
		message: { role: 'assistant', content },
		providerMetadata: { model: response.model, finish_reason: choice.finish_reason },
		rawResponse: response,
	};
}

/**
 * A whole answer as the chunks of a stream, for Disable Streaming: its reasoning, its text, each
 * tool call with all its arguments, then the finish with the usage.
 */
export function* asStreamChunks(result: GenerateResult): Generator<StreamChunk> {
	for (const part of result.message.content) {
		if (part.type === 'reasoning') yield { type: 'reasoning-delta', delta: part.text };
		else if (part.type === 'text') yield { type: 'text-delta', delta: part.text };
		else if (part.type === 'tool-call')
			yield {
				type: 'tool-call-delta',
				id: part.toolCallId,
				name: part.toolName,
				argumentsDelta: part.input,
			};
		else yield { type: 'content', content: part };
	}
	yield { type: 'finish', finishReason: result.finishReason ?? 'stop', usage: result.usage };
}

/** Reasoning Output "Keep Inline": the thinking back in the answer as a leading <think>…</think> block. */
export function withReasoningInline(result: GenerateResult): GenerateResult {
	const content = result.message.content;
	const reasoning = content
		.filter((part) => part.type === 'reasoning')
		.map((part) => (part as { text: string }).text)
		.join('');
	if (reasoning === '') return result;
	const rest = content.filter((part) => part.type !== 'reasoning');
	const textAt = rest.findIndex((part) => part.type === 'text');
	const block = `<think>${reasoning}</think>`;
	if (textAt >= 0) {
		const text = rest[textAt] as { type: 'text'; text: string };
		rest[textAt] = { ...text, text: `${block}${text.text}` };
	} else rest.unshift({ type: 'text', text: block });
	return { ...result, message: { ...result.message, content: rest } };
}

/** The same for a stream: reasoning deltas become text inside <think>…</think>, closed before the answer. */
export async function* inlineReasoningChunks(
	chunks: AsyncIterable<StreamChunk>,
): AsyncGenerator<StreamChunk> {
	let open = false;
	for await (const chunk of chunks) {
		if (chunk.type === 'reasoning-delta') {
			yield { type: 'text-delta', delta: `${open ? '' : '<think>'}${chunk.delta}` };
			open = true;
			continue;
		}
		if (open && chunk.type !== 'error') {
			yield { type: 'text-delta', delta: '</think>' };
			open = false;
		}
		yield chunk;
	}
}
