/**
 * The tasks on texts a server may serve besides generating: embeddings (with the Hub's model search
 * where the server lists none), reranking, sequence classification and tokenization. Each task's
 * object says which options its route takes, builds a batch's request and reads its answer,
 * checked. Pure types.
 */
import type { ClassifyInput, ClassifyOptions, Prediction } from '../wire/classification';
import type { RankedText } from '../wire/embeddings';
import type { ModelEntry } from '../wire/models';
import type { EmbedOptions, RerankOptions } from '../wire/retrievalBodies';
import type { Tokenized, TokenizeOptions } from '../wire/tokens';
import type { Endpoint, ServerLimits, TaskRequest, Unfit } from './request';

/**
 * Models for a task listed by the Hub rather than the server (the HF router's `/v1/models` lists
 * chat models only): the Hub's model search, asked without the credential.
 */
export interface HubModelSearch {
	/** The search's absolute address for this endpoint and what the user typed. */
	url(endpoint: Endpoint, filter: string): string;
	read(response: unknown): ModelEntry[];
	/** Hints by status for the search's failures: the Hub's, not the credential's server's. */
	readonly hints: Partial<Record<number, string>>;
}

/** Embeddings: the options the route takes, one batch's request, its answer read and checked. */
export interface EmbedTask {
	/** The Embeddings options this server takes: another one set is refused before sending. */
	options(endpoint: Endpoint): ReadonlyArray<keyof EmbedOptions>;
	/** Throws a FieldError when this endpoint's route needs a setting the options lack or can't take (the router's model). */
	check?(options: EmbedOptions, endpoint: Endpoint): void;
	/** The request embedding `texts`. */
	request(texts: string[], options: EmbedOptions, endpoint: Endpoint): TaskRequest;
	/** One vector per text asked, in order: count, numbers and shape checked. */
	read(answer: unknown, asked: number): number[][];
	/** Where the embedding models are listed, when not in the server's own model list. */
	readonly models?: HubModelSearch;
}

/** Reranking: the options the route takes, one batch's request, its scores read and checked. */
export interface RerankTask {
	readonly options: ReadonlyArray<keyof RerankOptions>;
	/** Whether the server's model can rerank, as its /info says (undefined: it can, or it did not say). */
	unfit?(limits: ServerLimits | undefined): Unfit | undefined;
	/** The request scoring `texts` against `query`. */
	request(query: string, texts: string[], options: RerankOptions): TaskRequest;
	/** One score per text asked, best first; `place` names the texts and where the batch's first one is in the call. */
	read(answer: unknown, asked: number, place: { noun: string; offset: number }): RankedText[];
}

/** Sequence classification (TEI's /predict): one batch's request, each input's labels with scores. */
export interface ClassifyTask {
	readonly options: ReadonlyArray<keyof ClassifyOptions>;
	/** Whether the server's model can classify, as its /info says (undefined: it can, or it did not say). */
	unfit?(limits: ServerLimits | undefined): Unfit | undefined;
	request(inputs: ClassifyInput[], options: ClassifyOptions): TaskRequest;
	/** One list of predictions per input, best first: count, labels and scores checked. */
	read(answer: unknown, asked: number): Prediction[][];
}

/** Tokenizing texts with the model's own tokenizer (`/tokenize`). */
export interface TokenizeTask {
	/** How many texts one request takes: several (TEI) or one. */
	readonly batched: boolean;
	/** The Count Tokens options this server takes: another one set is refused before sending. */
	readonly options: ReadonlyArray<keyof TokenizeOptions>;
	request(texts: string[], options: TokenizeOptions): TaskRequest;
	/** One tokenization per text asked, in order. */
	read(answer: unknown, asked: number): Tokenized[];
}

/** Tokenizing chat messages as the model's chat template lays them out (TGI's /chat_tokenize, vLLM's /tokenize). */
export interface ChatTokenizeTask {
	readonly options: ReadonlyArray<keyof TokenizeOptions>;
	request(messages: unknown[], options: TokenizeOptions): TaskRequest;
	read(answer: unknown): Tokenized;
}
