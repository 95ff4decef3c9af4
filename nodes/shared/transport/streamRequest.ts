/**
 * The streamed chat completion request of the Chat Model sub-node, through the same transport as
 * every other request: n8n's HTTP helper (the body handed back as a stream), the credential, the
 * redaction, the retry policy for failures before the first byte, the execution's cancel signal.
 */
import { withRetries } from './retry';
import { openStreamAttempt, StreamFailure, streamChunks } from './stream';
import {
	finalDetails,
	helperSend,
	pause,
	prepareRequest,
	type TgiConnection,
	type TgiContext,
	type TgiRequest,
	type Traffic,
} from './transport';

/** `POST {Base URL}/{API Version}/{path}` with a streamed answer: its chunks, as they arrive. */
export async function* tgiStreamRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	traffic: Traffic,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
	const { signal } = traffic;
	const { spec, fail } = prepareRequest.call(this, connection, request, signal);
	const send = helperSend.call(this, request, spec.timeoutMs, true);
	const outcome = await withRetries(
		async () => await openStreamAttempt(send, spec),
		traffic.retry,
		async (ms) => await pause(this.getNode(), ms, signal),
	);
	if (!outcome.ok) throw fail(finalDetails(outcome));
	try {
		yield* streamChunks(outcome.value, spec);
	} catch (error) {
		throw error instanceof StreamFailure ? fail(error.details) : (error as Error);
	}
}
