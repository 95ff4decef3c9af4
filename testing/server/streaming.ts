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
import type { ServerMode, StreamStep } from './types';

const TOKEN = /\S+\s*|\s+/g;

const pieces = (text: string) => text.match(TOKEN) ?? [];

/** A JSON string cut in pieces of about 4 characters, as a model writes arguments. */
const argumentPieces = (text: string) => text.match(/[\s\S]{1,4}/g) ?? [''];

function marker(body: any, name: string): number | undefined {
	const match = new RegExp(`\\[\\[${name}:(\\d+)\\]\\]`).exec(JSON.stringify(body.messages));
	return match ? Number(match[1]) : undefined;
}

/** The in-stream error each server sends. */
function errorEvent(mode: ServerMode) {
	const message = 'Request failed during generation: Server error: CUDA out of memory';
	if (mode === 'tgi') return { error: { message, http_status_code: 422 } };
	if (mode === 'vllm')
		return { error: { object: 'error', message, type: 'InternalServerError', code: 500 } };
	return { error: { message, type: 'server_error', code: 500 } };
}

/**
 * The steps of a streamed answer to `body`, from the complete `answer` the server would give
 * (tgiCompletion / openaiDialect), each written after `delayMs`.
 */
export function streamSteps(
	mode: ServerMode,
	body: any,
	answer: any,
	delayMs: number,
): StreamStep[] {
	const tgi = mode === 'tgi';
	const frame = (data: unknown) => {
		const json = typeof data === 'string' ? data : JSON.stringify(data);
		if (tgi) return `data:${json}\n\n`;
		return mode === 'router' ? `data: ${json}\r\n\r\n` : `data: ${json}\n\n`;
	};
	const base = {
		id: answer.id,
		object: 'chat.completion.chunk',
		created: answer.created,
		model: answer.model,
		...(tgi ? { system_fingerprint: '3.3.6-native' } : {}),
	};
	const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
		...base,
		choices: [
			{
				index: 0,
				delta: tgi ? { role: 'assistant', ...delta } : delta,
				logprobs: null,
				finish_reason: finish,
			},
		],
		usage: null,
	});
	const choice = answer.choices[0];
	const message = choice.message;
	const events: unknown[] = [];
	if (!tgi) events.push(chunk({ role: 'assistant', content: '' }));
	for (const field of ['reasoning_content', 'reasoning']) {
		if (typeof message[field] === 'string')
			for (const piece of pieces(message[field])) events.push(chunk({ [field]: piece }));
	}
	const calls: any[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
	if (calls.length > 0 && marker(body, 'calls') === 2)
		calls.push({ ...calls[0], id: `${calls[0].id}b` });
	calls.forEach((call, index) => {
		argumentPieces(call.function.arguments).forEach((args, at) => {
			const first = at === 0;
			const toolCall = tgi
				? {
						index,
						id: call.id,
						type: 'function',
						function: { name: first ? call.function.name : null, arguments: args },
					}
				: first
					? {
							index,
							id: call.id,
							type: 'function',
							function: { name: call.function.name, arguments: args },
						}
					: { index, function: { arguments: args } };
			events.push(chunk({ content: null, tool_calls: [toolCall] }));
		});
	});
	for (const piece of pieces(typeof message.content === 'string' ? message.content : ''))
		events.push(chunk({ content: piece }));
	// TGI: an empty chunk carries the finish reason (none after tool calls); OpenAI: an empty delta.
	if (tgi && calls.length === 0) events.push(chunk({ content: '' }, choice.finish_reason));
	if (!tgi) events.push(chunk({}, choice.finish_reason));
	if (body.stream_options?.include_usage)
		events.push({ ...base, choices: [], usage: answer.usage });

	const steps: StreamStep[] = events.map((event) => ({ text: frame(event), delayMs }));
	if (mode === 'router') steps.unshift({ text: ': keep-alive\r\n\r\n', delayMs: 0 });
	const cut = (name: string) => {
		const after = marker(body, name);
		return after === undefined
			? undefined
			: Math.min(after + (mode === 'router' ? 1 : 0), steps.length);
	};
	const error = cut('stream-error');
	if (error !== undefined)
		return [
			...steps.slice(0, error),
			{ text: frame(errorEvent(mode)), delayMs },
			{ text: frame('[DONE]'), delayMs: 0 },
		];
	const stall = cut('stream-stall');
	if (stall !== undefined) return [...steps.slice(0, stall), { stall: true, delayMs: 0 }];
	const broken = cut('stream-break');
	if (broken !== undefined) return [...steps.slice(0, broken), { destroy: true, delayMs }];
	return [...steps, { text: frame('[DONE]'), delayMs: 0 }];
}
