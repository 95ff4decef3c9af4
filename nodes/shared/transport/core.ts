/**
 * The request core: the one loop every request goes through — plain, streamed or batched. Per
 * attempt it takes a slot of the execution's own limit and of the server's shared budget, sends
 * through n8n's helper, gives the slots back (a 429 as "throttled"), and retries with a pause
 * while the policy allows; the final failure carries every attempt's outcome, redacted.
 */
import type { IDataObject, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../defaults';
import type { ServerProfile, TaskRequest } from '../dialects/types';
import { acquireAll, type AdaptiveLimit, type Permit } from './concurrency';
import { CREDENTIAL_TYPE, type Connection, type NodeContext, redactorFor } from './connection';
import type { ApiErrorDetails } from './errors';
import type { AttemptSpec, Failure, Send } from './httpAttempt';
import {
	type AttemptResult,
	attemptsHistory,
	attemptsSummary,
	type RetryOutcome,
	type RetryPolicy,
	withRetries,
} from './retry';
import { checkAddress, type CredentialFieldError, FIX_FIELD } from './credentialFields';
import { apiUrl, rootUrl } from './url';

/** How one node execution sends: its retry policy, its in-flight limit and its cancel signal. */
export interface Traffic {
	retry: RetryPolicy;
	limiter?: AdaptiveLimit;
	signal?: AbortSignal;
}

/** A connection whose server's dialect is known: what the operations send with. */
export type ServerConnection = Connection & { server: ServerProfile };

/**
 * A request as the transport sends it: a task's request (its route, body, answer and format; see
 * dialects/types.ts), with the node's timeout and item, or an absolute address outside the server.
 */
export interface ServerRequest extends TaskRequest {
	/**
	 * An absolute address outside the credential's server instead of `path` (the Hub's model search):
	 * sent without the credential — no API key, no Custom Headers — so nothing of it leaves.
	 */
	url?: string;
	/** The whole request, in ms, already read and checked (settings/traffic.ts); 10 minutes when not set. */
	timeoutMs?: number;
	itemIndex?: number;
}

/** What every request of a cancelled execution ends with. */
export const cancelled = (node: INode) =>
	new NodeOperationError(node, 'The execution was cancelled');

/** n8n's sleep, cut short by the cancel signal (n8n 1.x's sleep takes no signal, hence the race). */
async function pause(node: INode, ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw cancelled(node);
	let onAbort = () => {};
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(cancelled(node));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms, signal), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/**
 * One HTTP request through n8n's helper, so proxies, SSL settings and auth apply. Redirects are
 * not followed by the client (httpAttempt follows same-origin ones), and `signal` reaches the
 * socket: n8n 2.x's helper swaps a request's abortSignal for the execution's cancel signal, so it
 * is handed the context it asks that signal of.
 */
function helperSend(
	this: NodeContext,
	connection: Connection,
	request: ServerRequest,
	timeoutMs: number,
	stream: boolean,
): Send {
	const credentialsDecrypted = connection.decrypted;
	return async (url, signal) => {
		const context = Object.create(this, {
			getExecutionCancelSignal: { value: () => signal },
		}) as NodeContext;
		const options = {
			method: request.method,
			url,
			body: request.body as IDataObject | undefined,
			json: true,
			// A stream comes back as the response itself, to be read as it arrives.
			...(stream
				? { encoding: 'stream' as const, headers: { Accept: request.format?.contentType ?? '*/*' } }
				: {}),
			timeout: timeoutMs,
			abortSignal: signal,
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		if (request.url)
			return (await this.helpers.httpRequest.call(context, options)) as IN8nHttpFullResponse;
		return (await this.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			credentialsDecrypted ? { credentialsDecrypted } : undefined,
		)) as IN8nHttpFullResponse;
	};
}

/** A failed request as n8n's error, redacted: the server's words, the hint, the status. */
function requestError(
	node: INode,
	details: ApiErrorDetails,
	redact: (value: string) => string,
	itemIndex?: number,
): NodeApiError {
	const safe = { message: redact(details.message), description: redact(details.description) };
	// A plain object, never the HTTP client's error: that one carries the request headers.
	const error = new NodeApiError(node, { ...safe, httpCode: details.httpCode } as JsonObject, {
		...safe,
		httpCode: details.httpCode,
		itemIndex,
	});
	// NodeApiError swaps messages that mention a network code for generic wording; keep ours.
	error.message = safe.message;
	return error;
}

/** The final failure, with how many attempts were made and why they stopped. */
function finalDetails(outcome: Extract<RetryOutcome<unknown, Failure>, { ok: false }>) {
	const { details } = outcome.failure;
	if (outcome.attempts <= 1 && !outcome.reason) return details;
	return {
		...details,
		message: `${details.message}${attemptsSummary(outcome)}`,
		description: `${details.description}${attemptsHistory(outcome)}`,
	};
}

/**
 * A kind of request: how one attempt is sent and its answer read — a JSON object, or a stream held
 * open for its reader. Plain, streamed and batched requests are kinds of the one loop below.
 */
export interface RequestKind<T> {
	/** The answer comes back as a stream (n8n's helper with `encoding: "stream"`). */
	stream: boolean;
	attempt: (send: Send, spec: AttemptSpec) => Promise<AttemptResult<T, Failure>>;
}

/** A request that succeeded: its value, the slots it still holds, and how a later failure reads. */
export interface Sent<T> {
	value: T;
	/** Released by the caller once the answer is read: at once, or when a stream ends. */
	permit: Permit;
	spec: AttemptSpec;
	fail: (details: ApiErrorDetails) => NodeApiError;
}

/**
 * The one loop: sends `request` as its `kind` says until it succeeds or the retry policy says stop
 * (429, 502-504, resets, timeouts), one slot of the execution's limit and of the server's shared
 * budget per attempt, stopping on cancel. Fails with n8n's error, redacted, naming every attempt.
 */
export async function sendWithRetries<T>(
	this: NodeContext,
	connection: Connection,
	request: ServerRequest,
	traffic: Traffic,
	kind: RequestKind<T>,
): Promise<Sent<T>> {
	const { retry, limiter, signal } = traffic;
	const redact = redactorFor(connection);
	const fail = (details: ApiErrorDetails) =>
		requestError(this.getNode(), details, redact, request.itemIndex);
	try {
		checkAddress(connection);
	} catch (error) {
		const { field, message } = error as CredentialFieldError;
		throw fail({ message, description: FIX_FIELD[field], httpCode: 'INVALID_URL' });
	}
	const spec: AttemptSpec = {
		method: request.method,
		url:
			request.url ??
			(request.root ? rootUrl(connection, request.path) : apiUrl(connection, request.path)),
		baseUrl: request.url ? new URL(request.url).origin : connection.baseUrl,
		timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		signal,
		cancelled: () => cancelled(this.getNode()),
		hints: request.hints,
		redact,
		// An address outside the credential's server (the Hub) is not described as that server.
		server: request.url ? undefined : connection.server,
	};
	const send = helperSend.call(this, connection, request, spec.timeoutMs, kind.stream);

	let held: Permit | undefined;
	const once = async (): Promise<AttemptResult<T, Failure>> => {
		const permit = await acquireAll([limiter, connection.budget], signal);
		let kept = false;
		try {
			const result = await kind.attempt(send, spec);
			if (result.ok) [held, kept] = [permit, true];
			else permit.release(result.failure.status === 429 ? 'throttled' : 'failed');
			return result;
		} finally {
			if (!kept) permit.release('failed'); // only when the attempt threw: a permit is released once
		}
	};
	const outcome = await withRetries(once, retry, async (ms) => {
		await pause(this.getNode(), ms, signal);
	});
	if (!outcome.ok) throw fail(finalDetails(outcome));
	return { value: outcome.value, permit: held as Permit, spec, fail };
}
