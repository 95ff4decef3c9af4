/**
 * The only way this package talks HTTP: one door for a task's request, one for the batches of a
 * call. The request says how its answer comes back (`answer`: one JSON object, an object or a
 * list, a stream in the task's format); each is the request core's one loop (core.ts) with its
 * own way of reading an attempt's answer.
 */
import type { AnswerKind } from '../dialects/types';
import type { StreamFormat } from '../wire/sse';
import { mapInOrder } from './concurrency';
import type { Connection, NodeContext } from './connection';
import {
	cancelled,
	type RequestKind,
	type Sent,
	sendWithRetries,
	type ServerRequest,
	type Traffic,
} from './core';
import { type JsonResponse, objectAttempt, valueAttempt } from './httpAttempt';
import { NO_RETRIES } from './retry';
import { type OpenedStream, openStreamAttempt, StreamFailure, streamChunks } from './stream';

export {
	CREDENTIAL_TYPE,
	type Connection,
	getConnection,
	type NodeContext,
	readAnswer,
	redactedAnswerError,
	serverKey,
} from './connection';
export { cancelled, type ServerConnection, type ServerRequest, type Traffic } from './core';
export type { JsonResponse } from './httpAttempt';

/**
 * A request's answer: its body — a JSON object (unless said), an object or a list (`value`), or
 * the stream's chunks as they arrive (`stream`: read it to the end, or stop it with `return()`,
 * which a `for await` does, so the connection and the slots are given back) — and its headers.
 * The task that built the request reads the body (its `read`).
 */
export interface Answer {
	body: unknown;
	headers: Record<string, unknown>;
}

const WHOLE: Record<Exclude<AnswerKind, 'stream'>, RequestKind<JsonResponse<unknown>>> = {
	object: { stream: false, attempt: objectAttempt },
	value: { stream: false, attempt: valueAttempt },
};
const STREAMED: RequestKind<OpenedStream> = { stream: true, attempt: openStreamAttempt };

/** A streamed answer's chunks, as they arrive; the slots are held until the stream ends. */
async function* chunksOf(
	sent: Sent<OpenedStream>,
	format: StreamFormat,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
	let complete = false;
	try {
		yield* streamChunks(sent.value, sent.spec, format);
		complete = true;
	} catch (error) {
		throw error instanceof StreamFailure ? sent.fail(error.details) : (error as Error);
	} finally {
		sent.permit.release(complete ? 'ok' : 'failed');
	}
}

/**
 * A task's request (dialects: `servedTask(…).request(…)`, with the node's timeout and item), sent
 * until it succeeds or the retry policy says stop, and answered as its `answer` says. A stream is
 * opened here (a failure before its first byte is retried like any request) and read by the
 * caller. Without `traffic` (the editor's lists, detection): one attempt, no limit.
 */
export async function sendRequest(
	this: NodeContext,
	connection: Connection,
	request: ServerRequest,
	traffic: Traffic = { retry: NO_RETRIES },
): Promise<Answer> {
	if (request.answer === 'stream') {
		const { format } = request;
		if (!format) throw new TypeError(`${request.path}: a streamed request needs its format`);
		const send = sendWithRetries<OpenedStream>;
		const sent = await send.call(this, connection, request, traffic, STREAMED);
		return { body: chunksOf(sent, format), headers: sent.value.headers };
	}
	const send = sendWithRetries<JsonResponse<unknown>>;
	const sent = await send.call(
		this,
		connection,
		request,
		traffic,
		WHOLE[request.answer ?? 'object'],
	);
	sent.permit.release('ok');
	return sent.value;
}

/** How the batches of one call are read. */
export interface BatchPlan<T> {
	/** Batches in flight at once. */
	workers: number;
	/** Reads one batch's answer, an object or a list (may throw). */
	read: (answer: unknown, index: number) => T;
	/** A batch's failure as it should be thrown: saying which texts it carried. */
	failed?: (error: unknown, index: number) => unknown;
}

/**
 * The batches of one call (an embeddings or rerank call cut into requests the server takes), at
 * most `plan.workers` at once: each takes a slot of the execution's limit and of the server's
 * budget and is retried on its own, and its answer (an object or a list) is read as it arrives.
 * Resolves with the read values in the requests' order. The first failure cancels the batches
 * still in flight, sends no more, and is thrown.
 */
export async function sendBatchRequests<T>(
	this: NodeContext,
	connection: Connection,
	requests: ServerRequest[],
	traffic: Traffic,
	plan: BatchPlan<T>,
): Promise<T[]> {
	const stop = new AbortController();
	const signal = traffic.signal ? AbortSignal.any([traffic.signal, stop.signal]) : stop.signal;
	const batch = async (index: number) => {
		try {
			const request = { ...requests[index], answer: 'value' as const };
			const { body } = await sendRequest.call(this, connection, request, { ...traffic, signal });
			return plan.read(body, index);
		} catch (error) {
			throw plan.failed ? plan.failed(error, index) : error;
		}
	};
	const { results, firstFailure } = await mapInOrder(requests.length, plan.workers, batch, {
		signal,
		onError: () => stop.abort(),
	});
	if (firstFailure !== undefined) throw (results[firstFailure] as { error: unknown }).error;
	if (traffic.signal?.aborted) throw cancelled(this.getNode());
	return results.map((result) => (result as { value: T }).value);
}
