/**
 * What both TGI-native operations need: their routes sit at the server root (outside the API
 * Version), only servers whose dialect has them are sent to, and a 404 there has its own hint.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { servedTask, type Tasks, type WrongServerError } from '../../shared/dialects';
import {
	type ServerConnection,
	tgiApiRequest,
	type TgiRequest,
	type Traffic,
} from '../../shared/transport/transport';

/** The 404 hint for root routes: the usual cause is a router Base URL. */
const ROOT_ROUTE_HINTS: Record<number, string> = {
	404: "TGI's native routes (/generate, /info) live at the server root, {Base URL}/generate, not under the API Version. They exist on a self-hosted TGI and on Inference Endpoints, not on the HF router: use Message a Model there.",
};

/** One request to a TGI-native route for one item, refused before sending where there is none. */
export async function nativeRequest(
	this: IExecuteFunctions,
	task: keyof Pick<Tasks, 'generate' | 'info'>,
	connection: ServerConnection,
	request: Omit<TgiRequest, 'path' | 'root' | 'hints'> & { itemIndex: number },
	traffic: Traffic,
): Promise<IDataObject> {
	const { itemIndex } = request;
	let routes;
	try {
		routes = servedTask(connection.server, task);
	} catch (error) {
		const { message, description } = error as WrongServerError;
		throw new NodeOperationError(this.getNode(), `${message} [item ${itemIndex}]`, {
			itemIndex,
			description,
		});
	}
	const rooted = { ...request, path: routes[task], root: true, hints: ROOT_ROUTE_HINTS };
	return await tgiApiRequest.call(this, connection, rooted, traffic);
}
