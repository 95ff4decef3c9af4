import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as chatMessage from './actions/chat/message.operation';
import { router } from './actions/router';
import * as serverGetInfo from './actions/server/getInfo.operation';
import * as textGenerate from './actions/text/generate.operation';
import { searchModels } from '../shared/methods/searchModels';

export class HuggingFaceTgi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face TGI',
		name: 'huggingFaceTgi',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { message: "Message a model", generate: "Generate text", getInfo: "Get server info" }[$parameter["operation"]] }}',
		description:
			'Chat completions from Hugging Face Text Generation Inference (TGI), Inference Endpoints and the HF router; TGI\'s native text generation',
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
				options: [
					{ name: 'Chat', value: 'chat' },
					{
						name: 'Server (TGI Native)',
						value: 'server',
						description: 'GET {Base URL}/info of a self-hosted TGI or Inference Endpoint',
					},
					{
						name: 'Text (TGI Native)',
						value: 'text',
						description: 'POST {Base URL}/generate of a self-hosted TGI or Inference Endpoint',
					},
				],
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
						description: 'Continue a raw prompt with TGI\'s own parameters (POST {Base URL}/generate, at the server root)',
					},
				],
				default: 'generate',
			},
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
						description: 'The served model and its token limits (GET {Base URL}/info, at the server root)',
					},
				],
				default: 'getInfo',
			},
			...chatMessage.description,
			...textGenerate.description,
			...serverGetInfo.description,
		],
	};

	methods = { listSearch: { searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
