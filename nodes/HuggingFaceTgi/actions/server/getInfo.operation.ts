import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { nativeUnavailable, parseServerInfo, ROOT_ROUTE_HINTS } from '../../helpers/generate';
import {
	type ServerConnection,
	tgiApiRequest,
	type Traffic,
} from '../../../shared/transport/transport';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: trafficOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['server'], operation: ['getInfo'] } },
	properties,
);

/**
 * "Get Server Info": `GET {Base URL}/info` — the served model and its token limits
 * (max_input_tokens, max_total_tokens, max_concurrent_requests, …).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: ServerConnection,
	traffic: Traffic,
): Promise<IDataObject> {
	const unavailable = nativeUnavailable(connection.server, 'Get Server Info');
	if (unavailable) {
		throw new NodeOperationError(this.getNode(), `${unavailable.message} [item ${itemIndex}]`, {
			itemIndex,
			description: unavailable.description,
		});
	}
	const { timeout } = this.getNodeParameter('options', itemIndex, {}) as { timeout?: number };
	const response = await tgiApiRequest.call(
		this,
		connection,
		{
			method: 'GET',
			path: 'info',
			root: true,
			hints: ROOT_ROUTE_HINTS,
			timeout,
			itemIndex,
		},
		traffic,
	);
	return parseServerInfo(response) as IDataObject;
}
