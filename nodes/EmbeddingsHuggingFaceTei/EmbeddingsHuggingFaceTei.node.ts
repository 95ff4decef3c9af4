import type {
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { describeProfile, servedTask } from '../shared/dialects';
import { labelsOf } from '../shared/descriptions/labels';
import {
	embeddingsOptions,
	retrievalModelLocator,
} from '../shared/descriptions/retrieval.description';
import { searchEmbeddingModels } from '../shared/methods/searchModels';
import { subNodeSettingsError } from '../shared/nodeErrors';
import { retrievalSetup } from '../shared/retrieval/setup';
import { readEmbeddingsSettings } from '../shared/settings/retrieval';
import { Embedder } from './embedder';
import { optionsCollection } from '../shared/descriptions/collection';

const properties: INodeProperties[] = [
	retrievalModelLocator('embedding', 'BAAI/bge-small-en-v1.5'),
	optionsCollection(embeddingsOptions),
];

/** The sub-node's label for each parameter, for errors that name one. */
const label = labelsOf(properties);

export class EmbeddingsHuggingFaceTei implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Embeddings Hugging Face TEI',
		name: 'embeddingsHuggingFaceTei',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["modelId"]?.value || "" }}',
		description:
			'Embeddings for vector stores from Hugging Face Text Embeddings Inference (TEI), vLLM, SGLang, llama.cpp or the HF router',
		defaults: { name: 'Embeddings Hugging Face TEI' },
		builderHint: {
			searchHint:
				"Embeddings from Hugging Face inference (Text Embeddings Inference, Inference Endpoints, the HF router's feature extraction, vLLM, llama.cpp) for a vector store: connect it as the vector store's embedding model, for inserting documents and for searching.",
			relatedNodes: [
				{
					nodeType: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
					relationHint: 'Stores and searches the vectors this node makes',
				},
				{
					nodeType: '@n8n/n8n-nodes-langchain.vectorStorePGVector',
					relationHint: 'Stores and searches the vectors this node makes, in Postgres',
				},
				{
					nodeType: 'n8n-nodes-huggingface-tgi.rerankerHuggingFaceTei',
					relationHint: "Reorders what the vector store finds by the reranker's scores",
				},
			],
		},
		inputs: [],
		outputs: [NodeConnectionTypes.AiEmbedding],
		outputNames: ['Embeddings'],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties,
	};

	// The shared Model field asks `searchModels`: here, the models that embed.
	methods = { listSearch: { searchModels: searchEmbeddingModels } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const { runtime, model, values, connection } = await retrievalSetup.call(this, itemIndex);
		let embedder: Embedder;
		try {
			const embed = servedTask(connection.server, 'embed');
			const takes = embed.options(connection);
			const server = describeProfile(connection.server);
			const settings = readEmbeddingsSettings(model, values, takes, server);
			// Fails early, naming the field, when the route needs a setting (the router's model).
			embed.check?.(settings.options, connection);
			embedder = new Embedder(this, connection, embed, settings);
		} catch (error) {
			throw subNodeSettingsError(this.getNode(), error, label, itemIndex);
		}

		class HuggingFaceTeiEmbeddings extends runtime.Embeddings {
			async embedDocuments(documents: string[]): Promise<number[][]> {
				return await embedder.embed(documents, 'document');
			}

			async embedQuery(query: string): Promise<number[]> {
				const [vector] = await embedder.embed([query], 'query');
				return vector;
			}
		}
		return { response: runtime.logWrapper(new HuggingFaceTeiEmbeddings({}), this) };
	}
}
