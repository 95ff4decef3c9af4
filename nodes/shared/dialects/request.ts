/**
 * A task's request as the transport sends it, and what a server's own description says of its
 * limits: the leaf the task types build on. Pure types.
 */
import type { StreamFormat } from '../wire/sse';

/** What a server's own description (`GET /info`) says about its limits (unset when not known). */
export interface ServerLimits {
	maxStopSequences?: number;
	maxTotalTokens?: number;
	maxInputTokens?: number;
	/** TEI's max_client_batch_size: more inputs in one request are refused (413, 422 since TEI 1.9). */
	maxClientBatchSize?: number;
	/** TEI's auto_truncate: what it does with an over-long text when a request does not say (on since TEI 1.9). */
	autoTruncate?: boolean;
	/** The one model the server serves, as its /info names it (TEI). */
	modelId?: string;
	/** What kind of model that is (TEI's /info model_type): each serves its own tasks. */
	modelType?: 'embedding' | 'reranker' | 'classifier';
}

/** Why a served task does not fit the server as its /info describes it (a TEI serving another kind of model). */
export interface Unfit {
	message: string;
	fix: string;
}

/** How a task's answer comes back: one JSON object, an object or a list, or a stream. */
export type AnswerKind = 'object' | 'value' | 'stream';

/** A task's request in the server's wire: its route, its body, and how its answer comes back. */
export interface TaskRequest {
	method: 'GET' | 'POST';
	/** Below `{Base URL}/{API Version}`, or below `{Base URL}` with `root`. */
	path: string;
	root?: boolean;
	body?: Record<string, unknown>;
	/** `object` unless said: one JSON object. */
	answer?: AnswerKind;
	/** How a streamed answer (`answer: 'stream'`) is framed and read. */
	format?: StreamFormat;
	/** Hints for this route by HTTP status, in place of the general ones. */
	hints?: Partial<Record<number, string>>;
}

/** Where the credential points, as a route needs to know it (the HF router's provider). */
export interface Endpoint {
	baseUrl: string;
	apiVersion: string;
}
