/** The node's request options that apply to the whole execution: concurrency and retries. */

import { wholeNumber } from '../wire/optionValues';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** n8n's HTTP client gives up after 5 minutes by default; slow models need longer. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 256;

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

/** The longest wait a timer can hold (2³¹−1 ms, about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The Timeout option: whole milliseconds from 1 to 2³¹−1; 10 minutes when not set. */
export function readTimeout(value: unknown): number {
	return wholeNumber(value, 'timeout', DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS);
}

/** Reads and checks the execution-wide options; missing ones take their defaults. */
export function readTraffic(options: TrafficOptions = {}): TrafficSettings {
	const day = 24 * 3_600_000;
	const read = (key: keyof TrafficOptions, fallback: number, min: number, max: number) =>
		wholeNumber(options[key], key, fallback, min, max);
	return {
		concurrency: read('concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
		adaptive: options.adaptiveConcurrency !== false,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: read('maxRetries', DEFAULT_RETRY_POLICY.maxRetries, 0, 100),
			maxTotalWaitMs: read('maxTotalWait', DEFAULT_RETRY_POLICY.maxTotalWaitMs, 0, day),
			initialDelayMs: read('retryDelay', DEFAULT_RETRY_POLICY.initialDelayMs, 0, day),
		},
	};
}
