import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_TOTAL_WAIT_MS,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_CONCURRENCY,
	MAX_RETRIES,
} from '../defaults';

/**
 * How items are spread over requests: options of the action node that apply to the whole execution
 * (read from the first item). The sub-node has none: the agent calls it one request at a time.
 */
/** How many requests to send at once: the action node's items, or the batches of a retrieval call. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: DEFAULT_CONCURRENCY,
	description:
		"How many items to send at once (1 = one after another). The output keeps the input order. Keep it at or below the server's limit (TGI: --max-concurrent-requests).",
};

const executionWideTrafficOptions: INodeProperties[] = [
	{
		displayName: 'Adaptive Concurrency',
		name: 'adaptiveConcurrency',
		type: 'boolean',
		default: true,
		description:
			'Whether to halve the requests in flight after a 429 (rate limited or overloaded) and raise them again, one at a time, as requests succeed',
	},
	concurrencyOption,
];

/** How each request is sent: its timeout and retries. Both nodes offer them. */
export const perRequestTrafficOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How often to retry a request after 429, 502, 503, 504, a reset connection or a timeout. Other errors, such as 422 validation errors, are never retried.',
	},
	{
		displayName: 'Max Total Wait',
		name: 'maxTotalWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_TOTAL_WAIT_MS,
		description:
			'The longest one item may wait between its retries, in milliseconds (default 5 minutes). Waits the server asks for (Retry-After, retry-after-ms, estimated_time of a loading model) count too.',
	},
	{
		displayName: 'Retry Delay',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_RETRY_DELAY_MS,
		description:
			'Wait before the first retry when the server does not say how long, in milliseconds. Doubles with each retry (with jitter), up to 60 seconds.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'How long to wait for an answer to one request, in milliseconds (default 10 minutes)',
	},
];

/** Every traffic option of the action node, for its operations' Options collections. */
export const trafficOptions: INodeProperties[] = [
	...executionWideTrafficOptions,
	...perRequestTrafficOptions,
];
