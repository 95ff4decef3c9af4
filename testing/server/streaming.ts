/**
 * Streamed answers (`"stream": true`) as each server writes them, token by token. TGI: `data:`
 * without a space, the role repeated in every delta, tool calls with id "0" whose arguments come
 * in pieces and no finish_reason chunk, an extra empty chunk at the end, errors inside the HTTP 200
 * stream as `{"error": {"message", "http_status_code"}}`. Router: `data: ` with CRLF and `:`
 * keep-alive comments, `reasoning_content` deltas. vLLM: `data: `, `reasoning` deltas. All: a usage
 * chunk with `choices: []` when `stream_options.include_usage`, then `[DONE]`.
 *
 * Markers in the prompt: [[stream-error:N]] (an error after N tokens), [[stream-stall:N]] (silence
 * after N tokens, connection open), [[stream-break:N]] (connection reset after N tokens),
 * [[calls:2]] (two tool calls in one answer).
 */
import type { StreamStep } from './types';

/** How a server writes its stream (each mode has one: modes.ts). */
export interface StreamStyle {
	/** One event on the wire. */
	frame(json: string): string;
	/** A comment the server sends first (the router's keep-alive). */
	keepAlive?: string;
	/** TGI's own fingerprint in every chunk. */
	systemFingerprint?: string;
	/** TGI repeats the role in every delta. */
	roleInEveryDelta: boolean;
	/** OpenAI-compatible servers open with a chunk holding the role and empty content. */
	openingRoleChunk: boolean;
	/** One piece of a tool call: TGI repeats id and type (name null after the first), OpenAI sends only arguments. */
	toolCallPiece(call: any, index: number, first: boolean, args: string): unknown;
	/** TGI: an empty chunk carries the finish reason, none after tool calls; OpenAI: always an empty delta with it. */
	finishChunk: 'after-text-only' | 'always';
	/** The error it sends inside its HTTP 200 stream. */
	errorEvent: unknown;
}

const TOKEN = /\S+\s*|\s+/g;

const pieces = (text: string) => text.match(TOKEN) ?? [];

/** A JSON string cut in pieces of about 4 characters, as a model writes arguments. */
const argumentPieces = (text: string) => text.match(/[\s\S]{1,4}/g) ?? [''];

function marker(body: any, name: string): number | undefined {
	const match = new RegExp(`\\[\\[${name}:(\\d+)\\]\\]`).exec(JSON.stringify(body.messages));
	return match ? Number(match[1]) : undefined;
}

/**
 * The steps of a streamed answer to `body`, from the complete `answer` the server would give
 * (tgiCompletion / openaiDialect), each written after `delayMs`.
 */
export function streamSteps(
	style: StreamStyle,
	body: any,
	answer: any,
	delayMs: number,
): StreamStep[] {
	const frame = (data: unknown) =>
		style.frame(typeof data === 'string' ? data : JSON.stringify(data));
	const base = {
		id: answer.id,
		object: 'chat.completion.chunk',
		created: answer.created,
		model: answer.model,
		...(style.systemFingerprint ? { system_fingerprint: style.systemFingerprint } : {}),
	};
	const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
		...base,
		choices: [
			{
				index: 0,
				delta: style.roleInEveryDelta ? { role: 'assistant', ...delta } : delta,
				logprobs: null,
				finish_reason: finish,
			},
		],
		usage: null,
	});
	const choice = answer.choices[0];
	const message = choice.message;
	const events: unknown[] = [];
	if (style.openingRoleChunk) events.push(chunk({ role: 'assistant', content: '' }));
	for (const field of ['reasoning_content', 'reasoning']) {
		if (typeof message[field] === 'string')
			for (const piece of pieces(message[field])) events.push(chunk({ [field]: piece }));
	}
	const calls: any[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
	if (calls.length > 0 && marker(body, 'calls') === 2)
		calls.push({ ...calls[0], id: `${calls[0].id}b` });
	calls.forEach((call, index) => {
		argumentPieces(call.function.arguments).forEach((args, at) => {
			const toolCall = style.toolCallPiece(call, index, at === 0, args);
			events.push(chunk({ content: null, tool_calls: [toolCall] }));
		});
	});
	for (const piece of pieces(typeof message.content === 'string' ? message.content : ''))
		events.push(chunk({ content: piece }));
	if (style.finishChunk === 'always') events.push(chunk({}, choice.finish_reason));
	else if (calls.length === 0) events.push(chunk({ content: '' }, choice.finish_reason));
	if (body.stream_options?.include_usage)
		events.push({ ...base, choices: [], usage: answer.usage });

	const steps: StreamStep[] = events.map((event) => ({ text: frame(event), delayMs }));
	if (style.keepAlive) steps.unshift({ text: style.keepAlive, delayMs: 0 });
	const cut = (name: string) => {
		const after = marker(body, name);
		return after === undefined
			? undefined
			: Math.min(after + (style.keepAlive ? 1 : 0), steps.length);
	};
	const error = cut('stream-error');
	if (error !== undefined)
		return [
			...steps.slice(0, error),
			{ text: frame(style.errorEvent), delayMs },
			{ text: frame('[DONE]'), delayMs: 0 },
		];
	const stall = cut('stream-stall');
	if (stall !== undefined) return [...steps.slice(0, stall), { stall: true, delayMs: 0 }];
	const broken = cut('stream-break');
	if (broken !== undefined) return [...steps.slice(0, broken), { destroy: true, delayMs }];
	return [...steps, { text: frame('[DONE]'), delayMs: 0 }];
}
