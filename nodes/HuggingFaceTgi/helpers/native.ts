/**
 * What both TGI-native operations need: only servers whose dialect serves the task are sent to
 * (TGI's; its routes sit at the server root, with their own 404 hint), others refused by name.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TaskRequest, WrongServerError } from '../../shared/dialects';
import { type ServerConnection, sendRequest, type Traffic } from '../../shared/transport/transport';

/**
 * One request to a TGI-native route for one item: `request` asks the server's task for it
 * (servedTask), and a server without the task is the item's error, before anything is sent.
 */
export async function nativeRequest(
	this: IExecuteFunctions,
	request: () => TaskRequest,
	connection: ServerConnection,
	sending: { timeoutMs: number; itemIndex: number },
	traffic: Traffic,
): Promise<IDataObject> {
	const { itemIndex } = sending;
	let task: TaskRequest;
	try {
		task = request();
	} catch (error) {
		const { message, description } = error as WrongServerError;
		throw new NodeOperationError(this.getNode(), `${message} [item ${itemIndex}]`, {
			itemIndex,
			description,
		});
	}
	const { body } = await sendRequest.call(this, connection, { ...task, ...sending }, traffic);
	return body as IDataObject;
}
