import {
	acquireAll,
	AdaptiveLimit,
	mapInOrder,
	sharedLimit,
} from '../../nodes/shared/transport/concurrency';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

/** A task per index that finishes when the test says so. */
function gate() {
	const open = new Map<number, (value?: unknown) => void>();
	let running = 0;
	let peak = 0;
	const task = async (index: number) => {
		running++;
		peak = Math.max(peak, running);
		await new Promise((resolve) => open.set(index, resolve));
		running--;
		if (index % 3 === 2) throw new Error(`item ${index} failed`);
		return `done ${index}`;
	};
	return { task, open, peak: () => peak };
}

describe('mapInOrder', () => {
	it('runs at most `workers` at once and returns results in input order, failures in place', async () => {
		const { task, open, peak } = gate();
		const finished = mapInOrder(7, 3, task);
		await tick();
		expect([...open.keys()]).toEqual([0, 1, 2]);
		// Finish out of order: the output order must not follow.
		for (const index of [2, 0, 1, 4, 3, 6, 5]) {
			while (!open.has(index)) await tick();
			open.get(index)!();
			await tick();
		}
		const { results, firstFailure } = await finished;
		expect(peak()).toBe(3);
		expect(firstFailure).toBe(2);
		expect(results.map((r) => (r?.ok ? r.value : (r?.error as Error).message))).toEqual([
			'done 0',
			'done 1',
			'item 2 failed',
			'done 3',
			'done 4',
			'item 5 failed',
			'done 6',
		]);
	});

	it('onError can stop new starts; started items finish; firstFailure is the first in time', async () => {
		const stop = new AbortController();
		const started: number[] = [];
		const { results, firstFailure } = await mapInOrder(
			10,
			3,
			async (index) => {
				started.push(index);
				// Item 2 fails at once, item 1 later; item 0 succeeds in between.
				for (let i = 0; i < ([2, 3, 0][index] ?? 1); i++) await tick();
				if (index === 1 || index === 2) throw new Error(`boom ${index}`);
				return index;
			},
			{ signal: stop.signal, onError: () => stop.abort() },
		);
		expect(started).toEqual([0, 1, 2]);
		expect(results.slice(0, 3).map((r) => r?.ok)).toEqual([true, false, false]);
		expect(results.slice(3)).toEqual(Array(7).fill(undefined));
		expect(firstFailure).toBe(2);
	});

	it('starts nothing once the signal aborts', async () => {
		const controller = new AbortController();
		const started: number[] = [];
		await mapInOrder(
			10,
			2,
			async (index) => {
				started.push(index);
				if (index === 3) controller.abort();
				await tick();
			},
			{ signal: controller.signal },
		);
		expect(started).toEqual([0, 1, 2, 3]);
	});

	it('1 worker is one after another; no items, no work', async () => {
		const order: string[] = [];
		await mapInOrder(3, 1, async (index) => {
			order.push(`start ${index}`);
			await tick();
			order.push(`end ${index}`);
		});
		expect(order).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
		expect(await mapInOrder(0, 5, async () => 1)).toEqual({ results: [], firstFailure: undefined });
	});
});

describe('AdaptiveLimit', () => {
	it('never lets more than the limit in flight', async () => {
		const limit = new AdaptiveLimit(2);
		const first = await limit.acquire();
		await limit.acquire();
		let third = false;
		const waiting = limit.acquire().then(() => (third = true));
		await tick();
		expect(third).toBe(false);
		expect(limit.inFlight).toBe(2);
		first.release('ok');
		await waiting;
		expect(third).toBe(true);
		expect(limit.inFlight).toBe(2);
	});

	it('halves once per round of 429s, climbs a step per round of successes, probes the last 429 level slowly', async () => {
		const limit = new AdaptiveLimit(8);
		const succeed = async (times: number) => {
			for (let i = 0; i < times; i++) (await limit.acquire()).release('ok');
		};
		const permits = await Promise.all(Array.from({ length: 8 }, async () => await limit.acquire()));
		// Eight requests of the same round all get 429: one cut, not eight.
		permits.forEach((permit) => permit.release('throttled'));
		expect(limit.limit).toBe(4);
		// A 429 of a request sent after the cut cuts again.
		(await limit.acquire()).release('throttled');
		expect(limit.limit).toBe(2);
		expect(limit.lowest).toBe(2);
		await succeed(2); // a round at 2
		expect(limit.limit).toBe(3);
		// 4 got a 429 last time: from 3, it takes 10 rounds (30 successes) to try 4 again.
		await succeed(29);
		expect(limit.limit).toBe(3);
		await succeed(1);
		expect(limit.limit).toBe(4);
		// Past the old 429 level, one round a step again, up to the configured concurrency.
		await succeed(4 * 10 + 5 + 6 + 7);
		expect(limit.limit).toBe(8);
		await succeed(100);
		expect(limit.limit).toBe(8);
	});

	it('a server that takes 2 at once: the limit settles at 2 or 3 and rarely probes', async () => {
		const limit = new AdaptiveLimit(8);
		let throttled = 0;
		for (let i = 0; i < 1000; i++) {
			const permits = await Promise.all(
				Array.from({ length: limit.limit }, async () => await limit.acquire()),
			);
			permits.forEach((permit, slot) => {
				if (slot >= 2) throttled++;
				permit.release(slot < 2 ? 'ok' : 'throttled');
			});
		}
		expect(limit.limit).toBeLessThanOrEqual(3);
		expect(throttled).toBeLessThan(1000 / 10);
	});

	it('stays put when not adaptive; other failures do not move it', async () => {
		const fixed = new AdaptiveLimit(4, false);
		(await fixed.acquire()).release('throttled');
		expect(fixed.limit).toBe(4);
		const adaptive = new AdaptiveLimit(4);
		(await adaptive.acquire()).release('failed');
		expect(adaptive.limit).toBe(4);
	});

	it('a waiter leaves the queue when the signal aborts', async () => {
		const limit = new AdaptiveLimit(1);
		const held = await limit.acquire();
		const controller = new AbortController();
		const waiting = limit.acquire(controller.signal);
		controller.abort(new Error('cancelled'));
		await expect(waiting).rejects.toThrow('cancelled');
		held.release('ok');
		held.release('ok'); // twice is harmless
		expect(limit.inFlight).toBe(0);
		await expect(limit.acquire(controller.signal)).rejects.toThrow('cancelled');
	});
});

describe('the shared budget (Max Concurrent Requests)', () => {
	it('is one limit per server key and cap, none without a cap', () => {
		const a = sharedLimit('cred-1\nhttp://tgi:8080', 8);
		expect(a).toBeDefined();
		expect(sharedLimit('cred-1\nhttp://tgi:8080', 8)).toBe(a);
		expect(sharedLimit('cred-2\nhttp://tgi:8080', 8)).not.toBe(a);
		expect(sharedLimit('cred-1\nhttp://tgi:8080', 4)?.max).toBe(4); // the cap was changed
		expect(sharedLimit('cred-1\nhttp://tgi:8080', undefined)).toBeUndefined();
	});

	it('a 429 seen through one execution halves the limit for all of them', async () => {
		const shared = sharedLimit('cred-429\nhttp://tgi', 8) as AdaptiveLimit;
		const own = [new AdaptiveLimit(5), new AdaptiveLimit(5)];
		const first = await acquireAll([own[0], shared]);
		first.release('throttled');
		expect(shared.limit).toBe(4);
		expect(own[0].limit).toBe(3); // the execution's own limit learns too (5 → ceil(5 / 2))
		expect(own[1].limit).toBe(5);
		const permits = await Promise.all([1, 2, 3, 4].map(() => acquireAll([own[1], shared])));
		expect(shared.inFlight).toBe(4);
		let fifth = false;
		const waiting = acquireAll([undefined, shared]).then((permit) => {
			fifth = true;
			return permit;
		});
		await Promise.resolve();
		expect(fifth).toBe(false);
		permits[0].release('ok');
		(await waiting).release('ok');
		expect(fifth).toBe(true);
	});

	it('keeps no slot when the wait for the second limit is aborted', async () => {
		const own = new AdaptiveLimit(2);
		const shared = new AdaptiveLimit(1);
		const held = await shared.acquire();
		const controller = new AbortController();
		const pending = acquireAll([own, shared], controller.signal);
		await Promise.resolve();
		expect(own.inFlight).toBe(1);
		controller.abort();
		await expect(pending).rejects.toThrow();
		expect(own.inFlight).toBe(0);
		expect(shared.queued).toBe(0);
		held.release('ok');
	});
});
