/**
 * Server-Sent Events, as chat completions stream them (the WHATWG event-stream format): `data:`
 * lines with or without a space, multi-line events, `:` keep-alive comments, CRLF or LF, events
 * split anywhere across network chunks (multi-byte characters included), and what `data:` carries:
 * a chunk, `[DONE]`, or an error sent inside an HTTP 200 stream.
 */

import { isPlainObject, tryParseJson } from './guards';

export interface SseEvent {
	event?: string;
	data: string;
}

/** Turns the bytes of an event stream into events, however the network cut them. */
export class SseDecoder {
	private readonly decoder = new TextDecoder('utf-8');
	private buffer = '';
	private data: string[] = [];
	private event?: string;

	/** The events completed by this piece of the stream. */
	push(bytes: Uint8Array | string): SseEvent[] {
		this.buffer += typeof bytes === 'string' ? bytes : this.decoder.decode(bytes, { stream: true });
		const events: SseEvent[] = [];
		// A trailing "\r" may be the first half of "\r\n": keep it for the next piece.
		const pattern = /\r\n|\n|\r(?!$)/g;
		let start = 0;
		for (let match = pattern.exec(this.buffer); match; match = pattern.exec(this.buffer)) {
			this.line(this.buffer.slice(start, match.index), events);
			start = match.index + match[0].length;
		}
		this.buffer = this.buffer.slice(start);
		return events;
	}

	/** The stream ended: an event not closed by a blank line still counts. */
	end(): SseEvent[] {
		const events: SseEvent[] = [];
		this.buffer += this.decoder.decode();
		if (this.buffer !== '') this.line(this.buffer.replace(/\r$/, ''), events);
		this.buffer = '';
		this.line('', events);
		return events;
	}

	private line(line: string, events: SseEvent[]): void {
		if (line === '') {
			if (this.data.length > 0) events.push({ event: this.event, data: this.data.join('\n') });
			this.data = [];
			this.event = undefined;
			return;
		}
		if (line.startsWith(':')) return; // a comment: keep-alive
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
		if (field === 'data') this.data.push(value);
		else if (field === 'event') this.event = value;
	}
}

/** An error the server sent inside the stream, in its own words. */
export interface StreamError {
	message: string;
	/** The HTTP status the server would have answered with (TGI's `http_status_code`), if given. */
	status?: number;
	errorType?: string;
}

export type StreamData =
	| { kind: 'done' }
	| { kind: 'chunk'; chunk: Record<string, unknown> }
	| { kind: 'error'; error: StreamError };

const statusOf = (value: unknown) =>
	typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 600
		? value
		: undefined;

/**
 * What one event's data says: `[DONE]`, a chunk, or an error — TGI's
 * `{"error": {"message", "http_status_code"}}`, its flat `{"error", "error_type"}`, OpenAI's
 * `{"error": {"message", "type", "code"}}`, vLLM's `{"object": "error", "message"}`.
 */
export function readStreamData(data: string, event?: string): StreamData {
	const text = data.trim();
	if (text === '[DONE]') return { kind: 'done' };
	const parsed = tryParseJson(text);
	if (parsed.problem !== undefined || !isPlainObject(parsed.value)) {
		const quoted = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
		return {
			kind: 'error',
			error: { message: `The server streamed an event that is not a JSON object: ${quoted}` },
		};
	}
	const value = parsed.value;
	const nested = isPlainObject(value.error) ? value.error : undefined;
	if (value.error !== undefined && value.error !== null) {
		const message =
			(typeof nested?.message === 'string' && nested.message) ||
			(typeof value.error === 'string' && value.error) ||
			JSON.stringify(value.error);
		return {
			kind: 'error',
			error: {
				message,
				status: statusOf(nested?.http_status_code) ?? statusOf(nested?.code),
				errorType:
					(typeof value.error_type === 'string' && value.error_type) ||
					(typeof nested?.type === 'string' && nested.type) ||
					undefined,
			},
		};
	}
	if (value.object === 'error' || event === 'error') {
		return {
			kind: 'error',
			error: {
				message: typeof value.message === 'string' ? value.message : text,
				status: statusOf(value.code),
				errorType: typeof value.type === 'string' ? value.type : undefined,
			},
		};
	}
	return { kind: 'chunk', chunk: value };
}

/** Turns a stream's bytes into frames, however the network cut them. */
export interface FrameDecoder {
	/** The frames completed by this piece of the stream. */
	push(bytes: Uint8Array | string): SseEvent[];
	/** The stream ended: a frame not closed yet still counts. */
	end(): SseEvent[];
}

/**
 * How a streamed answer is framed and what each frame says — a task's, not the transport's: a
 * server with another wire (NDJSON lines, say) brings its own. Chunks come out in OpenAI's chunk
 * shape (`choices[0].delta`, `usage`), the vocabulary the readers of a stream speak.
 */
export interface StreamFormat {
	/** The content type such a stream comes with (also sent as Accept); any other answer is read whole. */
	readonly contentType: string;
	decoder(): FrameDecoder;
	/** What one frame says: a chunk, the end, or an error in the server's words. */
	read(frame: SseEvent): StreamData;
	/** Whether a chunk completes the answer (a finish reason or the usage): a stream may end after it. */
	finishes(chunk: Record<string, unknown>): boolean;
	/** A complete answer where a stream was asked for (the server ignored "stream"), as one chunk; undefined when it is none. */
	whole(answer: Record<string, unknown>): Record<string, unknown> | undefined;
}

const firstOf = (list: unknown) => (Array.isArray(list) ? list[0] : undefined);

/** Chat completions streamed as OpenAI (and TGI, vLLM, SGLang, llama.cpp) stream them: Server-Sent Events. */
export const CHAT_EVENT_STREAM: StreamFormat = {
	contentType: 'text/event-stream',
	decoder: () => new SseDecoder(),
	read: (frame) => readStreamData(frame.data, frame.event),
	finishes: (chunk) => {
		const choice = firstOf(chunk.choices);
		return isPlainObject(chunk.usage) || (isPlainObject(choice) && Boolean(choice.finish_reason));
	},
	whole: (answer) => {
		if (!Array.isArray(answer.choices)) return undefined;
		const choice = firstOf(answer.choices);
		if (!isPlainObject(choice) || !isPlainObject(choice.message)) return answer;
		return {
			...answer,
			choices: [{ index: 0, delta: choice.message, finish_reason: choice.finish_reason }],
		};
	},
};
