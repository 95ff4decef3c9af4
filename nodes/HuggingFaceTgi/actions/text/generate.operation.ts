import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	buildGenerateBody,
	type GenerateOptions,
	parseGenerateResponse,
	nativeUnavailable,
	ROOT_ROUTE_HINTS,
} from '../../helpers/generate';
import {
	type ServerConnection,
	tgiApiRequest,
	type Traffic,
} from '../../../shared/transport/transport';
import { generateOptions } from './generateOptions.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'inputs',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. My name is Olivier and I',
		description:
			"The raw text the model continues (TGI: inputs). No chat template is applied: add the model's own prompt format if it needs one.",
	},
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return only generated_text, finish_reason, generated_tokens and seed instead of TGI's whole response (with tokens and their log probabilities)",
	},
	generateOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['text'], operation: ['generate'] } },
	properties,
);

/** "Generate Text": one `POST {Base URL}/generate` for one item (self-hosted TGI, Inference Endpoints). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: ServerConnection,
	traffic: Traffic,
): Promise<IDataObject> {
	const unavailable = nativeUnavailable(connection.server, 'Generate Text');
	if (unavailable) {
		throw new NodeOperationError(this.getNode(), `${unavailable.message} [item ${itemIndex}]`, {
			itemIndex,
			description: unavailable.description,
		});
	}
	const { timeout, ...options } = this.getNodeParameter(
		'options',
		itemIndex,
		{},
	) as GenerateOptions & {
		timeout?: number;
	};
	const body = buildGenerateBody(this.getNodeParameter('inputs', itemIndex, ''), options);
	const response = await tgiApiRequest.call(
		this,
		connection,
		{
			method: 'POST',
			path: 'generate',
			root: true,
			hints: ROOT_ROUTE_HINTS,
			body: body as unknown as IDataObject,
			timeout,
			itemIndex,
		},
		traffic,
	);
	return parseGenerateResponse(
		response,
		this.getNodeParameter('simplify', itemIndex, true) as boolean,
	) as IDataObject;
}
