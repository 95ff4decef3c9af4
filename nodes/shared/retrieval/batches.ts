/**
 * The one batching algorithm of the retrieval sub-nodes: texts cut into the sizes the server takes,
 * one request per batch (the dialect's task builds it), at most Concurrency batches in
 * flight under the server's shared budget, each retried on its own. Each answer is read as it
 * arrives, knowing its batch's place in the call; a failure names the texts its batch carried.
 */
import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import type { TaskRequest } from '../dialects';
import { AdaptiveLimit } from '../transport/concurrency';
import type { RetryPolicy } from '../transport/retry';
import {
	redactedAnswerError,
	sendBatchRequests,
	type ServerConnection,
	type Traffic,
} from '../transport/transport';
import { inBatches } from '../wire/embeddings';
import { batchError, batchPlace } from './texts';

/** A batch's place in the call: its index, how many texts it carries, how many came before. */
export interface BatchPlace {
	index: number;
	size: number;
	offset: number;
}

export interface BatchedCall<T> {
	texts: string[];
	/** The batches' sizes, in order (they add up to the texts). */
	sizes: number[];
	/** What the texts are, in errors: "document", "query". */
	noun: string;
	/** The request of one batch: the dialect's task's. */
	request: (batch: string[]) => TaskRequest;
	/** Reads one batch's answer (may throw: the error then names the batch's texts). */
	read: (answer: unknown, place: BatchPlace) => T;
	concurrency: number;
	retry: RetryPolicy;
	timeoutMs?: number;
	/** The execution's limit and stop signal, when the call is one item's of an execution (the action node); else the call's own. */
	shared?: Pick<Traffic, 'limiter' | 'signal'>;
	/** The item the call is made for, named in its errors (the action node). */
	itemIndex?: number;
}

/** Each batch's read answer, in the batches' order. */
export async function sendBatches<T>(
	this: IExecuteFunctions | ISupplyDataFunctions,
	connection: ServerConnection,
	call: BatchedCall<T>,
): Promise<T[]> {
	const node = this.getNode();
	const { texts, sizes, noun, concurrency, timeoutMs } = call;
	const offsets: number[] = [];
	let before = 0;
	for (const size of sizes) {
		offsets.push(before);
		before += size;
	}
	const requests = inBatches(texts, sizes).map((batch) => ({
		...call.request(batch),
		timeoutMs,
		itemIndex: call.itemIndex,
	}));
	const traffic = {
		retry: call.retry,
		limiter: call.shared?.limiter ?? new AdaptiveLimit(concurrency, true),
		signal: call.shared ? call.shared.signal : this.getExecutionCancelSignal?.(),
	};
	const send = sendBatchRequests<T>;
	return await send.call(this, connection, requests, traffic, {
		workers: concurrency,
		read: (answer, index) =>
			call.read(answer, { index, size: sizes[index], offset: offsets[index] }),
		failed: (error, index) =>
			batchError(
				node,
				redactedAnswerError(error, connection),
				batchPlace(noun, texts, sizes, index),
			),
	});
}
