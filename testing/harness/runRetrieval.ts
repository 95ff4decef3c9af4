/**
 * Runs `Items -> Test Retriever <- Embeddings Hugging Face TEI (+ Reranker Hugging Face TEI)` in
 * n8n-core's engine. The test retriever is a root node that, like n8n's vector stores, takes the
 * embeddings from its ai_embedding input and the reranker from its ai_reranker input (so n8n-core
 * calls the sub-nodes' supplyData and n8n's logWrapper records their calls), then, per item:
 *   documents  embedDocuments(item.texts)
 *   query      embedQuery(item.query)
 *   search     LangChain's MemoryVectorStore filled with item.texts, searched for item.query (k),
 *              reranked when a reranker is connected
 *   rerank     compressDocuments(item.texts as documents, item.query)
 */
import path from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { executeWorkflow, itemsStart, itemsNode, loadPackage, PACKAGE_NAME } from './n8nEngine';
import type { RunError } from './runWorkflow';

// The LangChain copies that n8n's AI runtime (@n8n/ai-utilities) uses.
const utilitiesDir = path.dirname(require.resolve('@n8n/ai-utilities'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromUtilities = (id: string): any => require(require.resolve(id, { paths: [utilitiesDir] }));
const { MemoryVectorStore } = fromUtilities('@langchain/classic/vectorstores/memory');
const { Document } = fromUtilities('@langchain/core/documents');

export const EMBEDDINGS_NODE_TYPE = `${PACKAGE_NAME}.embeddingsHuggingFaceTei`;
export const RERANKER_NODE_TYPE = `${PACKAGE_NAME}.rerankerHuggingFaceTei`;
const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

export type RetrievalMode = 'documents' | 'query' | 'search' | 'rerank';

const retrieverNode = {
	description: {
		displayName: 'Test Retriever',
		name: 'retriever',
		group: ['transform'],
		version: 1,
		description: 'Embeds, searches and reranks as a vector store does',
		defaults: { name: 'Retriever' },
		inputs: [
			'main',
			{ type: 'ai_embedding', required: false, maxConnections: 1 },
			{ type: 'ai_reranker', required: false, maxConnections: 1 },
		],
		outputs: ['main'],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'documents' },
			{ displayName: 'K', name: 'k', type: 'number', default: 4 },
		],
	},
	async execute(this: IExecuteFunctions) {
		const results = [];
		const items = this.getInputData();
		for (let item = 0; item < items.length; item++) {
			const mode = this.getNodeParameter('mode', item) as RetrievalMode;
			const { texts, query } = items[item].json as { texts?: unknown; query?: unknown };
			const documents = () =>
				(texts as string[]).map(
					(text, id) => new Document({ pageContent: text, metadata: { id } }),
				);
			let json: Record<string, unknown>;
			if (mode === 'rerank') {
				const reranker = (await this.getInputConnectionData('ai_reranker' as any, item)) as any;
				const ranked = await reranker.compressDocuments(documents(), query);
				json = { ranked: ranked.map((d: any) => ({ text: d.pageContent, metadata: d.metadata })) };
			} else {
				const embeddings = (await this.getInputConnectionData('ai_embedding' as any, item)) as any;
				if (mode === 'documents') json = { vectors: await embeddings.embedDocuments(texts) };
				else if (mode === 'query') json = { vector: await embeddings.embedQuery(query) };
				else {
					const store = await MemoryVectorStore.fromDocuments(documents(), embeddings);
					let found = await store.similaritySearch(query, this.getNodeParameter('k', item));
					const reranker = (await this.getInputConnectionData('ai_reranker' as any, item).catch(
						() => undefined,
					)) as any;
					if (reranker) found = await reranker.compressDocuments(found, query);
					json = { found: found.map((d: any) => ({ text: d.pageContent, metadata: d.metadata })) };
				}
			}
			results.push({ json, pairedItem: { item } });
		}
		return [results];
	},
};

export interface RetrievalRunOptions {
	items: object[];
	mode: RetrievalMode;
	k?: number;
	/** The Embeddings sub-node's parameters (none: not connected). */
	embeddings?: Record<string, unknown>;
	/** The Reranker sub-node's parameters (none: not connected). */
	reranker?: Record<string, unknown>;
	credentials: Record<string, unknown>;
	/** The Reranker's own credential (another server: TEI serves one model), else `credentials`. */
	rerankerCredentials?: Record<string, unknown>;
	/** Cancels the execution (as the editor's stop button does) when this settles. */
	cancelOn?: Promise<unknown>;
}

export interface RetrievalRunResult {
	run: any;
	output: Array<{ json: Record<string, any> }>;
	error?: RunError;
	/** What n8n's logWrapper recorded for the Embeddings sub-node, as the editor shows it. */
	embeddingRuns: any[];
	rerankerRuns: any[];
}

const model = (value: string) => ({ __rl: true, mode: 'id', value });

/** Runs `Items -> Test Retriever <- sub-nodes` in n8n's engine. */
export async function runRetrievalWorkflow(
	options: RetrievalRunOptions,
): Promise<RetrievalRunResult> {
	const { nodes } = loadPackage();
	const credentials = { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TEI test' } };
	const workflowNodes: any[] = [
		itemsStart(options.items),
		{
			id: '2',
			name: 'Retriever',
			type: 'test.retriever',
			typeVersion: 1,
			position: [200, 0],
			parameters: { mode: options.mode, k: options.k ?? 4 },
		},
	];
	const connections: Record<string, any> = {
		Items: { main: [[{ node: 'Retriever', type: 'main', index: 0 }]] },
	};
	const subNodes = [
		['Embeddings', EMBEDDINGS_NODE_TYPE, 'ai_embedding', options.embeddings],
		['Reranker', RERANKER_NODE_TYPE, 'ai_reranker', options.reranker],
	] as const;
	subNodes.forEach(([name, type, connection, parameters], index) => {
		if (!parameters) return;
		workflowNodes.push({
			id: String(3 + index),
			name,
			type,
			typeVersion: 1,
			position: [200 + 200 * index, 200],
			parameters: { modelId: model(''), ...parameters },
			credentials:
				name === 'Reranker' && options.rerankerCredentials
					? { [CREDENTIAL_TYPE]: { id: 'cred-2', name: 'TEI reranker' } }
					: credentials,
		});
		connections[name] = { [connection]: [[{ node: 'Retriever', type: connection, index: 0 }]] };
	});
	const run = await executeWorkflow({
		id: 'retrieval-test',
		nodes: workflowNodes,
		connections,
		nodeTypes: { ...nodes, 'test.items': itemsNode, 'test.retriever': retrieverNode },
		credentials: {
			[CREDENTIAL_TYPE]: options.credentials,
			...(options.rerankerCredentials
				? { [`${CREDENTIAL_TYPE}#cred-2`]: options.rerankerCredentials }
				: {}),
		},
		prepare: (running) => void options.cancelOn?.then(() => running.cancel()),
	});
	const { runData } = run.data.resultData;
	const retrieverRun = runData.Retriever?.[0];
	return {
		run,
		output: retrieverRun?.data?.main?.[0] ?? [],
		error: retrieverRun?.error ?? run.data.resultData.error,
		embeddingRuns: runData.Embeddings ?? [],
		rerankerRuns: runData.Reranker ?? [],
	};
}
