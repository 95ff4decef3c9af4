/**
 * n8n's AI runtime, loaded when a sub-node is used, not when n8n loads the package: n8n 2.x ships
 * it (@n8n/ai-utilities, @langchain/core), n8n 1.x does not. The Embeddings and Reranker sub-nodes
 * subclass langchain's classes as n8n itself resolves them, so n8n's `logWrapper` recognises them
 * (`instanceof`) and shows their inputs and outputs in the execution log, and the vector stores
 * take them as n8n's own. The Chat Model takes langchain's message classes from here.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import type { ISupplyDataFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface N8nAiRuntime {
	/** n8n's wrapper that logs a sub-node's calls in the execution (and its errors on the sub-node). */
	logWrapper<T extends object>(instance: T, context: ISupplyDataFunctions): T;
	Embeddings: typeof Embeddings;
	BaseDocumentCompressor: typeof BaseDocumentCompressor;
	AIMessage: typeof AIMessage;
	AIMessageChunk: typeof AIMessageChunk;
}

let loaded: Promise<N8nAiRuntime | undefined> | undefined;

async function load(): Promise<N8nAiRuntime | undefined> {
	try {
		const utilities = await import('@n8n/ai-utilities');
		// @langchain/core as @n8n/ai-utilities resolves it: the classes its logWrapper checks.
		const from = { paths: [require.resolve('@n8n/ai-utilities')] };
		const embeddingsPath = require.resolve('@langchain/core/embeddings', from);
		const compressorsPath = require.resolve(
			'@langchain/core/retrievers/document_compressors',
			from,
		);
		const messagesPath = require.resolve('@langchain/core/messages', from);
		const messages = (await import(messagesPath)) as typeof import('@langchain/core/messages');
		const embeddings = (await import(
			embeddingsPath
		)) as typeof import('@langchain/core/embeddings');
		const compressors = (await import(
			compressorsPath
		)) as typeof import('@langchain/core/retrievers/document_compressors');
		return {
			logWrapper: utilities.logWrapper as N8nAiRuntime['logWrapper'],
			Embeddings: embeddings.Embeddings,
			BaseDocumentCompressor: compressors.BaseDocumentCompressor,
			AIMessage: messages.AIMessage,
			AIMessageChunk: messages.AIMessageChunk,
		};
	} catch {
		return undefined;
	}
}

/**
 * n8n's AI runtime, or an error on `node` that says what is missing: the retrieval sub-nodes need
 * n8n 2.x. Loaded once per process.
 */
export async function n8nAiRuntime(context: ISupplyDataFunctions): Promise<N8nAiRuntime> {
	const what = context.getNode().name;
	loaded ??= load();
	const runtime = await loaded;
	if (runtime) return runtime;
	loaded = undefined; // tried again next time
	throw new NodeOperationError(
		context.getNode(),
		`${what} needs n8n 2.x: this n8n has no @n8n/ai-utilities (n8n's AI runtime, which logs sub-nodes and runs the vector stores)`,
		{
			description: `Upgrade n8n to 2.x to use ${what} with vector stores. The Hugging Face TGI node keeps working on this n8n.`,
		},
	);
}
