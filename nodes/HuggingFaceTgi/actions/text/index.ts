import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';

export { generate };

/** The text resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['text'] } },
		options: [
			{
				name: 'Generate Text',
				value: 'generate',
				action: 'Generate text',
				description:
					"Continue a raw prompt with TGI's own parameters (POST {Base URL}/generate, at the server root)",
			},
		],
		default: 'generate',
	},
	...generate.description,
];
