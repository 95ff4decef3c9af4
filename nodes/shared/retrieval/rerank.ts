/**
 * Scores texts against a query through the credential's server — TEI's /rerank or the /rerank of
 * vLLM and llama.cpp — in batches the server takes (TEI's max_client_batch_size), merged into one
 * ranking: best first, ties by the texts' order. The Reranker sub-node and the action node's
 * Rerank both rank with it.
 */
import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import type { RerankTask } from '../dialects';
import type { RerankSettings } from '../settings/retrieval';
import type { ServerConnection, Traffic } from '../transport/transport';
import { batchSizes, mergeRankings, type RankedText } from '../wire/embeddings';
import { sendBatches } from './batches';

/** Every text of `texts` ranked for `query`, best first (the caller keeps its Top N). */
export async function rankTexts(
	this: IExecuteFunctions | ISupplyDataFunctions,
	connection: ServerConnection,
	task: RerankTask,
	settings: Omit<RerankSettings, 'topN'>,
	call: {
		query: string;
		texts: string[];
		noun: string;
		/** The execution's limit and stop signal, and the item, when one item of the action node ranks. */
		shared?: Pick<Traffic, 'limiter' | 'signal'>;
		itemIndex?: number;
		/** Each batch's answer as it came (its usage, where the server reports it). */
		onAnswer?: (answer: unknown) => void;
	},
): Promise<RankedText[]> {
	const { query, texts, noun, shared, itemIndex, onAnswer } = call;
	if (texts.length === 0) return [];
	const { concurrency, retry, timeoutMs, options } = settings;
	// TEI refuses more texts than its max_client_batch_size (413): more go in several requests.
	const limit = connection.server.limits?.maxClientBatchSize;
	const sizes = batchSizes(texts.length, limit ?? texts.length, limit);
	const send = sendBatches<RankedText[]>;
	const rankings = await send.call(this, connection, {
		texts,
		sizes,
		noun,
		request: (batch) => task.request(query, batch, options),
		read: (answer, { size, offset }) => {
			const ranked = task.read(answer, size, { noun, offset });
			onAnswer?.(answer);
			return ranked;
		},
		concurrency,
		retry,
		timeoutMs,
		shared,
		itemIndex,
	});
	return mergeRankings(rankings, sizes);
}
