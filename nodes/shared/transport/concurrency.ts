/** Bounded, adaptive concurrency: how many items run at once, and how many requests are in flight. */

export type RequestOutcome = 'ok' | 'throttled' | 'failed';

export interface Permit {
	/** Gives the slot back and tells the limit how the request went. Safe to call twice. */
	release(outcome: RequestOutcome): void;
}

const abortReason = (signal: AbortSignal) =>
	signal.reason instanceof Error ? signal.reason : new Error('The operation was aborted');

/** Successes in rounds, at the current limit, before trying the limit that last got a 429 again. */
const PROBE_ROUNDS = 10;

/**
 * The most requests in flight at once. With `adaptive`, it halves after a 429 (once per round:
 * 429s of requests sent before the last cut do not cut again) and grows by one after a round of
 * successes (as many as the limit), back up to `max` — TCP's AIMD, per node execution. Just
 * below the limit that last got a 429 it waits PROBE_ROUNDS rounds before trying it again, so a
 * batch settles at what the server accepts instead of hitting it every other round.
 */
export class AdaptiveLimit {
	limit: number;
	/** The lowest the limit went, for diagnostics. */
	lowest: number;
	private active = 0;
	private round = 0;
	private streak = 0;
	/** The limit at the last 429. */
	private ceiling = Number.POSITIVE_INFINITY;
	private readonly waiting: Array<() => void> = [];

	constructor(
		readonly max: number,
		readonly adaptive = true,
	) {
		this.limit = max;
		this.lowest = max;
	}

	get inFlight(): number {
		return this.active;
	}

	/** Requests waiting for a slot. */
	get queued(): number {
		return this.waiting.length;
	}

	/** Waits for a free slot; rejects when `signal` aborts first. */
	async acquire(signal?: AbortSignal): Promise<Permit> {
		while (this.active >= this.limit) await this.waitTurn(signal);
		if (signal?.aborted) throw abortReason(signal);
		this.active++;
		const round = this.round;
		let released = false;
		return {
			release: (outcome) => {
				if (released) return;
				released = true;
				this.active--;
				this.record(outcome, round);
				this.wake();
			},
		};
	}

	private record(outcome: RequestOutcome, round: number) {
		if (!this.adaptive) return;
		if (outcome === 'throttled') {
			this.streak = 0;
			if (round !== this.round) return;
			this.round++;
			this.ceiling = this.limit;
			this.limit = Math.max(1, Math.ceil(this.limit / 2));
			this.lowest = Math.min(this.lowest, this.limit);
		} else if (outcome === 'ok' && this.limit < this.max) {
			const rounds = this.limit + 1 >= this.ceiling ? PROBE_ROUNDS : 1;
			if (++this.streak < this.limit * rounds) return;
			this.streak = 0;
			this.limit++;
			if (this.limit > this.ceiling) this.ceiling = Number.POSITIVE_INFINITY;
		}
	}

	private wake() {
		let free = this.limit - this.active;
		while (free-- > 0 && this.waiting.length > 0) this.waiting.shift()?.();
	}

	private waitTurn(signal?: AbortSignal): Promise<void> {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) return reject(abortReason(signal));
			const onAbort = () => {
				const index = this.waiting.indexOf(turn);
				if (index >= 0) this.waiting.splice(index, 1);
				reject(abortReason(signal as AbortSignal));
			};
			const turn = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.waiting.push(turn);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}
}

/** The shared limits, one per server (credential and Base URL) in this n8n process. */
const budgets = new Map<string, AdaptiveLimit>();

/**
 * The in-flight limit every execution in this n8n process shares for one server, adaptive (a
 * 429 seen by one execution slows all of them; successes grow it back); none without a cap.
 */
export function sharedLimit(key: string, cap: number | undefined): AdaptiveLimit | undefined {
	if (!cap) return undefined;
	const existing = budgets.get(key);
	if (existing?.max === cap) return existing;
	const limit = new AdaptiveLimit(cap, true);
	budgets.set(key, limit);
	return limit;
}

/**
 * A slot of every limit given, taken in order (the execution's own, then the server's shared
 * one); released together, with one outcome. None is kept when the wait is aborted.
 */
export async function acquireAll(
	limits: Array<AdaptiveLimit | undefined>,
	signal?: AbortSignal,
): Promise<Permit> {
	const permits: Permit[] = [];
	let complete = false;
	try {
		for (const limit of limits) if (limit) permits.push(await limit.acquire(signal));
		complete = true;
	} finally {
		if (!complete) for (const permit of permits) permit.release('failed');
	}
	return { release: (outcome) => permits.forEach((permit) => permit.release(outcome)) };
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface MapResult<T> {
	/** In input order; `undefined` for tasks never started. */
	results: Array<Settled<T> | undefined>;
	/** The index of the task that failed first in time, if any. */
	firstFailure?: number;
}

/**
 * Runs `task(0…count-1)` with at most `workers` at once and returns the results in input order.
 * Starts nothing more once `signal` aborts (`onError` may abort it, to stop at the first
 * failure). Never rejects: every failure is in its slot.
 */
export async function mapInOrder<T>(
	count: number,
	workers: number,
	task: (index: number) => Promise<T>,
	options: { signal?: AbortSignal; onError?: (index: number) => void } = {},
): Promise<MapResult<T>> {
	const results = new Array<Settled<T> | undefined>(count).fill(undefined);
	let firstFailure: number | undefined;
	let next = 0;
	const worker = async () => {
		while (next < count && !options.signal?.aborted) {
			const index = next++;
			try {
				results[index] = { ok: true, value: await task(index) };
			} catch (error) {
				results[index] = { ok: false, error };
				firstFailure ??= index;
				options.onError?.(index);
			}
		}
	};
	const size = Math.max(1, Math.min(Math.floor(workers) || 1, count));
	await Promise.all(Array.from({ length: size }, worker));
	return { results, firstFailure };
}
