/**
 * Embeds texts through the credential's server: cut into batches of Batch Size (capped by the
 * server's own limit), sent at most Concurrency at once under the server's shared budget, each
 * retried on its own, read back checked and in order.
 */
import type { IDataObject, ISupplyDataFunctions } from 'n8n-workflow';

import type { RetrievalDialect } from '../shared/dialects';
import { batchError, batchPlace, checkTexts } from '../shared/retrieval/texts';
import type { EmbeddingsSettings } from '../shared/settings/retrieval';
import { AdaptiveLimit } from '../shared/transport/concurrency';
import {
	type ServerConnection,
	tgiBatchRequest,
	type TgiRequest,
} from '../shared/transport/transport';
import { batchSizes, inBatches, lengthProblem, parseEmbeddings } from '../shared/wire/embeddings';
import { UnexpectedResponseError } from '../shared/wire/response';

/** Documents being inserted, or a search query: each may have its own prompt name. */
export type TextKind = 'document' | 'query';

const EMPTY_TEXT_FIX =
	'Embeddings servers refuse empty texts. Check the field the Default Data Loader reads (an expression that resolves to nothing), or the query the chain or agent passes.';

export class Embedder {
	constructor(
		private readonly ctx: ISupplyDataFunctions,
		private readonly connection: ServerConnection,
		private readonly retrieval: RetrievalDialect,
		private readonly settings: EmbeddingsSettings,
	) {}

	/** The requests embedding `texts` in batches (pure; throws a FieldError for a setting the route needs). */
	requests(texts: string[], kind: TextKind, sizes: number[]): TgiRequest[] {
		const options = { ...this.settings.options, promptName: this.settings.prompts[kind] };
		return inBatches(texts, sizes).map((batch) => {
			const route = this.retrieval.embed(batch, options, this.connection);
			return {
				method: 'POST',
				path: route.path,
				root: route.root,
				body: route.body as IDataObject,
				timeoutMs: this.settings.timeoutMs,
			};
		});
	}

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
		const traffic = {
			retry,
			limiter: new AdaptiveLimit(concurrency, true),
			signal: this.ctx.getExecutionCancelSignal?.(),
		};
		const sendBatches = tgiBatchRequest<number[][]>;
		const vectors = await sendBatches.call(
			this.ctx,
			this.connection,
			this.requests(texts, kind, sizes),
			traffic,
			{
				workers: concurrency,
				read: (answer, index) => parseEmbeddings(answer, sizes[index]),
				failed: (error, index) => batchError(node, error, batchPlace(noun, texts, sizes, index)),
			},
		);
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
