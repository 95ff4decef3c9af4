/**
 * The only way this package talks HTTP: each kind of request is the request core's one loop
 * (core.ts) with its own way of reading an attempt's answer.
 */
import type { IDataObject } from 'n8n-workflow';

import type { TgiConnection, TgiContext } from './connection';
import { type RequestKind, sendWithRetries, type TgiRequest, type Traffic } from './core';
import { sendAttempt } from './httpAttempt';
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

/** Answered with one JSON object, read whole. */
const JSON_ANSWER: RequestKind<Record<string, unknown>> = { stream: false, attempt: sendAttempt };
/** Answered with an event stream, opened by the attempt and read by the caller as it arrives. */
const STREAMED_ANSWER: RequestKind<OpenedStream> = { stream: true, attempt: openStreamAttempt };

/** A request answered with one JSON object. Without `traffic` (the editor's lists): one attempt, no limit. */
export async function tgiApiRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	traffic: Traffic = { retry: NO_RETRIES },
): Promise<IDataObject> {
	const send = sendWithRetries<Record<string, unknown>>;
	const sent = await send.call(this, connection, request, traffic, JSON_ANSWER);
	sent.permit.release('ok');
	return sent.value as IDataObject;
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
