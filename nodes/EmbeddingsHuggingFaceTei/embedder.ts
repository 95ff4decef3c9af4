/**
 * Embeds texts through the credential's server: cut into batches of Batch Size (capped by the
 * server's own limit), sent at most Concurrency at once under the server's shared budget, each
 * retried on its own, read back checked and in order.
 */
import type { ISupplyDataFunctions } from 'n8n-workflow';

import type { EmbedTask } from '../shared/dialects';
import { sendBatches } from '../shared/retrieval/batches';
import { batchError, batchPlace, checkTexts } from '../shared/retrieval/texts';
import type { EmbeddingsSettings } from '../shared/settings/retrieval';
import type { ServerConnection } from '../shared/transport/transport';
import { batchSizes, lengthProblem } from '../shared/wire/embeddings';
import { UnexpectedResponseError } from '../shared/wire/response';

/** Documents being inserted, or a search query: each may have its own prompt name. */
export type TextKind = 'document' | 'query';

const EMPTY_TEXT_FIX =
	'Embeddings servers refuse empty texts. Check the field the Default Data Loader reads (an expression that resolves to nothing), or the query the chain or agent passes.';

export class Embedder {
	constructor(
		private readonly ctx: ISupplyDataFunctions,
		private readonly connection: ServerConnection,
		private readonly task: EmbedTask,
		private readonly settings: EmbeddingsSettings,
	) {}

	/** One vector per text, in the texts' order. */
	async embed(input: unknown, kind: TextKind): Promise<number[][]> {
		const node = this.ctx.getNode();
		const noun = kind === 'query' ? 'query' : 'document';
		const texts = checkTexts(node, input, noun, EMPTY_TEXT_FIX);
		if (texts.length === 0) return [];
		const { batchSize, concurrency, retry } = this.settings;
		const sizes = batchSizes(
			texts.length,
			batchSize,
			this.connection.server.limits?.maxClientBatchSize,
		);
		const options = { ...this.settings.options, promptName: this.settings.prompts[kind] };
		const send = sendBatches<number[][]>;
		const vectors = await send.call(this.ctx, this.connection, {
			texts,
			sizes,
			noun,
			request: (batch) => this.task.request(batch, options, this.connection),
			read: (answer, { size }) => this.task.read(answer, size),
			concurrency,
			retry,
			timeoutMs: this.settings.timeoutMs,
		});
		const all = vectors.flat();
		// One length across the call: each batch is checked alone as it arrives.
		const mixed = lengthProblem(all, sizes, noun, this.settings.options.dimensions);
		if (mixed) {
			const place = batchPlace(noun, texts, sizes, mixed.batch);
			throw batchError(node, new UnexpectedResponseError(mixed.problem), place);
		}
		return all;
	}
}
