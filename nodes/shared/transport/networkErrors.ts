/** Requests that got no complete HTTP answer: refused, unresolvable, reset, timed out, cut off. */

import type { ApiErrorDetails } from './errors';
import { clip } from './errors';
import { displayUrl } from './url';

const NETWORK_HINTS: Record<string, string> = {
	ECONNREFUSED:
		"connection refused: is the server running, and are the Base URL's host and port right?",
	ENOTFOUND: 'host not found: check the Base URL',
	EAI_AGAIN: 'host name lookup failed: check the Base URL and the network',
	ECONNRESET: 'the connection was reset by the server or a proxy',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'no answer within the Timeout option',
	ERR_CANCELED: 'the request was cancelled',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed TLS certificate',
	EHOSTUNREACH: 'the host is unreachable: check the Base URL and the network',
	EADDRNOTAVAIL: 'the address is not available: check the Base URL',
	EPIPE: 'the connection was closed while the request was being sent',
};

/** The codes n8n's NodeError replaces a whole message for (n8n-workflow's COMMON_ERRORS). */
export const N8N_REWRITTEN_CODES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'ERRADDRINUSE',
	'EADDRNOTAVAIL',
	'ECONNABORTED',
	'EHOSTUNREACH',
	'EAI_AGAIN',
	'ENOENT',
	'EISDIR',
	'ENOTDIR',
	'EACCES',
	'EEXIST',
	'EPERM',
	'GETADDRINFO',
];

const N8N_REWRITES = new RegExp(N8N_REWRITTEN_CODES.join('|'), 'i');

/** Whether n8n would swap a whole message that holds this code for its own generic sentence. */
export const n8nRewrites = (code: string) => N8N_REWRITES.test(code);

/**
 * The request never got an HTTP answer: refused, unresolvable host, reset, timeout. The message
 * says it in words, never with a code n8n knows (ECONNRESET, ENOENT…): n8n swaps a message that
 * holds one for its own generic sentence, losing the address and the cause.
 */
export function describeNetworkError(
	code: string | undefined,
	url: string,
	fallback = 'the request failed',
): ApiErrorDetails {
	const known = code && NETWORK_HINTS[code];
	const reason = known || (code && !n8nRewrites(code) ? `${fallback} (${code})` : fallback);
	return {
		message: `Could not reach ${displayUrl(url)}: ${reason}`,
		description:
			"No HTTP answer came back. Check the credential's Base URL and API Version, the network between n8n and the server, and the node's Timeout option.",
		httpCode: code ?? 'NETWORK_ERROR',
	};
}

/**
 * n8n 1.x's request helper wraps network errors in a NodeApiError that keeps no cause: the code
 * is left in its `httpCode` ("ECONNRESET"), and its message is one of n8n's own sentences. Both
 * are read back; the sentences also cover wrappers that drop `httpCode`.
 */
const N8N_NETWORK_MESSAGES: Array<[RegExp, string]> = [
	[/^The connection was aborted, perhaps the server is offline/, 'ECONNABORTED'],
	[/^The connection to the server was closed unexpectedly/, 'ECONNRESET'],
	[/^The connection timed out/, 'ETIMEDOUT'],
	[/^The service refused the connection/, 'ECONNREFUSED'],
	[
		/^The connection cannot be established, this usually occurs due to an incorrect host/,
		'ENOTFOUND',
	],
	[/^The host is unreachable/, 'EHOSTUNREACH'],
	[/^The DNS server returned an error/, 'EAI_AGAIN'],
	[/^socket hang up$/, 'ECONNRESET'],
	[/^(timeout of \d+ms exceeded|aborted)$/, 'ECONNABORTED'],
];

const CODE = /^(E[A-Z_]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)$/;

/** The error itself and what it wraps (`cause`, and the `error` n8n 1.x's request errors keep). */
function* causeChain(error: unknown): Generator<Record<string, unknown>> {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
		const link = current as Record<string, unknown>;
		yield link;
		current = link.cause ?? (typeof link.error === 'object' ? link.error : undefined);
	}
}

/** The network error code (ECONNREFUSED, ENOTFOUND, …) anywhere on an error's cause chain. */
export function findErrorCode(error: unknown): string | undefined {
	for (const link of causeChain(error)) {
		if (typeof link.code === 'string' && CODE.test(link.code)) return link.code;
		if (typeof link.httpCode === 'string' && CODE.test(link.httpCode)) return link.httpCode;
	}
	for (const link of causeChain(error)) {
		const message = typeof link.message === 'string' ? link.message : '';
		const known = N8N_NETWORK_MESSAGES.find(([pattern]) => pattern.test(message));
		if (known) return known[1];
	}
	return undefined;
}

/**
 * The HTTP status of an answer that did arrive before the request failed (a body cut off midway):
 * the client error's `response.status`, or (n8n 1.x keeps nothing else) the wrapper's `httpCode`.
 */
export function findResponseStatus(error: unknown): number | undefined {
	for (const link of causeChain(error)) {
		const response = link.response as { status?: unknown } | undefined;
		if (typeof response?.status === 'number') return response.status;
		if (typeof link.httpCode === 'string' && /^\d{3}$/.test(link.httpCode))
			return Number(link.httpCode);
	}
	return undefined;
}

/** The whole request (connect to last byte, redirects included) took longer than the Timeout option. */
export function describeTimeout(url: string, timeoutMs: number): ApiErrorDetails {
	return {
		message: `No complete answer from ${displayUrl(url)} within the Timeout option (${timeoutMs} ms)`,
		description:
			'The Timeout caps the whole request, from connecting to the last byte of the answer. A slow model or a long answer needs a larger Timeout (Options › Timeout); a server that sends its answer very slowly, or not at all, is not fixed by waiting.',
		httpCode: 'ECONNABORTED',
	};
}

/** The server started an answer (status and headers arrived), then closed the connection midway. */
export function describeCutOff(url: string, status: number): ApiErrorDetails {
	return {
		message: `The answer from ${displayUrl(url)} was cut off: the server sent HTTP ${status}, then closed the connection before the whole body arrived`,
		description:
			"The server or a proxy in between ended the connection mid-answer (a crash, a restart, or a proxy's time or size limit). It is retried like a reset connection; if it keeps happening, check the server's logs and the proxy's limits.",
		httpCode: 'ANSWER_CUT_OFF',
	};
}

const looksLikeEventStream = (text: string) => /^\s*(data|event|id|retry):|^:/.test(text);

/** A 2xx answer that is not a JSON object: a stream nobody asked for, an HTML page, plain text. */
export function describeUnexpectedBody(
	request: string,
	status: number,
	body: unknown,
	headers: Record<string, unknown> | undefined,
	redact: (value: string) => string,
): ApiErrorDetails {
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: JSON.stringify(body ?? '');
	const quoted = clip(redact(text), 200);
	if (
		String(headers?.['content-type'] ?? '').includes('text/event-stream') ||
		looksLikeEventStream(text)
	) {
		return {
			message:
				'The server streamed its answer (Server-Sent Events) although the node asked for one JSON answer',
			description: `${request} answered HTTP ${status} with an event stream: ${JSON.stringify(quoted)}. The node does not ask for a stream; a server or proxy that always streams cannot be used here. Check the Base URL and API Version.`,
			httpCode: String(status),
		};
	}
	return {
		message: 'The server answered with a body that is not a JSON object',
		description: `${request} answered HTTP ${status} with: ${JSON.stringify(quoted)}. Check the Base URL and API Version.`,
		httpCode: String(status),
	};
}
