import type {
	IDataObject,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import type * as AiNodeSdk from '@n8n/ai-node-sdk';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { labelsOf } from '../shared/descriptions/labels';
import { n8nAiRuntime } from '../shared/n8nAi';
import { modelLocator } from '../shared/descriptions/model.description';
import { sharedChatOptions } from '../shared/descriptions/chat.description';
import { chatSamplingOptions, samplingOptions } from '../shared/descriptions/sampling.description';
import { perRequestTrafficOptions } from '../shared/descriptions/traffic.description';
import { searchModels } from '../shared/methods/searchModels';
import { checkChatOptions } from '../shared/dialects/chatBody';
import { readChatModelOptions } from '../shared/settings/chat';
import { withServerProfile } from '../shared/transport/detect';
import { getConnection } from '../shared/transport/transport';
import { chatModelOptions } from './options.description';
import { patchSuppliedModel } from './suppliedModel';
import { ChatCompletionsModel, settingsError } from './chatCompletionsModel';
import { optionsCollection } from '../shared/descriptions/collection';

/**
 * Loaded when the model is used, not when n8n loads the package: n8n 1.x has no AI node SDK. The
 * type import above is what n8n's lint reads to know this node is built on the SDK (rules
 * no-ai-codex-category and no-codex-subcategories): its codex keeps the "AI" category.
 */
async function loadSdk(): Promise<typeof AiNodeSdk | undefined> {
	try {
		return await import('@n8n/ai-node-sdk');
	} catch {
		return undefined;
	}
}

const properties: INodeProperties[] = [
	modelLocator,
	optionsCollection([
		...perRequestTrafficOptions,
		...samplingOptions,
		...chatSamplingOptions,
		...sharedChatOptions,
		...chatModelOptions,
	]),
];

/** The sub-node's label for each parameter, for errors that name one. */
const label = labelsOf(properties, { tools: 'Tools connected to the agent' });

export class LmChatHuggingFaceTgi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face TGI Chat Model',
		name: 'lmChatHuggingFaceTgi',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["modelId"]?.value || "" }}',
		description:
			'Chat model for the AI Agent and chains, served by Hugging Face TGI, Inference Endpoints or the HF router',
		defaults: { name: 'Hugging Face TGI Chat Model' },
		builderHint: {
			searchHint:
				'Chat model on Hugging Face inference (TGI, Inference Endpoints, the HF router, vLLM, SGLang, llama.cpp) for an AI Agent or chain: streaming, tools, JSON output. Connect it as the language model of an AI Agent, Basic LLM Chain or other AI root node.',
			relatedNodes: [
				{
					nodeType: '@n8n/n8n-nodes-langchain.agent',
					relationHint: 'Uses this node as its language model',
				},
				{
					nodeType: '@n8n/n8n-nodes-langchain.chainLlm',
					relationHint: 'Uses this node as its language model',
				},
			],
		},
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchModels } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const sdk = await loadSdk();
		if (!sdk) {
			throw new NodeOperationError(
				this.getNode(),
				'Hugging Face TGI Chat Model needs n8n 2.x: this n8n has no AI node SDK (@n8n/ai-node-sdk)',
				{
					description:
						'Upgrade n8n to use TGI in the AI Agent. The Hugging Face TGI node works on this n8n for chat per item.',
				},
			);
		}
		const modelId = this.getNodeParameter('modelId', itemIndex, '', {
			extractValue: true,
		}) as string;
		const signal = this.getExecutionCancelSignal?.();
		const connection = await withServerProfile.call(this, await getConnection.call(this), signal);
		let settings;
		try {
			settings = readChatModelOptions(
				this.getNodeParameter('options', itemIndex, {}) as IDataObject,
			);
			// Fails early, naming the field, by the rules of the server's dialect.
			checkChatOptions(settings.body, { server: connection.server, endpoint: connection });
		} catch (error) {
			throw settingsError(this, error, label, itemIndex);
		}

		const traffic = { retry: settings.retry, signal };
		const schemaOf = sdk.getParametersJsonSchema;
		const model = new ChatCompletionsModel(this, connection, traffic, modelId, {
			options: settings.body,
			timeoutMs: settings.timeoutMs,
			schemaOf,
			itemIndex,
			label,
			disableStreaming: settings.disableStreaming,
			reasoningInline: settings.reasoningInline,
			firstToolChoice: settings.firstToolChoice,
		});
		const supplied = sdk.supplyModel(this, model);
		patchSuppliedModel(supplied.response, await n8nAiRuntime(this));
		return supplied;
	}
}
