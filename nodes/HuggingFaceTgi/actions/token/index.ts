import type { INodeProperties } from 'n8n-workflow';

import * as count from './count.operation';

export { count };

/** The token resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Count Tokens',
				value: 'count',
				action: 'Count tokens',
				description:
					"Count each item's tokens with the server's own tokenizer, text or chat messages (TGI, TEI, vLLM, llama.cpp /tokenize)",
			},
		],
		default: 'count',
	},
	...count.description,
];
