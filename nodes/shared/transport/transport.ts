/**
 * The only way this package talks HTTP: each kind of request is the request core's one loop
 * (core.ts) with its own way of reading an attempt's answer.
 */
import type { IDataObject } from 'n8n-workflow';

import { mapInOrder } from './concurrency';
import type { TgiConnection, TgiContext } from './connection';
import {
	cancelled,
	type RequestKind,
	sendWithRetries,
	type TgiRequest,
	type Traffic,
} from './core';
import { sendAttemptWithHeaders, sendJsonAttempt } from './httpAttempt';
import { NO_RETRIES } from './retry';
import { type OpenedStream, openStreamAttempt, StreamFailure, streamChunks } from './stream';

export {
	CREDENTIAL_TYPE,
	getConnection,
	serverKey,
	type TgiConnection,
	type TgiContext,
} from './connection';
export { cancelled, type ServerConnection, type TgiRequest, type Traffic } from './core';

/** An answer read whole: its JSON object, and the headers that came with it. */
export interface JsonResponse {
	body: Record<string, unknown>;
	headers: Record<string, unknown>;
}

/** Answered with one JSON object, read whole, with its headers. */
const JSON_ANSWER: RequestKind<JsonResponse> = { stream: false, attempt: sendAttemptWithHeaders };
/** Answered with JSON, an object or a list (TEI's /embed and /rerank answer lists). */
const JSON_VALUE_ANSWER: RequestKind<Record<string, unknown> | unknown[]> = {
	stream: false,
	attempt: sendJsonAttempt,
};
/** Answered with an event stream, opened by the attempt and read by the caller as it arrives. */
const STREAMED_ANSWER: RequestKind<OpenedStream> = { stream: true, attempt: openStreamAttempt };

/** A request answered with one JSON object, with its headers. Without `traffic`: one attempt, no limit. */
export async function tgiApiResponse(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	traffic: Traffic = { retry: NO_RETRIES },
): Promise<JsonResponse> {
	const send = sendWithRetries<JsonResponse>;
	const sent = await send.call(this, connection, request, traffic, JSON_ANSWER);
	sent.permit.release('ok');
	return sent.value;
}

/** A request answered with one JSON object. Without `traffic` (the editor's lists): one attempt, no limit. */
export async function tgiApiRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	traffic: Traffic = { retry: NO_RETRIES },
): Promise<IDataObject> {
	return (await tgiApiResponse.call(this, connection, request, traffic)).body as IDataObject;
}

/** A request answered with JSON, an object or a list (the Hub's model search answers a list). One attempt. */
export async function tgiJsonRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
): Promise<Record<string, unknown> | unknown[]> {
	const send = sendWithRetries<Record<string, unknown> | unknown[]>;
	const sent = await send.call(this, connection, request, { retry: NO_RETRIES }, JSON_VALUE_ANSWER);
	sent.permit.release('ok');
	return sent.value;
}

/**
 * A request answered with an event stream (`"stream": true`): its chunks, as they arrive. A
 * failure before the first byte is retried like any request; the slots are held while streaming.
 */
export async function* tgiStreamRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	traffic: Traffic,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
	const send = sendWithRetries<OpenedStream>;
	const sent = await send.call(this, connection, request, traffic, STREAMED_ANSWER);
	let complete = false;
	try {
		yield* streamChunks(sent.value, sent.spec);
		complete = true;
	} catch (error) {
		throw error instanceof StreamFailure ? sent.fail(error.details) : (error as Error);
	} finally {
		sent.permit.release(complete ? 'ok' : 'failed');
	}
}

/** How the batches of one call are sent and read. */
export interface BatchPlan<T> {
	/** Batches in flight at once. */
	workers: number;
	/** Reads one batch's answer (may throw). */
	read: (answer: Record<string, unknown> | unknown[], index: number) => T;
	/** A batch's failure as it should be thrown: saying which texts it carried. */
	failed?: (error: unknown, index: number) => unknown;
}

/**
 * The batches of one call (an embeddings or rerank call cut into requests the server takes), at
 * most `plan.workers` at once: each takes a slot of the execution's limit and of the server's
 * budget and is retried on its own, and its answer is read as it arrives. Resolves with the read
 * values in the requests' order. The first failure cancels the batches still in flight, sends no
 * more, and is thrown.
 */
export async function tgiBatchRequest<T>(
	this: TgiContext,
	connection: TgiConnection,
	requests: TgiRequest[],
	traffic: Traffic,
	plan: BatchPlan<T>,
): Promise<T[]> {
	const stop = new AbortController();
	const signal = traffic.signal ? AbortSignal.any([traffic.signal, stop.signal]) : stop.signal;
	const send = sendWithRetries<Record<string, unknown> | unknown[]>;
	const batch = async (index: number) => {
		try {
			const request = requests[index];
			const sent = await send.call(
				this,
				connection,
				request,
				{ ...traffic, signal },
				JSON_VALUE_ANSWER,
			);
			sent.permit.release('ok');
			return plan.read(sent.value, index);
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
