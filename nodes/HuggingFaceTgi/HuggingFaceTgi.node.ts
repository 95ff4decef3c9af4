import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { labelsOf } from '../shared/descriptions/labels';
import { searchModels } from '../shared/methods/searchModels';
import * as chat from './actions/chat';
import * as classification from './actions/classification';
import * as embedding from './actions/embedding';
import * as ranking from './actions/ranking';
import { router } from './actions/router';
import * as server from './actions/server';
import * as text from './actions/text';
import * as token from './actions/token';

/** Resources, their operations, and each operation's fields. */
const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Chat', value: 'chat' },
			{
				name: 'Classification',
				value: 'classification',
				description: 'Labels of texts from a classifier model (TEI)',
			},
			{
				name: 'Embedding',
				value: 'embedding',
				description: 'Vectors of texts, as item data',
			},
			{
				name: 'Ranking',
				value: 'ranking',
				description: 'Documents scored against a query by a reranker model',
			},
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
			{
				name: 'Token',
				value: 'token',
				description: "Token counts from the server's own tokenizer",
			},
		],
		default: 'chat',
	},
	...chat.description,
	...text.description,
	...server.description,
	...embedding.description,
	...ranking.description,
	...classification.description,
	...token.description,
];

/** Whether a parameter is shown for this resource and operation. */
const shownFor = (property: INodeProperties, resource: string, operation: string) => {
	const show = property.displayOptions?.show;
	return (
		(!show?.resource || show.resource.includes(resource)) &&
		(!show?.operation || show.operation.includes(operation))
	);
};

/**
 * The node's label for each parameter of an operation, for the errors that name one: two
 * operations may give one name two labels (Generate Text's Truncate, Embed's Truncate Long Texts).
 */
const labelsFor = (resource: string, operation: string) =>
	labelsOf(properties.filter((property) => shownFor(property, resource, operation)));

/** Each operation's own action text ("Message a model") by its value: the subtitle needs no map of its own. */
const actions = Object.fromEntries(
	properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options ?? [])
		.map((option) => [(option as { value: string }).value, (option as { action?: string }).action]),
);

export class HuggingFaceTgi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face TGI',
		name: 'huggingFaceTgi',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(actions)}[$parameter["operation"]] }}`,
		description:
			'Chat completions, embeddings, reranking, classification and token counts from Hugging Face Text Generation Inference (TGI), Text Embeddings Inference (TEI), Inference Endpoints and the HF router',
		defaults: { name: 'Hugging Face TGI' },
		builderHint: {
			searchHint:
				'Hugging Face inference (TGI, Inference Endpoints, the HF router, vLLM, SGLang, llama.cpp): one chat completion per item, with tools, vision and JSON output; embeddings as item data, reranking, text classification and token counts, batched across items; TGI-native text generation and server info. For an AI Agent or chain, use the Hugging Face TGI Chat Model instead.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-huggingface-tgi.lmChatHuggingFaceTgi',
					relationHint: 'The same servers as the model of an AI Agent or chain',
				},
				{
					nodeType: 'n8n-nodes-base.splitOut',
					relationHint: 'Turns a list into one item per question before asking the model',
				},
			],
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Continue On Fail is read here, where n8n's lint (require-continue-on-fail) looks for it.
		return [await router.call(this, labelsFor, this.continueOnFail())];
	}
}
