import type { DocumentInterface } from '@langchain/core/documents';
import type {
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_TOP_N } from '../shared/defaults';
import { describeProfile, servedTask } from '../shared/dialects';
import { labelsOf } from '../shared/descriptions/labels';
import {
	retrievalModelLocator,
	retrievalTrafficOptions,
	topNOption,
	truncateOptions,
} from '../shared/descriptions/retrieval.description';
import { searchModels } from '../shared/methods/searchModels';
import { subNodeSettingsError } from '../shared/nodeErrors';
import { retrievalSetup } from '../shared/retrieval/setup';
import { readRerankSettings } from '../shared/settings/retrieval';
import { Reranker } from './reranker';
import { optionsCollection } from '../shared/descriptions/collection';

const properties: INodeProperties[] = [
	retrievalModelLocator('reranker', 'BAAI/bge-reranker-base'),
	topNOption,
	optionsCollection([...truncateOptions, ...retrievalTrafficOptions]),
];

/** The sub-node's label for each parameter, for errors that name one. */
const label = labelsOf(properties);

export class RerankerHuggingFaceTei implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reranker Hugging Face TEI',
		name: 'rerankerHuggingFaceTei',
		icon: { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["modelId"]?.value || "" }}',
		description:
			"Reorders a vector store's results by relevance to the query with a reranker model served by Hugging Face Text Embeddings Inference (TEI), vLLM or llama.cpp",
		defaults: { name: 'Reranker Hugging Face TEI' },
		builderHint: {
			searchHint:
				"Reranking on Hugging Face inference (Text Embeddings Inference with a reranker model, vLLM, llama.cpp): connect it as a vector store's reranker to reorder the documents a search finds, best first.",
			relatedNodes: [
				{
					nodeType: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
					relationHint: 'Its search results are reordered by this node (Rerank Results on)',
				},
				{
					nodeType: 'n8n-nodes-huggingface-tgi.embeddingsHuggingFaceTei',
					relationHint: 'Makes the vectors the vector store searches',
				},
			],
		},
		inputs: [],
		outputs: [NodeConnectionTypes.AiReranker],
		outputNames: ['Reranker'],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchModels } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const { runtime, model, values, connection } = await retrievalSetup.call(this, itemIndex);
		values.topN = this.getNodeParameter('topN', itemIndex, DEFAULT_TOP_N);
		let reranker: Reranker;
		try {
			const rerank = servedTask(connection.server, 'rerank');
			const server = describeProfile(connection.server);
			const settings = readRerankSettings(String(model ?? ''), values, rerank.options, server);
			reranker = new Reranker(this, connection, rerank, settings);
		} catch (error) {
			throw subNodeSettingsError(this.getNode(), error, label, itemIndex);
		}

		class HuggingFaceTeiReranker extends runtime.BaseDocumentCompressor {
			/** The Top N documents, best first, each with its score as `metadata.relevanceScore` (as n8n's Cohere reranker). */
			async compressDocuments(
				documents: DocumentInterface[],
				query: string,
			): Promise<DocumentInterface[]> {
				const texts = documents.map((document) => document.pageContent);
				const ranking = await reranker.rank(query, texts);
				return ranking.map(({ index, score }) => ({
					...documents[index],
					metadata: { ...documents[index].metadata, relevanceScore: score },
				}));
			}
		}
		return { response: runtime.logWrapper(new HuggingFaceTeiReranker(), this) };
	}
}
