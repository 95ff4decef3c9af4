/**
 * Scores documents against a query through the credential's server — TEI's /rerank or the
 * /rerank of vLLM and llama.cpp — in batches the server takes (TEI's max_client_batch_size),
 * merged into one ranking: best first, ties by the documents' order, Top N kept.
 */
import type { ISupplyDataFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RerankTask } from '../shared/dialects';
import { sendBatches } from '../shared/retrieval/batches';
import { checkTexts } from '../shared/retrieval/texts';
import type { RerankSettings } from '../shared/settings/retrieval';
import type { ServerConnection } from '../shared/transport/transport';
import { batchSizes, mergeRankings, type RankedText } from '../shared/wire/embeddings';

const EMPTY_TEXT_FIX =
	'Rerank servers refuse empty texts. Check the documents the vector store returned (their text field) and the query the chain or agent passes.';

export class Reranker {
	constructor(
		private readonly ctx: ISupplyDataFunctions,
		private readonly connection: ServerConnection,
		private readonly task: RerankTask,
		private readonly settings: RerankSettings,
	) {}

	/** The Top N of `documents` for `query`, best first; ties keep the documents' order. */
	async rank(query: unknown, documents: unknown): Promise<RankedText[]> {
		const node = this.ctx.getNode();
		if (typeof query !== 'string' || query.trim() === '') {
			throw new NodeOperationError(node, 'The query to rerank by is empty: no request was sent', {
				description: EMPTY_TEXT_FIX,
			});
		}
		const texts = checkTexts(node, documents, 'document', EMPTY_TEXT_FIX);
		if (texts.length === 0) return [];
		const { concurrency, retry, timeoutMs, options } = this.settings;
		// TEI refuses more texts than its max_client_batch_size (413): more go in several requests.
		const limit = this.connection.server.limits?.maxClientBatchSize;
		const sizes = batchSizes(texts.length, limit ?? texts.length, limit);
		const send = sendBatches<RankedText[]>;
		const rankings = await send.call(this.ctx, this.connection, {
			texts,
			sizes,
			noun: 'document',
			request: (batch) => this.task.request(query, batch, options),
			read: (answer, { size, offset }) =>
				this.task.read(answer, size, { noun: 'document', offset }),
			concurrency,
			retry,
			timeoutMs,
		});
		return mergeRankings(rankings, sizes).slice(0, this.settings.topN);
	}
}
