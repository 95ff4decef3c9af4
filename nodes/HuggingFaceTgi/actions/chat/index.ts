import type { INodeProperties } from 'n8n-workflow';

import * as message from './message.operation';

export { message };

/** The chat resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Message a Model',
				value: 'message',
				action: 'Message a model',
				description: 'Send a chat completion request for each item (POST …/chat/completions)',
			},
		],
		default: 'message',
	},
	...message.description,
];
