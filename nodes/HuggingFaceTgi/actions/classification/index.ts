import type { INodeProperties } from 'n8n-workflow';

import * as classify from './classify.operation';

export { classify };

/** The classification resource: its operation selector and each operation's fields. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['classification'] } },
		options: [
			{
				name: 'Classify',
				value: 'classify',
				action: 'Classify text',
				description:
					"Label each item's text (or pair of texts) with a classifier model, items batched across the execution (TEI /predict)",
			},
		],
		default: 'classify',
	},
	...classify.description,
];
