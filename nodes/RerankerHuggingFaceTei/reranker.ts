/**
 * The Reranker sub-node's ranking: the query and the vector store's documents checked, then ranked
 * by the shared algorithm (shared/retrieval/rerank.ts), Top N kept.
 */
import type { ISupplyDataFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RerankTask } from '../shared/dialects';
import { rankTexts } from '../shared/retrieval/rerank';
import { checkTexts } from '../shared/retrieval/texts';
import type { RerankSettings } from '../shared/settings/retrieval';
import type { ServerConnection } from '../shared/transport/transport';
import type { RankedText } from '../shared/wire/embeddings';

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
		const ranking = await rankTexts.call(this.ctx, this.connection, this.task, this.settings, {
			query,
			texts,
			noun: 'document',
		});
		return ranking.slice(0, this.settings.topN);
	}
}
