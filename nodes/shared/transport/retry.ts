/**
 * When to try a request again, and how long to wait first — one small policy in the spirit of
 * openai-node's retry code, with the waits TGI, the HF router and scaled-to-zero endpoints ask for.
 */

import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_TOTAL_WAIT_MS,
	DEFAULT_RETRY_DELAY_MS,
	MAX_RETRY_STEP_MS,
} from '../defaults';
import { extractServerError } from './errors';
import { n8nRewrites } from './networkErrors';

export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** The most one item may spend waiting between attempts, in total (ms). */
	maxTotalWaitMs: number;
	/** Backoff before the first retry when the server gives no wait; doubled each retry (ms). */
	initialDelayMs: number;
	/** Cap of one backoff step when the server gives no wait (ms). */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: DEFAULT_MAX_RETRIES,
	maxTotalWaitMs: DEFAULT_MAX_TOTAL_WAIT_MS,
	initialDelayMs: DEFAULT_RETRY_DELAY_MS,
	maxDelayMs: MAX_RETRY_STEP_MS,
};

export const NO_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };

/** Overloaded (TGI), rate limited (router), gateway trouble, loading (scaled to zero). */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Resets, timeouts, answers cut off midway; not refused connections or bad hosts, which waiting does not fix. */
const RETRYABLE_CODES = new Set([
	'ANSWER_CUT_OFF',
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

/** One failed attempt: an HTTP answer (status, headers, body) or a network error code. */
export interface AttemptFailure {
	status?: number;
	code?: string;
	headers?: Record<string, unknown>;
	body?: unknown;
}

export function isRetryable(failure: AttemptFailure): boolean {
	if (failure.status !== undefined) return RETRYABLE_STATUSES.has(failure.status);
	return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' || typeof first === 'number' ? String(first).trim() : undefined;
}

/**
 * The wait the server asked for, in ms: `retry-after-ms`, `Retry-After` (seconds or an HTTP
 * date), or the legacy body field `estimated_time` (seconds) of a loading model.
 */
export function serverWaitMs(failure: AttemptFailure, now = Date.now()): number | undefined {
	const ms = Number(header(failure.headers, 'retry-after-ms') ?? NaN);
	if (Number.isFinite(ms) && ms >= 0) return ms;
	const retryAfter = header(failure.headers, 'retry-after');
	if (retryAfter !== undefined && retryAfter !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return Math.max(0, date - now);
	}
	const estimated =
		failure.status === 503 ? extractServerError(failure.body).estimatedTime : undefined;
	return estimated !== undefined && estimated >= 0 ? estimated * 1000 : undefined;
}

/** Exponential backoff with jitter for the n-th retry (1-based): up to 25 % shorter, never longer. */
export function backoffMs(retry: number, policy: RetryPolicy, random = Math.random): number {
	const step = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
	return Math.round(step * (1 - random() * 0.25));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason?: string };

const inSeconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * After `attempts` attempts (the last one failing with `failure`) and `waitedMs` spent waiting:
 * try again after `delayMs`, or stop — with the reason when a retryable failure is given up on.
 */
export function decideRetry(
	failure: AttemptFailure,
	attempts: number,
	waitedMs: number,
	policy: RetryPolicy,
	now = Date.now(),
	random = Math.random,
): RetryDecision {
	if (!isRetryable(failure)) return { retry: false };
	if (attempts > policy.maxRetries) {
		return {
			retry: false,
			reason: policy.maxRetries > 0 ? `Max Retries (${policy.maxRetries}) reached` : undefined,
		};
	}
	const asked = serverWaitMs(failure, now);
	const delayMs = asked ?? backoffMs(attempts, policy, random);
	const left = policy.maxTotalWaitMs - waitedMs;
	if (delayMs > left) {
		const what =
			asked !== undefined
				? `the server asked to wait ${inSeconds(asked)}`
				: `the next wait is ${inSeconds(delayMs)}`;
		return {
			retry: false,
			reason: `${what}, beyond what is left of Max Total Wait (${inSeconds(Math.max(0, left))})`,
		};
	}
	return { retry: true, delayMs };
}

export type AttemptResult<T, F extends AttemptFailure> =
	| { ok: true; value: T }
	| { ok: false; failure: F };

export type RetryOutcome<T, F extends AttemptFailure> =
	| { ok: true; value: T; attempts: number }
	| {
			ok: false;
			failure: F;
			attempts: number;
			waitedMs: number;
			history: string[];
			reason?: string;
	  };

/**
 * A failed attempt in words. Never a bare code such as ECONNABORTED: the history reaches error
 * messages, and n8n replaces a message that holds one (in any case) with its own generic sentence.
 */
const NETWORK_WORDS: Record<string, string> = {
	ECONNABORTED: 'timeout',
	ETIMEDOUT: 'connect timeout',
	ECONNRESET: 'connection reset',
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ANSWER_CUT_OFF: 'answer cut off',
};

export function attemptLabel(failure: AttemptFailure): string {
	if (failure.status !== undefined) return `HTTP ${failure.status}`;
	const { code } = failure;
	if (!code) return 'network error';
	// Another code is shown as it is, unless n8n would rewrite the message for it.
	return NETWORK_WORDS[code] ?? (n8nRewrites(code) ? 'network error' : code);
}

/**
 * Sends until an attempt succeeds or `decideRetry` says stop, sleeping in between with the given
 * `sleep` (n8n's, abortable). Returns the last failure with every attempt's outcome.
 */
export async function withRetries<T, F extends AttemptFailure>(
	send: () => Promise<AttemptResult<T, F>>,
	policy: RetryPolicy,
	sleep: (ms: number) => Promise<void>,
	random = Math.random,
): Promise<RetryOutcome<T, F>> {
	const history: string[] = [];
	let waitedMs = 0;
	for (let attempts = 1; ; attempts++) {
		const result = await send();
		if (result.ok) return { ok: true, value: result.value, attempts };
		history.push(attemptLabel(result.failure));
		const decision = decideRetry(result.failure, attempts, waitedMs, policy, Date.now(), random);
		if (!decision.retry) {
			return {
				ok: false,
				failure: result.failure,
				attempts,
				waitedMs,
				history,
				reason: decision.reason,
			};
		}
		await sleep(decision.delayMs);
		waitedMs += decision.delayMs;
	}
}

/** " (gave up after 4 attempts: Max Retries (3) reached)", or "" when nothing was retried. */
export function attemptsSummary(outcome: { attempts: number; reason?: string }): string {
	const tries = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
	if (outcome.reason) return ` (gave up after ${tries}: ${outcome.reason})`;
	return outcome.attempts > 1 ? ` (after ${tries})` : '';
}

/** " Attempts: HTTP 429, HTTP 503; waited 1.5 s in total between them." for the error description. */
export function attemptsHistory(outcome: { history: string[]; waitedMs: number }): string {
	return ` Attempts: ${outcome.history.join(', ')}; waited ${inSeconds(outcome.waitedMs)} in total between them.`;
}
