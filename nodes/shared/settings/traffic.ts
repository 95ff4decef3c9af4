/**
 * The traffic options as the user set them, read and checked: what the transport receives (a
 * Timeout in milliseconds, a retry policy, a concurrency), never the raw UI values.
 */

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_TOTAL_WAIT_MS,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_CONCURRENCY,
	MAX_RETRIES,
	MAX_TIMEOUT_MS,
} from '../defaults';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../transport/retry';
import { wholeNumber } from '../wire/optionValues';

/** As n8n hands them over in the Options collection (any may be missing). */
export interface TrafficOptions {
	concurrency?: unknown;
	adaptiveConcurrency?: unknown;
	maxRetries?: unknown;
	maxTotalWait?: unknown;
	retryDelay?: unknown;
}

export interface TrafficSettings {
	concurrency: number;
	adaptive: boolean;
	retry: RetryPolicy;
}

const DAY_MS = 24 * 3_600_000;

/** The Timeout option: whole milliseconds from 1 to 2³¹−1; 10 minutes when not set. */
export function readTimeout(value: unknown): number {
	return wholeNumber(value, 'timeout', DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
}

/** Max Retries, Max Total Wait and Retry Delay as a retry policy; missing ones take their defaults. */
export function readRetryPolicy(options: TrafficOptions = {}): RetryPolicy {
	return {
		...DEFAULT_RETRY_POLICY,
		maxRetries: wholeNumber(options.maxRetries, 'maxRetries', DEFAULT_MAX_RETRIES, 0, MAX_RETRIES),
		maxTotalWaitMs: wholeNumber(
			options.maxTotalWait,
			'maxTotalWait',
			DEFAULT_MAX_TOTAL_WAIT_MS,
			0,
			DAY_MS,
		),
		initialDelayMs: wholeNumber(
			options.retryDelay,
			'retryDelay',
			DEFAULT_RETRY_DELAY_MS,
			0,
			DAY_MS,
		),
	};
}

/** Reads and checks the execution-wide options; missing ones take their defaults. */
export function readTraffic(options: TrafficOptions = {}): TrafficSettings {
	return {
		concurrency: wholeNumber(
			options.concurrency,
			'concurrency',
			DEFAULT_CONCURRENCY,
			1,
			MAX_CONCURRENCY,
		),
		adaptive: options.adaptiveConcurrency !== false,
		retry: readRetryPolicy(options),
	};
}
