import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../../shared/wire/fieldError';
import { OutputError } from '../helpers/jsonOutput';
import { UnexpectedResponseError } from '../../shared/wire/response';
import { AdaptiveLimit, mapInOrder } from '../../shared/transport/concurrency';
import { readTraffic, type TrafficOptions } from '../../shared/transport/trafficSettings';
import { cancelled, getConnection, type TgiConnection } from '../../shared/transport/transport';
import * as chatMessage from './chat/message.operation';
import * as serverGetInfo from './server/getInfo.operation';
import * as textGenerate from './text/generate.operation';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	connection: TgiConnection,
) => Promise<IDataObject>;

const operations: Record<string, Record<string, Operation>> = {
	chat: { message: chatMessage.execute },
	text: { generate: textGenerate.execute },
	server: { getInfo: serverGetInfo.execute },
};

/** Every failure of one item as an n8n error that names the item (and the field, for bad input). */
function toNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError) {
		return new NodeOperationError(this.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `No request was sent for item ${itemIndex}. Fix "${error.field}" and run again.`,
		});
	}
	if (error instanceof OutputError) {
		return new NodeOperationError(this.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: error.hint,
		});
	}
	if (error instanceof UnexpectedResponseError) {
		return new NodeApiError(this.getNode(), { message: error.message }, { itemIndex, message: error.message });
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Concurrency, retries and the stop signal of this execution, from the first item's Options. */
function trafficFor(this: IExecuteFunctions, signal: AbortSignal) {
	const settings = readTraffic(this.getNodeParameter('options', 0, {}) as TrafficOptions);
	const limiter = new AdaptiveLimit(settings.concurrency, settings.adaptive);
	return { concurrency: settings.concurrency, traffic: { retry: settings.retry, limiter, signal } };
}

/** A failed item as n8n 1.x and 2.x both route it to the error output: the keys error and message only. */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, message: error.description || error.message },
		pairedItem: { item: itemIndex },
	};
}

/**
 * An execution-wide option (read from the first item) is wrong: nothing is sent. With Continue On
 * Fail every item comes out as an error item carrying that message, so none passes as a success.
 */
function optionsFailed(this: IExecuteFunctions, error: unknown, count: number, continueOnFail: boolean) {
	const failure = toNodeError.call(this, error, 0);
	if (error instanceof FieldError) {
		failure.description = `"${error.field}" applies to the whole execution and is read from the first item's Options: no request was sent for any item. Fix it and run again.`;
	}
	if (!continueOnFail) throw failure;
	return Array.from({ length: count }, (_, itemIndex) => errorItem(failure, itemIndex));
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const continueOnFail = this.continueOnFail();
	// Stops new items, queued attempts and retry waits: on cancel, or at the first failure
	// when failures stop the node (the requests already sent finish; their results are dropped).
	const stop = new AbortController();
	const cancelSignal = this.getExecutionCancelSignal?.();
	const onCancel = () => stop.abort();
	if (cancelSignal?.aborted) stop.abort();
	cancelSignal?.addEventListener('abort', onCancel, { once: true });

	try {
		let execution;
		try {
			execution = trafficFor.call(this, stop.signal);
		} catch (error) {
			return optionsFailed.call(this, error, items.length, continueOnFail);
		}
		const { concurrency, traffic } = execution;
		const connection = { ...(await getConnection.call(this)), traffic };
		const { results, firstFailure } = await mapInOrder(
			items.length,
			concurrency,
			async (itemIndex) => await run.call(this, itemIndex, connection),
			{ signal: stop.signal, onError: continueOnFail ? undefined : () => stop.abort() },
		);
		if (cancelSignal?.aborted) throw cancelled(this.getNode());
		const failed = firstFailure !== undefined ? results[firstFailure] : undefined;
		if (!continueOnFail && failed && !failed.ok) throw toNodeError.call(this, failed.error, firstFailure as number);

		return results.map((result, itemIndex) =>
			result?.ok
				? { json: result.value, pairedItem: { item: itemIndex } }
				: errorItem(toNodeError.call(this, result ? result.error : new Error('The item was not run'), itemIndex), itemIndex),
		);
	} finally {
		cancelSignal?.removeEventListener('abort', onCancel);
	}
}
