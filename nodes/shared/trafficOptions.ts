/** The node's request options that apply to the whole execution: concurrency and retries. */

import { FieldError } from './fieldError';
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

export const TRAFFIC_LABELS: Record<keyof TrafficOptions, string> = {
	concurrency: 'Concurrency',
	adaptiveConcurrency: 'Adaptive Concurrency',
	maxRetries: 'Max Retries',
	maxTotalWait: 'Max Total Wait',
	retryDelay: 'Retry Delay',
};

function wholeNumber(options: TrafficOptions, key: keyof TrafficOptions, fallback: number, min: number, max: number) {
	const value = options[key];
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new FieldError(TRAFFIC_LABELS[key], `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
	}
	return number;
}

/** Reads and checks the execution-wide options; missing ones take their defaults. */
export function readTraffic(options: TrafficOptions = {}): TrafficSettings {
	const day = 24 * 3_600_000;
	return {
		concurrency: wholeNumber(options, 'concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
		adaptive: options.adaptiveConcurrency !== false,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: wholeNumber(options, 'maxRetries', DEFAULT_RETRY_POLICY.maxRetries, 0, 100),
			maxTotalWaitMs: wholeNumber(options, 'maxTotalWait', DEFAULT_RETRY_POLICY.maxTotalWaitMs, 0, day),
			initialDelayMs: wholeNumber(options, 'retryDelay', DEFAULT_RETRY_POLICY.initialDelayMs, 0, day),
		},
	};
}
