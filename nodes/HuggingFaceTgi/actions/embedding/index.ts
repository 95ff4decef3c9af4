import type { INodeProperties } from 'n8n-workflow';

import * as embed from './embed.operation';

export { embed };

/** The embedding resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['embedding'] } },
		options: [
			{
				name: 'Embed',
				value: 'embed',
				action: 'Embed text',
				description:
					"Turn each item's text into a vector, items batched across the execution (TEI /embed, OpenAI-compatible /embeddings, the HF router's feature extraction)",
			},
		],
		default: 'embed',
	},
	...embed.description,
];
