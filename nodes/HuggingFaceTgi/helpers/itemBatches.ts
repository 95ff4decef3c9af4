/**
 * Items sent in batches across the execution, where one bad item fails alone: a batch the server
 * refuses because of one of its inputs (too long, empty) is split in halves, and the halves again,
 * until the item is found — it fails with the server's words, every other item gets its answer.
 * Any other failure fails the batch's items. Each batch is one request; how many run at once is
 * the request's own limit (the execution's Concurrency and the server's budget).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TaskRequest } from '../../shared/dialects';
import { namesOneInput } from '../../shared/transport/errors';
import { sendRequest, type ServerConnection, type Traffic } from '../../shared/transport/transport';

/**
 * A failure every batch would meet: the key refused, no such route, a proxy wanting its own login
 * (401, 403, 404, 405, 407). After it the batches not yet answered are not sent: their items fail
 * with it.
 */
const refusedForEveryBatch = (error: unknown) =>
	error instanceof NodeApiError &&
	['401', '403', '404', '405', '407'].includes(String(error.httpCode));

/** A batch's failure that may be one input's fault: too long, empty, too many (TEI 413/422, llama.cpp, vLLM 400). */
export const refusedForOneInput = (error: unknown) =>
	error instanceof NodeApiError &&
	namesOneInput(Number(error.httpCode), `${error.message} ${error.description ?? ''}`);

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

/** An operation that sends every item's input in batches across the execution (Embed, Classify, Count Tokens). */
export interface AcrossItems<I, T> {
	count: number;
	/** The item's input, read and checked (throws: that item's error, before anything is sent). */
	input(item: number): I;
	/** The batches' sizes for this many inputs. */
	sizes(inputs: number): number[];
	/** The execution's traffic: its limit, retries and stop signal. */
	traffic: Traffic;
	/**
	 * Sends one batch of inputs (the first item named in its errors) with `traffic` (the execution's,
	 * with a stop signal of its own): one value per input, in order.
	 */
	send(inputs: I[], firstItem: number, traffic: Traffic): Promise<T[]>;
	/** Whether a failure may be one input's fault (then the batch is split to find it). */
	splittable(error: unknown): boolean;
	/** Called at the first failure when failures stop the node: stops the requests not yet sent. */
	stop?: () => void;
}

/** Every item's result (undefined: not run, when failures stop the node), and the item that failed first. */
export interface AcrossItemsOutcome<T> {
	results: Array<ItemResult<T> | undefined>;
	firstFailure?: number;
}

/**
 * Reads every item's input (a bad one fails alone; when failures stop the node, it stops the node
 * before anything is sent), then sends the good ones in batches where one bad item fails alone. A
 * failure every batch would meet (refusedForEveryBatch: a wrong key, no such route) stops the batches
 * not yet answered, Continue On Fail or not: their items fail with it, without a request each.
 */
export async function sendAcrossItems<I, T>(
	plan: AcrossItems<I, T>,
): Promise<AcrossItemsOutcome<T>> {
	const results = new Array<ItemResult<T> | undefined>(plan.count);
	const inputs = new Map<number, I>();
	for (let item = 0; item < plan.count; item++) {
		try {
			inputs.set(item, plan.input(item));
		} catch (error) {
			results[item] = { ok: false, error };
			if (plan.stop) return { results, firstFailure: item };
		}
	}
	const items = [...inputs.keys()];
	const halt = new AbortController();
	const halted: { error?: unknown } = {};
	const { signal } = plan.traffic;
	const traffic = {
		...plan.traffic,
		signal: signal ? AbortSignal.any([signal, halt.signal]) : halt.signal,
	};
	const outcome = await sendItemBatches<T>({
		items,
		sizes: plan.sizes(items.length),
		splittable: plan.splittable,
		onFailure: () => plan.stop?.(),
		send: async (batch) => {
			if (halt.signal.aborted) throw halted.error;
			const sent = await plan
				.send(
					batch.map((item) => inputs.get(item) as I),
					batch[0],
					traffic,
				)
				.then(
					(values) => ({ ok: true as const, values }),
					(error: unknown) => ({ ok: false as const, error }),
				);
			if (sent.ok) return sent.values;
			// A batch stopped by the halt (not by the user's cancel) fails with what halted it.
			if (halt.signal.aborted && !signal?.aborted) throw halted.error;
			if (refusedForEveryBatch(sent.error)) {
				halted.error = sent.error;
				halt.abort();
			}
			throw sent.error;
		},
	});
	for (const [item, result] of outcome.results) results[item] = result;
	const failed = results.findIndex((result) => result?.ok === false);
	return { results, firstFailure: outcome.firstFailure ?? (failed < 0 ? undefined : failed) };
}

/**
 * The items' outputs from their answers: `output` builds an item's JSON from its value, or throws
 * (that item's error: an answer that can't be right for it). The first failure in time stays the
 * one reported; a failure found here comes after every answer.
 */
export function itemOutputs<T, U>(
	outcome: AcrossItemsOutcome<T>,
	output: (value: T, item: number) => U,
): ItemOutputs<U> {
	const results = outcome.results.map((result, item): ItemResult<U> | undefined => {
		if (!result?.ok) return result;
		try {
			return { ok: true, value: output(result.value, item) };
		} catch (error) {
			return { ok: false, error };
		}
	});
	const failed = results.findIndex((result) => result?.ok === false);
	return Object.assign(results, {
		firstFailure: outcome.firstFailure ?? (failed < 0 ? undefined : failed),
	});
}

/** An all-items operation's results: one per item (undefined: not run), and the item that failed first. */
export type ItemOutputs<U> = Array<ItemResult<U> | undefined> & { firstFailure?: number };

/** One batch's request, sent for the items it carries (errors name the first): its answer, an object or a list. */
export async function sendBatch(
	this: IExecuteFunctions,
	connection: ServerConnection,
	request: TaskRequest,
	sending: { timeoutMs: number; itemIndex: number },
	traffic: Traffic,
): Promise<unknown> {
	const answer = { ...request, answer: 'value' as const, ...sending };
	return (await sendRequest.call(this, connection, answer, traffic)).body;
}
