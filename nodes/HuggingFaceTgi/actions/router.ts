import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../../shared/fieldError';
import { UnexpectedResponseError } from '../../shared/response';
import { getConnection, type TgiConnection } from '../../shared/transport';
import * as chatMessage from './chat/message.operation';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	connection: TgiConnection,
) => Promise<IDataObject>;

const operations: Record<string, Record<string, Operation>> = {
	chat: { message: chatMessage.execute },
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
	if (error instanceof UnexpectedResponseError) {
		return new NodeApiError(this.getNode(), { message: error.message }, { itemIndex, message: error.message });
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const connection = await getConnection.call(this);

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = await run.call(this, itemIndex, connection);
			output.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = toNodeError.call(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			// Only the keys error and message: both n8n 1.x and 2.x then route the item to the error
			// output under "Continue (using error output)", with the input item's fields merged in.
			output.push({
				json: { error: error.message, message: error.description || error.message },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return output;
}
