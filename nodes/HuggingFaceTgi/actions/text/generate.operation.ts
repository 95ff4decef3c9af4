import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { servedTask } from '../../../shared/dialects';
import { readTimeoutApart } from '../../../shared/settings/chat';
import type { ServerConnection, Traffic } from '../../../shared/transport/transport';
import {
	buildGenerateBody,
	generateUsage,
	type GenerateOptions,
	parseGenerateResponse,
} from '../../helpers/generate';
import { nativeRequest } from '../../helpers/native';
import { recordTokenUsage } from '../../helpers/tokenUsage';
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
	const { timeoutMs, rest: options } = readTimeoutApart(
		this.getNodeParameter('options', itemIndex, {}) as GenerateOptions & { timeout?: unknown },
	);
	const body = buildGenerateBody(this.getNodeParameter('inputs', itemIndex, ''), options);
	const generate = () =>
		servedTask(connection.server, 'generate').request(body as unknown as Record<string, unknown>);
	const response = await nativeRequest.call(
		this,
		generate,
		connection,
		{ timeoutMs, itemIndex },
		traffic,
	);
	recordTokenUsage(this, generateUsage(response));
	return parseGenerateResponse(
		response,
		this.getNodeParameter('simplify', itemIndex, true) as boolean,
	) as IDataObject;
}
