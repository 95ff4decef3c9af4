import {
	attemptLabel,
	attemptsSummary,
	backoffMs,
	decideRetry,
	DEFAULT_RETRY_POLICY,
	isRetryable,
	serverWaitMs,
	withRetries,
	type AttemptFailure,
} from '../../nodes/shared/transport/retry';
import { readTraffic } from '../../nodes/shared/settings/traffic';
import { N8N_REWRITTEN_CODES } from '../../nodes/shared/transport/networkErrors';
import { trafficOptions } from '../../nodes/shared/descriptions/traffic.description';
import { labelledError } from '../helpers/labels';

const policy = { ...DEFAULT_RETRY_POLICY };
const NOW = Date.parse('2026-11-23T12:00:00Z');
const noJitter = () => 0;

describe('isRetryable: what waiting can fix', () => {
	it.each([429, 502, 503, 504])('HTTP %i is retried', (status) =>
		expect(isRetryable({ status })).toBe(true),
	);
	it.each([400, 401, 402, 403, 404, 413, 415, 422, 424, 500])('HTTP %i is not', (status) =>
		expect(isRetryable({ status })).toBe(false),
	);
	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE'])('%s is retried', (code) =>
		expect(isRetryable({ code })).toBe(true),
	);
	it.each(['ECONNREFUSED', 'ENOTFOUND', 'CERT_HAS_EXPIRED', undefined])('%s is not', (code) =>
		expect(isRetryable({ code })).toBe(false),
	);
});

describe('serverWaitMs: the wait the server asks for', () => {
	it.each<[string, AttemptFailure, number | undefined]>([
		['retry-after-ms', { status: 429, headers: { 'retry-after-ms': '250' } }, 250],
		[
			'retry-after-ms wins over Retry-After',
			{ status: 429, headers: { 'retry-after-ms': '40', 'retry-after': '9' } },
			40,
		],
		['Retry-After in seconds', { status: 429, headers: { 'retry-after': '3' } }, 3000],
		['Retry-After with fractions', { status: 503, headers: { 'retry-after': '0.5' } }, 500],
		[
			'Retry-After as an HTTP date',
			{ status: 503, headers: { 'retry-after': new Date(NOW + 7000).toUTCString() } },
			7000,
		],
		[
			'Retry-After date in the past',
			{ status: 503, headers: { 'retry-after': new Date(NOW - 7000).toUTCString() } },
			0,
		],
		[
			'Retry-After as a list (node headers)',
			{ status: 429, headers: { 'retry-after': ['2'] } },
			2000,
		],
		['Retry-After: garbage', { status: 429, headers: { 'retry-after': 'soon' } }, undefined],
		[
			'estimated_time of a loading model',
			{ status: 503, body: { error: 'Model x is currently loading', estimated_time: 42.5 } },
			42500,
		],
		[
			'estimated_time in a text body',
			{ status: 503, body: '{"error":"loading","estimated_time":2}' },
			2000,
		],
		[
			'Retry-After beats estimated_time',
			{ status: 503, headers: { 'retry-after': '1' }, body: { estimated_time: 99 } },
			1000,
		],
		[
			'nothing (HF router 429)',
			{ status: 429, body: { error: { message: 'Rate limited' } } },
			undefined,
		],
	])('%s', (_name, failure, expected) => expect(serverWaitMs(failure, NOW)).toBe(expected));
});

describe('backoffMs: exponential with jitter, capped', () => {
	it('doubles from the initial delay and stops at the cap', () => {
		expect([1, 2, 3, 4].map((retry) => backoffMs(retry, policy, noJitter))).toEqual([
			1000, 2000, 4000, 8000,
		]);
		expect(backoffMs(20, policy, noJitter)).toBe(60_000);
	});
	it('jitter only shortens, by up to a quarter', () => {
		expect(backoffMs(1, policy, () => 0.999)).toBe(750);
		for (let i = 0; i < 100; i++) {
			const wait = backoffMs(3, policy);
			expect(wait).toBeGreaterThanOrEqual(3000);
			expect(wait).toBeLessThanOrEqual(4000);
		}
	});
});

describe('decideRetry', () => {
	it('never retries a validation error', () => {
		expect(decideRetry({ status: 422 }, 1, 0, policy, NOW)).toEqual({ retry: false });
	});
	it('uses the server’s wait, else backoff', () => {
		expect(
			decideRetry({ status: 429, headers: { 'retry-after': '2' } }, 1, 0, policy, NOW, noJitter),
		).toEqual({ retry: true, delayMs: 2000 });
		expect(decideRetry({ status: 429 }, 2, 0, policy, NOW, noJitter)).toEqual({
			retry: true,
			delayMs: 2000,
		});
		expect(decideRetry({ code: 'ECONNRESET' }, 1, 0, policy, NOW, noJitter)).toEqual({
			retry: true,
			delayMs: 1000,
		});
	});
	it('stops after Max Retries, saying so', () => {
		expect(decideRetry({ status: 503 }, 4, 0, policy, NOW)).toEqual({
			retry: false,
			reason: 'Max Retries (3) reached',
		});
		expect(decideRetry({ status: 503 }, 1, 0, { ...policy, maxRetries: 0 }, NOW)).toEqual({
			retry: false,
		});
	});
	it('stops when the wait would pass Max Total Wait', () => {
		const loading = { status: 503, body: { error: 'loading', estimated_time: 400 } };
		expect(decideRetry(loading, 1, 0, policy, NOW)).toEqual({
			retry: false,
			reason: 'the server asked to wait 400 s, beyond what is left of Max Total Wait (300 s)',
		});
		expect(decideRetry({ status: 429 }, 3, 299_000, policy, NOW, noJitter)).toEqual({
			retry: false,
			reason: 'the next wait is 4 s, beyond what is left of Max Total Wait (1 s)',
		});
	});
});

describe('withRetries', () => {
	const fail = (failure: AttemptFailure) => ({ ok: false as const, failure });
	const quick = { ...policy, initialDelayMs: 10 };

	it('sleeps between attempts and returns the first success', async () => {
		const answers = [
			fail({ status: 429, headers: { 'retry-after-ms': '30' } }),
			fail({ code: 'ECONNRESET' }),
			{ ok: true as const, value: 'done' },
		];
		const sleeps: number[] = [];
		const outcome = await withRetries(
			async () => answers.shift()!,
			quick,
			async (ms) => void sleeps.push(ms),
			noJitter,
		);
		expect(outcome).toEqual({ ok: true, value: 'done', attempts: 3 });
		expect(sleeps).toEqual([30, 20]);
	});

	it('gives up with every attempt’s outcome and the reason', async () => {
		let sent = 0;
		const outcome = await withRetries(
			async () => (sent++, fail({ status: 503 })),
			quick,
			async () => {},
			noJitter,
		);
		expect(sent).toBe(4);
		expect(outcome).toMatchObject({
			ok: false,
			attempts: 4,
			waitedMs: 70,
			history: ['HTTP 503', 'HTTP 503', 'HTTP 503', 'HTTP 503'],
			reason: 'Max Retries (3) reached',
		});
		expect(attemptsSummary(outcome as { attempts: number; reason?: string })).toBe(
			' (gave up after 4 attempts: Max Retries (3) reached)',
		);
	});

	it('stops at once on an error waiting cannot fix', async () => {
		const answers = [fail({ status: 429 }), fail({ status: 422 })];
		const outcome = await withRetries(
			async () => answers.shift()!,
			quick,
			async () => {},
			noJitter,
		);
		expect(outcome).toMatchObject({ ok: false, attempts: 2, history: ['HTTP 429', 'HTTP 422'] });
		expect(attemptsSummary(outcome as { attempts: number })).toBe(' (after 2 attempts)');
		expect(attemptsSummary({ attempts: 1 })).toBe('');
	});

	it('names network failures in words, never by a code n8n would swap the whole message for', () => {
		const codes = [
			'ECONNABORTED',
			'ECONNRESET',
			'ECONNREFUSED',
			'ETIMEDOUT',
			'ENOTFOUND',
			'EAI_AGAIN',
			'EHOSTUNREACH',
			'EPIPE',
			undefined,
		];
		const history = codes.map((code) => attemptLabel({ code }));
		expect(history).toEqual([
			'timeout',
			'connection reset',
			'connection refused',
			'connect timeout',
			'host not found',
			'DNS lookup failed',
			'host unreachable',
			'EPIPE', // a code n8n leaves alone is shown as it is
			'network error',
		]);
		expect(attemptLabel({ code: 'ENOENT' })).toBe('network error'); // one n8n rewrites for
		expect(attemptLabel({ status: 503 })).toBe('HTTP 503');
		for (const code of N8N_REWRITTEN_CODES)
			expect(history.join(' ').toUpperCase()).not.toContain(code);
	});

	it('a rejected sleep (cancel) ends the loop', async () => {
		let sent = 0;
		const cancelled = withRetries(
			async () => (sent++, fail({ status: 429 })),
			quick,
			async () => {
				throw new Error('cancelled');
			},
		);
		await expect(cancelled).rejects.toThrow('cancelled');
		expect(sent).toBe(1);
	});
});

describe('readTraffic: the execution-wide options', () => {
	it('defaults: concurrency 5, adaptive, 3 retries, 5 minutes of waiting, 1 s first delay', () => {
		expect(readTraffic({})).toEqual({
			concurrency: 5,
			adaptive: true,
			retry: { maxRetries: 3, maxTotalWaitMs: 300_000, initialDelayMs: 1000, maxDelayMs: 60_000 },
		});
	});
	it('the defaults the editor shows are the ones applied when an option is not added', () => {
		const shown = Object.fromEntries(trafficOptions.map((option) => [option.name, option.default]));
		const applied = readTraffic({});
		expect(shown).toEqual({
			adaptiveConcurrency: applied.adaptive,
			concurrency: applied.concurrency,
			maxRetries: applied.retry.maxRetries,
			maxTotalWait: applied.retry.maxTotalWaitMs,
			retryDelay: applied.retry.initialDelayMs,
			timeout: 600_000,
		});
	});

	it('reads what the user set, numbers typed as text too', () => {
		expect(
			readTraffic({
				concurrency: '32',
				adaptiveConcurrency: false,
				maxRetries: 0,
				maxTotalWait: 1000,
				retryDelay: 5,
			}),
		).toEqual({
			concurrency: 32,
			adaptive: false,
			retry: { maxRetries: 0, maxTotalWaitMs: 1000, initialDelayMs: 5, maxDelayMs: 60_000 },
		});
	});
	it.each([
		[{ concurrency: 0 }, 'Concurrency: must be a whole number from 1 to 256 (got 0)'],
		[{ concurrency: 2.5 }, 'Concurrency: must be a whole number from 1 to 256 (got 2.5)'],
		[{ maxRetries: -1 }, 'Max Retries: must be a whole number from 0 to 100 (got -1)'],
		[
			{ maxTotalWait: 'soon' },
			'Max Total Wait: must be a whole number from 0 to 86400000 (got "soon")',
		],
		[{ retryDelay: -5 }, 'Retry Delay: must be a whole number from 0 to 86400000 (got -5)'],
	])('%j is refused, naming the field', (options, message) => {
		expect(labelledError(() => readTraffic(options))).toContain(message);
	});
});
