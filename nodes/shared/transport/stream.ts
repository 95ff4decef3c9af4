/**
 * A streamed answer (`"stream": true`): opened like any request — same-origin redirects, the
 * Timeout until the headers, the retry policy for failures before the first byte — then read
 * event by event. While streaming, the Timeout bounds the silence between two pieces; a stall,
 * a broken connection, an error the server sends inside its HTTP 200 stream and a stream that
 * ends before the answer does each end it with an error in the server's or the network's words.
 */
import { type ApiErrorDetails, describeHttpError } from './errors';
import {
	type AttemptSpec,
	type Failure,
	httpFailure,
	isSuccess,
	openResponse,
	type Send,
} from './httpAttempt';
import { describeNetworkError, describeUnexpectedBody, findErrorCode } from './networkErrors';
import type { AttemptResult } from './retry';
import { displayUrl } from './url';
import type { StreamError, StreamFormat } from '../wire/sse';
import { toJsonObject } from '../wire/response';

/** A stream opened with a 2xx answer: its body, read as it arrives, and how to close it. */
export interface OpenedStream {
	url: string;
	status: number;
	contentType: string;
	headers: Record<string, unknown>;
	body: unknown;
	close: () => void;
}

/** The stream ended badly after it was opened: what to tell the user. */
export class StreamFailure extends Error {
	constructor(readonly details: ApiErrorDetails) {
		super(details.message);
	}
}

/** Every piece of a body: a Readable (n8n's helper with encoding "stream"), or a whole body. */
async function* piecesOf(body: unknown): AsyncGenerator<Uint8Array | string> {
	if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body) {
		for await (const piece of body as AsyncIterable<Uint8Array | string>) yield piece;
	} else if (typeof body === 'string' || body instanceof Uint8Array) {
		yield body;
	} else if (body !== undefined && body !== null) {
		yield JSON.stringify(body);
	}
}

/**
 * The pieces, each awaited for at most `idleMs`: a longer silence calls `onStall` (which closes
 * the connection, so the pending read fails) — the Timeout between two pieces of a stream.
 */
async function* timedPieces(
	pieces: AsyncGenerator<Uint8Array | string>,
	idleMs: number,
	onStall: () => void,
): AsyncGenerator<Uint8Array | string> {
	for (;;) {
		const idle = AbortSignal.timeout(idleMs);
		idle.addEventListener('abort', onStall, { once: true });
		let piece: IteratorResult<Uint8Array | string>;
		try {
			piece = await pieces.next();
		} finally {
			// Only the wait for the server counts, not the time the caller takes with a piece.
			idle.removeEventListener('abort', onStall);
		}
		if (piece.done) return;
		yield piece.value;
	}
}

async function readAll(body: unknown): Promise<string> {
	const decoder = new TextDecoder('utf-8');
	let text = '';
	for await (const piece of piecesOf(body))
		text += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
	return text + decoder.decode();
}

/**
 * One attempt to open the stream. The Timeout runs until the answer's headers (and an error
 * body, read whole); after that the stream stays open until it is read, closed or cancelled.
 */
export async function openStreamAttempt(
	send: Send,
	spec: AttemptSpec,
): Promise<AttemptResult<OpenedStream, Failure>> {
	const controller = new AbortController();
	const deadline = AbortSignal.timeout(spec.timeoutMs);
	const abort = () => controller.abort();
	deadline.addEventListener('abort', abort, { once: true });
	spec.signal?.addEventListener('abort', abort, { once: true });
	const close = () => {
		spec.signal?.removeEventListener('abort', abort);
		controller.abort();
	};
	let open = false;
	try {
		const opened = await openResponse(send, spec, controller.signal, deadline);
		if (!opened.ok) return opened;
		const { response, url } = opened;
		if (!isSuccess(response.statusCode)) {
			const body = await readAll(response.body).catch(() => '');
			return { ok: false, failure: httpFailure(response, body, spec) };
		}
		const type = response.headers?.['content-type'];
		const contentType = String(Array.isArray(type) ? type[0] : (type ?? '')).toLowerCase();
		open = true;
		return {
			ok: true,
			value: {
				url,
				status: response.statusCode,
				contentType,
				headers: (response.headers ?? {}) as Record<string, unknown>,
				body: response.body,
				close,
			},
		};
	} finally {
		deadline.removeEventListener('abort', abort);
		if (!open) close();
	}
}

/** An error sent inside the stream: the server's words, the hint for the status it names. */
function streamErrorDetails(
	error: StreamError,
	spec: AttemptSpec,
	chunks: number,
): ApiErrorDetails {
	const status = error.status ?? 500;
	const body = { error: error.message, error_type: error.errorType };
	const details = describeHttpError(status, body, { redact: spec.redact, server: spec.server });
	return {
		...details,
		description: `${details.description} The server sent this error inside its streamed answer (HTTP 200), after ${chunks} chunk${chunks === 1 ? '' : 's'}.`,
		httpCode: String(error.status ?? 200),
	};
}

/**
 * The chunks of an opened stream, as they arrive, framed and read as the task's `format` says.
 * Ends at the format's end (`[DONE]`, or the end of a stream whose answer finished); throws a
 * StreamFailure otherwise, or `spec.cancelled()` on cancel. The connection is closed however the
 * reading ends, the caller stopping early included.
 */
export async function* streamChunks(
	stream: OpenedStream,
	spec: AttemptSpec,
	format: StreamFormat,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
	const where = `${spec.method} ${displayUrl(stream.url)}`;
	const idle = { stalled: false };
	const pieces = timedPieces(piecesOf(stream.body), spec.timeoutMs, () => {
		idle.stalled = true;
		stream.close();
	});
	let chunks = 0;
	let finished = false;
	try {
		if (!stream.contentType.includes(format.contentType)) {
			const text = await readAll(pieces);
			const json = toJsonObject(text);
			const whole = json && format.whole(json);
			if (!whole) {
				throw new StreamFailure(
					describeUnexpectedBody(
						where,
						stream.status,
						text,
						{ 'content-type': stream.contentType },
						spec.redact,
					),
				);
			}
			yield whole;
			return;
		}
		const decoder = format.decoder();
		for (let piece = await pieces.next(); ; piece = await pieces.next()) {
			const events = piece.done ? decoder.end() : decoder.push(piece.value);
			for (const event of events) {
				const data = format.read(event);
				if (data.kind === 'done') return;
				if (data.kind === 'error')
					throw new StreamFailure(streamErrorDetails(data.error, spec, chunks));
				chunks++;
				if (format.finishes(data.chunk)) finished = true;
				yield data.chunk;
			}
			if (piece.done) break;
		}
		if (!finished) {
			throw new StreamFailure({
				message: `The streamed answer from ${displayUrl(stream.url)} ended before it was complete (after ${chunks} chunks, without [DONE] or a finish reason)`,
				description:
					'The server or a proxy closed the stream early. Try again; if it keeps happening, check the server.',
				httpCode: 'ANSWER_CUT_OFF',
			});
		}
	} catch (error) {
		throw failureOf(error, stream, spec, idle.stalled, chunks);
	} finally {
		stream.close();
	}
}

/** Why reading the stream failed: our error as it is, a cancel, a stall, or a broken connection. */
function failureOf(
	error: unknown,
	stream: OpenedStream,
	spec: AttemptSpec,
	stalled: boolean,
	chunks: number,
): Error {
	if (error instanceof StreamFailure) return error;
	if (spec.signal?.aborted) return spec.cancelled();
	if (stalled) {
		return new StreamFailure({
			message: `The streamed answer from ${displayUrl(stream.url)} stalled: nothing arrived for ${spec.timeoutMs} ms (the Timeout option), after ${chunks} chunks`,
			description:
				'The server stopped sending in the middle of its answer. Try again, or raise the Timeout option if the model pauses that long between tokens.',
			httpCode: 'ECONNABORTED',
		});
	}
	const details = describeNetworkError(
		findErrorCode(error),
		stream.url,
		spec.redact((error as Error)?.message ?? ''),
	);
	return new StreamFailure({
		...details,
		message: `The streamed answer broke off after ${chunks} chunks: ${details.message}`,
	});
}
