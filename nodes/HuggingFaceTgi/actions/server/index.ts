import type { INodeProperties } from 'n8n-workflow';

import * as getInfo from './getInfo.operation';

export { getInfo };

/** The server resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['server'] } },
		options: [
			{
				name: 'Get Server Info',
				value: 'getInfo',
				action: 'Get server info',
				description:
					'The served model and its token limits (GET {Base URL}/info, at the server root)',
			},
		],
		default: 'getInfo',
	},
	...getInfo.description,
];
