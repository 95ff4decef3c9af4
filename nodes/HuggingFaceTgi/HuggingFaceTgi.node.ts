import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as chatMessage from './actions/chat/message.operation';
import { router } from './actions/router';
import { searchModels } from './listSearch/searchModels';

export class HuggingFaceTgi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face TGI',
		name: 'huggingFaceTgi',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "message" ? "Message a model" : $parameter["operation"] }}',
		description:
			'Chat completions from Hugging Face Text Generation Inference (TGI), Inference Endpoints and the HF router',
		defaults: { name: 'Hugging Face TGI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Chat', value: 'chat' }],
				default: 'chat',
			},
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
			...chatMessage.description,
		],
	};

	methods = { listSearch: { searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
