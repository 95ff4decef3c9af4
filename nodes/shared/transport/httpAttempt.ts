/**
 * One attempt of one request, through a `send` function (n8n's helper, in the transport): the
 * Timeout caps it from connect to last byte, redirects are followed only within the Base URL's
 * origin (the key goes nowhere else), and every way it can end is described for the user.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { type ApiErrorDetails, describeHttpError } from './errors';
import {
	describeCutOff,
	describeNetworkError,
	describeTimeout,
	describeUnexpectedBody,
	findErrorCode,
	findResponseStatus,
} from './networkErrors';
import type { ServerProfile } from '../dialects/types';
import { toJsonObject, toJsonValue } from '../wire/response';
import type { AttemptFailure, AttemptResult } from './retry';
import { displayUrl, redirectDecision } from './url';

/** Sends one HTTP request without following redirects; `signal` aborts it. */
export type Send = (url: string, signal: AbortSignal) => Promise<IN8nHttpFullResponse>;

export type Failure = AttemptFailure & { details: ApiErrorDetails };

export interface AttemptSpec {
	method: string;
	url: string;
	/** The credential's Base URL: the only origin the key is sent to. */
	baseUrl: string;
	/** The whole attempt, redirects included, in ms. */
	timeoutMs: number;
	/** Cancels the attempt (execution cancelled, or the node stopping): `cancelled()` is thrown. */
	signal?: AbortSignal;
	cancelled: () => Error;
	hints?: Partial<Record<number, string>>;
	/** Applied to every text taken from the server before it is cut short. */
	redact: (value: string) => string;
	/** The server's dialect when known, for the hints. */
	server?: ServerProfile;
}

/** The send, or the abort of `signal` (whichever comes first); the loser's outcome is dropped. */
async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	work.catch(() => {});
	let onAbort = () => {};
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason ?? new Error('aborted'));
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

const isRedirect = (status: number) => status >= 300 && status < 400 && status !== 304;

/** What an error thrown by the send means: timeout, an answer cut off mid-body, or no answer. */
function failureOf(error: unknown, url: string, spec: AttemptSpec, deadline: AbortSignal): Failure {
	const code = findErrorCode(error);
	// Our deadline, or the client's own timeout (ECONNABORTED) that may fire at the same moment.
	if (deadline.aborted || code === 'ECONNABORTED') {
		return { code: 'ECONNABORTED', details: describeTimeout(url, spec.timeoutMs) };
	}
	const status = findResponseStatus(error);
	if (status !== undefined && status >= 200 && status < 300) {
		return { code: 'ANSWER_CUT_OFF', details: describeCutOff(url, status) };
	}
	return {
		code,
		details: describeNetworkError(code, url, spec.redact((error as Error)?.message ?? '')),
	};
}

export type Opened =
	| { ok: true; response: IN8nHttpFullResponse; url: string }
	| { ok: false; failure: Failure };

/**
 * Sends until an answer that is not a redirect (same-origin redirects are followed, others refused).
 * `signal` aborts the send; `deadline` tells a timeout from other failures.
 */
export async function openResponse(
	send: Send,
	spec: AttemptSpec,
	signal: AbortSignal,
	deadline: AbortSignal,
): Promise<Opened> {
	let url = spec.url;
	for (let hops = 0; ; hops++) {
		let response: IN8nHttpFullResponse;
		try {
			response = await raceAbort(send(url, signal), signal);
		} catch (error) {
			if (spec.signal?.aborted) throw spec.cancelled();
			return { ok: false, failure: failureOf(error, url, spec, deadline) };
		}
		if (!isRedirect(response.statusCode)) return { ok: true, response, url };
		const { statusCode: status, headers } = response;
		const decision = redirectDecision(
			status,
			headers?.location,
			url,
			spec.baseUrl,
			spec.method,
			hops,
		);
		if (!decision.follow) {
			const details = {
				message: decision.problem,
				description: `${spec.method} ${displayUrl(url)} answered HTTP ${status}. Nothing was sent to the other address.`,
				httpCode: String(status),
			};
			return { ok: false, failure: { status, details } };
		}
		url = decision.url;
	}
}

/** A non-2xx answer as a failure: the server's words and the hint for its status and dialect. */
export function httpFailure(
	response: IN8nHttpFullResponse,
	body: unknown,
	spec: AttemptSpec,
): Failure {
	const { statusCode: status, headers } = response;
	const details = describeHttpError(status, body, {
		statusText: response.statusMessage,
		hints: spec.hints,
		redact: spec.redact,
		server: spec.server,
	});
	return { status, headers, body, details };
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * An attempt that sends once (following same-origin redirects) and reads the answer as JSON of the
 * shape `read` accepts (undefined: not that shape), or a failure.
 */
export function jsonAttempt<T>(
	read: (body: unknown, headers: Record<string, unknown>) => T | undefined,
) {
	return async (send: Send, spec: AttemptSpec): Promise<AttemptResult<T, Failure>> => {
		const deadline = AbortSignal.timeout(spec.timeoutMs);
		const signal = spec.signal ? AbortSignal.any([spec.signal, deadline]) : deadline;
		const opened = await openResponse(send, spec, signal, deadline);
		if (!opened.ok) return opened;
		const { response, url } = opened;
		const { statusCode: status, headers, body } = response;
		if (!isSuccess(status)) return { ok: false, failure: httpFailure(response, body, spec) };
		const value = read(body, (headers ?? {}) as Record<string, unknown>);
		if (value !== undefined) return { ok: true, value };
		const details = describeUnexpectedBody(
			`${spec.method} ${displayUrl(url)}`,
			status,
			body,
			headers,
			spec.redact,
		);
		return { ok: false, failure: { status, details } };
	};
}

/** An answer read whole: its JSON, and the headers that came with it. */
export interface JsonResponse<T = Record<string, unknown>> {
	body: T;
	headers: Record<string, unknown>;
}

/**
 * Sends once and reads the answer as a JSON object (chat, generate, info, models), with its headers
 * (the HF router names the provider that answered in one), or a failure.
 */
export const objectAttempt = jsonAttempt((body, headers): JsonResponse | undefined => {
	const json = toJsonObject(body);
	return json ? { body: json, headers } : undefined;
});

/** Sends once and reads the answer as a JSON object or list (TEI's /embed and /rerank, the Hub's search answer lists). */
export const valueAttempt = jsonAttempt(
	(body, headers): JsonResponse<Record<string, unknown> | unknown[]> | undefined => {
		const json = toJsonValue(body);
		return json === undefined ? undefined : { body: json, headers };
	},
);
