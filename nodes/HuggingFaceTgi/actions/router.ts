import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WrongServerError } from '../../shared/dialects';
import { fieldNodeError, wrongServerNodeError } from '../../shared/nodeErrors';
import { FieldError } from '../../shared/wire/fieldError';
import { OutputError } from '../helpers/jsonOutput';
import { withParameterCache } from '../helpers/parameters';
import { UnexpectedResponseError } from '../../shared/wire/response';
import { AdaptiveLimit, mapInOrder } from '../../shared/transport/concurrency';
import { readTraffic, type TrafficOptions } from '../../shared/settings/traffic';
import {
	cancelled,
	getConnection,
	redactedAnswerError,
	type ServerConnection,
	type Traffic,
} from '../../shared/transport/transport';
import { withServerProfile } from '../../shared/transport/detect';
import type { ItemResult } from '../helpers/itemBatches';
import * as chat from './chat';
import * as classification from './classification';
import * as embedding from './embedding';
import * as ranking from './ranking';
import * as server from './server';
import * as text from './text';
import * as token from './token';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	connection: ServerConnection,
	traffic: Traffic,
) => Promise<IDataObject>;

/**
 * An operation run once for all the items (Embed: items batched across the execution): one result
 * per item, and the item that failed first in time. `stop`, when failures stop the node, is called
 * at the first failure (it stops the requests not yet sent).
 */
type AllItemsOperation = (
	this: IExecuteFunctions,
	count: number,
	connection: ServerConnection,
	traffic: Traffic,
	run: { stop?: () => void },
) => Promise<Array<ItemResult<IDataObject> | undefined> & { firstFailure?: number }>;

/** Each resource's module (actions/<resource>/index.ts): its operations by name, as n8n's OpenAI v2 has them. */
const resources: Record<string, Record<string, unknown>> = {
	chat,
	text,
	server,
	embedding,
	ranking,
	classification,
	token,
};

/**
 * The operation's execute (per item) or executeAll (all items at once), from its resource's
 * module: a new operation needs no entry here.
 */
export function operationFor(
	resource: string,
	operation: string,
): { execute: Operation } | { executeAll: AllItemsOperation } | undefined {
	const module = resources[resource]?.[operation] as
		| { execute?: Operation; executeAll?: AllItemsOperation }
		| undefined;
	if (typeof module?.executeAll === 'function') return { executeAll: module.executeAll };
	return typeof module?.execute === 'function' ? { execute: module.execute } : undefined;
}

type Label = (name: string) => string;

/** Every failure of one item as an n8n error that names the item (and the field, for bad input). */
function toNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number, label: Label) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError) {
		return fieldNodeError(
			this.getNode(),
			error,
			label,
			itemIndex,
			`No request was sent for item ${itemIndex}. Fix {field} and run again.`,
		);
	}
	if (error instanceof WrongServerError)
		return wrongServerNodeError(this.getNode(), error, itemIndex);
	if (error instanceof OutputError) {
		return new NodeOperationError(this.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: error.hint,
		});
	}
	if (error instanceof UnexpectedResponseError) {
		return new NodeApiError(
			this.getNode(),
			{ message: error.message },
			{ itemIndex, message: error.message },
		);
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
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: { error: error.message, message: error.description || error.message },
		pairedItem: { item: itemIndex },
	};
}

/**
 * An execution-wide option (read from the first item) or the credential is wrong: nothing is sent. With Continue On
 * Fail every item comes out as an error item carrying that message, so none passes as a success.
 */
function optionsFailed(
	this: IExecuteFunctions,
	error: unknown,
	count: number,
	continueOnFail: boolean,
	label: Label,
) {
	const failure = toNodeError.call(this, error, 0, label);
	if (error instanceof FieldError) {
		failure.description = `"${label(error.field)}" applies to the whole execution and is read from the first item's Options: no request was sent for any item. Fix it and run again.`;
	}
	if (!continueOnFail) throw failure;
	return Array.from({ length: count }, (_, itemIndex) => errorItem(failure, itemIndex));
}

/** An all-items operation's results as mapInOrder gives them; a failure of the whole (a setting, the server) is every item's. */
async function allItems(
	this: IExecuteFunctions,
	operation: AllItemsOperation,
	count: number,
	connection: ServerConnection,
	traffic: Traffic,
	stop?: () => void,
) {
	try {
		const results = await operation.call(this, count, connection, traffic, { stop });
		return { results: Array.from(results), firstFailure: results.firstFailure };
	} catch (error) {
		const failed = { ok: false as const, error };
		return { results: Array.from({ length: count }, () => failed), firstFailure: 0 };
	}
}

/**
 * Runs the chosen operation once per item (or once for all, Embed); `labelsFor` names its parameters in errors as the node shows them.
 * With `continueOnFail` a failed item comes out as an error item and the others still run.
 */
export async function router(
	this: IExecuteFunctions,
	labelsFor: (resource: string, operation: string) => Label,
	continueOnFail: boolean,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const label = labelsFor(resource, operation);
	const run = operationFor(resource, operation);
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	// Stops new items, queued attempts and retry waits: on cancel, or at the first failure
	// when failures stop the node (the requests already sent finish; their results are dropped).
	const stop = new AbortController();
	const cancelSignal = this.getExecutionCancelSignal?.();
	const onCancel = () => stop.abort();
	if (cancelSignal?.aborted) stop.abort();
	cancelSignal?.addEventListener('abort', onCancel, { once: true });

	try {
		let execution;
		let credential;
		try {
			execution = trafficFor.call(this, stop.signal);
			// The credential too applies to every item (its Max Concurrent Requests is checked here).
			credential = await getConnection.call(this);
		} catch (error) {
			return optionsFailed.call(this, error, items.length, continueOnFail, label);
		}
		const { concurrency, traffic } = execution;
		// The server's dialect, once per execution (detected once per credential for a few minutes).
		const connection = await withServerProfile.call(this, credential, stop.signal);
		// Parameters without an expression are read once for all the items.
		const context = withParameterCache(this);
		const stopAtFailure = continueOnFail ? undefined : () => stop.abort();
		const { results, firstFailure } =
			'executeAll' in run
				? await allItems.call(
						context,
						run.executeAll,
						items.length,
						connection,
						traffic,
						stopAtFailure,
					)
				: await mapInOrder(
						items.length,
						concurrency,
						async (itemIndex) => await run.execute.call(context, itemIndex, connection, traffic),
						{ signal: stop.signal, onError: stopAtFailure },
					);
		if (cancelSignal?.aborted) throw cancelled(this.getNode());
		const failed = firstFailure !== undefined ? results[firstFailure] : undefined;
		if (!continueOnFail && failed && !failed.ok)
			throw toNodeError.call(
				this,
				redactedAnswerError(failed.error, connection),
				firstFailure as number,
				label,
			);

		return results.map((result, itemIndex) =>
			result?.ok
				? { json: result.value, pairedItem: { item: itemIndex } }
				: errorItem(
						toNodeError.call(
							this,
							result
								? redactedAnswerError(result.error, connection)
								: new Error('The item was not run'),
							itemIndex,
							label,
						),
						itemIndex,
					),
		);
	} finally {
		cancelSignal?.removeEventListener('abort', onCancel);
	}
}
