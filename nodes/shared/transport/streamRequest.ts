/**
 * The streamed chat completion request of the Chat Model sub-node, through the same transport as
 * every other request: n8n's HTTP helper (the body handed back as a stream), the credential, the
 * redaction, the retry policy for failures before the first byte, the execution's cancel signal.
 */
import { acquireAll, type Permit } from './concurrency';
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
	const send = helperSend.call(this, connection, request, spec.timeoutMs, true);
	// The server's shared budget (Max Concurrent Requests): a slot per attempt, held while streaming.
	let held: Permit | undefined;
	const attempt = async () => {
		const permit = await acquireAll([connection.budget], signal);
		let opened = false;
		try {
			const result = await openStreamAttempt(send, spec);
			opened = result.ok;
			if (result.ok) held = permit;
			else permit.release(result.failure.status === 429 ? 'throttled' : 'failed');
			return result;
		} finally {
			if (!opened) permit.release('failed'); // only when the attempt threw
		}
	};
	const outcome = await withRetries(attempt, traffic.retry, async (ms) => {
		await pause(this.getNode(), ms, signal);
	});
	if (!outcome.ok) throw fail(finalDetails(outcome));
	let complete = false;
	try {
		yield* streamChunks(outcome.value, spec);
		complete = true;
	} catch (error) {
		throw error instanceof StreamFailure ? fail(error.details) : (error as Error);
	} finally {
		held?.release(complete ? 'ok' : 'failed');
	}
}
