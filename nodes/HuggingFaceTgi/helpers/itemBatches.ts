/**
 * Items sent in batches across the execution, where one bad item fails alone: a batch the server
 * refuses because of one of its inputs (too long, empty) is split in halves, and the halves again,
 * until the item is found — it fails with the server's words, every other item gets its answer.
 * Any other failure fails the batch's items. Each batch is one request; how many run at once is
 * the request's own limit (the execution's Concurrency and the server's budget). Pure.
 */

/** One item's outcome. */
export type ItemResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface ItemBatchPlan<T> {
	/** The items to send, in order, cut into `sizes` (they add up). */
	items: number[];
	sizes: number[];
	/** Sends one batch: one value per item, in order; throws on failure. */
	send(batch: number[]): Promise<T[]>;
	/** Whether a failure may be one input's fault (then the batch is split to find it). */
	splittable(error: unknown): boolean;
	/** Called at each item's failure, in the order they happen (to stop the rest when failures stop the node). */
	onFailure?(item: number, error: unknown): void;
}

export interface ItemBatchOutcome<T> {
	results: Map<number, ItemResult<T>>;
	/** The item that failed first, in time: the error to report when failures stop the node. */
	firstFailure?: number;
	/** Requests sent, the splits' included. */
	requests: number;
}

export async function sendItemBatches<T>(plan: ItemBatchPlan<T>): Promise<ItemBatchOutcome<T>> {
	const results = new Map<number, ItemResult<T>>();
	const outcome: ItemBatchOutcome<T> = { results, requests: 0 };
	const fail = (batch: number[], error: unknown) => {
		for (const item of batch) {
			results.set(item, { ok: false, error });
			outcome.firstFailure ??= item;
			plan.onFailure?.(item, error);
		}
	};
	const run = async (batch: number[]): Promise<void> => {
		outcome.requests++;
		let values: T[];
		try {
			values = await plan.send(batch);
		} catch (error) {
			if (batch.length > 1 && plan.splittable(error)) {
				const half = Math.ceil(batch.length / 2);
				await Promise.all([run(batch.slice(0, half)), run(batch.slice(half))]);
			} else fail(batch, error);
			return;
		}
		batch.forEach((item, index) => results.set(item, { ok: true, value: values[index] }));
	};
	let start = 0;
	const batches = plan.sizes.map((size) => plan.items.slice(start, (start += size)));
	await Promise.all(batches.map(run));
	return outcome;
}
