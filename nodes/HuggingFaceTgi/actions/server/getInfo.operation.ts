import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import { servedTask } from '../../../shared/dialects';
import { readTimeoutApart } from '../../../shared/settings/chat';
import type { ServerConnection, Traffic } from '../../../shared/transport/transport';
import { nativeRequest } from '../../helpers/native';
import { parseServerInfo } from '../../helpers/serverInfo';
import { optionsCollection } from '../../../shared/descriptions/collection';

const properties: INodeProperties[] = [optionsCollection(trafficOptions)];

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
	const { timeoutMs } = readTimeoutApart(
		this.getNodeParameter('options', itemIndex, {}) as { timeout?: unknown },
	);
	const sending = { timeoutMs, itemIndex };
	const info = () => servedTask(connection.server, 'info').request();
	const response = await nativeRequest.call(this, info, connection, sending, traffic);
	return parseServerInfo(response) as IDataObject;
}
