import type { INodeProperties } from 'n8n-workflow';

import * as rerank from './rerank.operation';

export { rerank };

/** The ranking resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ranking'] } },
		options: [
			{
				name: 'Rerank',
				value: 'rerank',
				action: 'Rerank documents',
				description:
					"Score each item's documents against its query, best first (TEI /rerank, vLLM and llama.cpp /rerank)",
			},
		],
		default: 'rerank',
	},
	...rerank.description,
];
