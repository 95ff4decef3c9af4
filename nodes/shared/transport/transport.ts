import type {
	IDataObject,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ServerProfile } from '../wire/dialect';
import { acquireAll, type AdaptiveLimit } from './concurrency';
import { CREDENTIAL_TYPE, type TgiConnection, type TgiContext } from './connection';
import type { ApiErrorDetails } from './errors';
import { type AttemptSpec, type Failure, type Send, sendAttempt } from './httpAttempt';
import { secretRedactor } from './redact';
import {
	type AttemptResult,
	attemptsHistory,
	attemptsSummary,
	NO_RETRIES,
	type RetryOutcome,
	type RetryPolicy,
	withRetries,
} from './retry';
import { readTimeout } from './trafficSettings';
import { apiUrl, baseUrlProblem, rootUrl } from './url';

export {
	CREDENTIAL_TYPE,
	getConnection,
	serverKey,
	type TgiConnection,
	type TgiContext,
} from './connection';

/** How one node execution sends: its retry policy, its in-flight limit and its cancel signal. */
export interface Traffic {
	retry: RetryPolicy;
	limiter?: AdaptiveLimit;
	signal?: AbortSignal;
}

/** A connection whose server's dialect is known: what the operations send with. */
export type ServerConnection = TgiConnection & { server: ServerProfile };

export interface TgiRequest {
	method: IHttpRequestMethods;
	/** Path below `{baseUrl}/{apiVersion}`, e.g. `chat/completions`; below `{baseUrl}` with `root`. */
	path: string;
	/** TGI's native routes (generate, info) sit at the server root, outside the API version. */
	root?: boolean;
	/** Hints for this route by HTTP status, in place of the general ones. */
	hints?: Partial<Record<number, string>>;
	body?: IDataObject;
	/** The Timeout option as the user set it (checked here): ms for the whole request; 10 minutes when not set. */
	timeout?: unknown;
	itemIndex?: number;
}

/** What every request of a cancelled execution ends with. */
export const cancelled = (node: INode) =>
	new NodeOperationError(node, 'The execution was cancelled');

/** n8n's sleep, cut short by the cancel signal (n8n 1.x's sleep takes no signal, hence the race). */
export async function pause(node: INode, ms: number, signal?: AbortSignal): Promise<void> {
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
export function helperSend(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	timeoutMs: number,
	stream = false,
): Send {
	const credentialsDecrypted = connection.decrypted;
	return async (url, signal) => {
		const context = Object.create(this, {
			getExecutionCancelSignal: { value: () => signal },
		}) as TgiContext;
		return (await this.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			{
				method: request.method,
				url,
				body: request.body,
				json: true,
				// An event stream comes back as the response itself, to be read as it arrives.
				...(stream
					? { encoding: 'stream' as const, headers: { Accept: 'text/event-stream' } }
					: {}),
				timeout: timeoutMs,
				abortSignal: signal,
				disableFollowRedirect: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
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

/** A Base URL that can't be used fails before anything is sent. */
function checkBaseUrl(connection: TgiConnection, fail: (details: ApiErrorDetails) => Error): void {
	const problem = baseUrlProblem(connection.baseUrl);
	if (problem) {
		throw fail({
			message: problem,
			description: 'Fix the Base URL in the credential.',
			httpCode: 'INVALID_URL',
		});
	}
}

/** The final failure, with how many attempts were made and why they stopped. */
export function finalDetails(
	outcome: Extract<RetryOutcome<IDataObject, Failure>, { ok: false }>,
): ApiErrorDetails {
	const { details } = outcome.failure;
	if (outcome.attempts <= 1 && !outcome.reason) return details;
	return {
		...details,
		message: `${details.message}${attemptsSummary(outcome)}`,
		description: `${details.description}${attemptsHistory(outcome)}`,
	};
}

/**
 * What every request starts from: the Base URL checked, the Timeout read, the URL, and how a
 * failure becomes n8n's error (redacted). Nothing is sent yet.
 */
export function prepareRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	signal?: AbortSignal,
): { spec: AttemptSpec; fail: (details: ApiErrorDetails) => NodeApiError } {
	const redact = secretRedactor(connection.apiKey);
	const fail = (details: ApiErrorDetails) =>
		requestError(this.getNode(), details, redact, request.itemIndex);
	checkBaseUrl(connection, fail);
	const spec: AttemptSpec = {
		method: request.method,
		url: request.root ? rootUrl(connection, request.path) : apiUrl(connection, request.path),
		baseUrl: connection.baseUrl,
		timeoutMs: readTimeout(request.timeout),
		signal,
		cancelled: () => cancelled(this.getNode()),
		hints: request.hints,
		redact,
		server: connection.server,
	};
	return { spec, fail };
}

/**
 * The only way this package talks HTTP. Retries what the policy allows (429, 502-504, resets,
 * timeouts), holds a slot of the execution's in-flight limit per attempt, and stops on cancel.
 */
export async function tgiApiRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
	/** How to send; without it (the editor's model list): one attempt, no limit, no cancel. */
	traffic: Traffic = { retry: NO_RETRIES },
): Promise<IDataObject> {
	const { retry, limiter, signal } = traffic;
	const { spec, fail } = prepareRequest.call(this, connection, request, signal);
	const send = helperSend.call(this, connection, request, spec.timeoutMs);

	const attempt = async (): Promise<AttemptResult<IDataObject, Failure>> => {
		const permit = await acquireAll([limiter, connection.budget], signal);
		try {
			const result = (await sendAttempt(send, spec)) as AttemptResult<IDataObject, Failure>;
			permit.release(result.ok ? 'ok' : result.failure.status === 429 ? 'throttled' : 'failed');
			return result;
		} finally {
			permit.release('failed'); // only when the attempt threw: a permit is released once
		}
	};
	const outcome = await withRetries(
		attempt,
		retry,
		async (ms) => await pause(this.getNode(), ms, signal),
	);
	if (outcome.ok) return outcome.value;
	throw fail(finalDetails(outcome));
}
