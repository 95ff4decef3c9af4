import type { IncomingHttpHeaders } from 'node:http';

/** What the test server answers; a script may return one to pick the answer for a request. */
export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string | undefined>;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Reset the connection instead of answering. */
	destroy?: boolean;
	/** Headers at once, then one byte of the body every dripMs. */
	dripMs?: number;
	/** Headers and half the body, then the connection is closed. */
	cut?: boolean;
	/** An event stream: each step written after its delay (streaming.ts). */
	stream?: StreamStep[];
}

/** One step of a streamed answer: write text, fall silent (connection open), or reset the connection. */
export interface StreamStep {
	text?: string;
	stall?: boolean;
	destroy?: boolean;
	delayMs: number;
}

/** One request as the server saw it, and how it ended. */
export interface LoggedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders & Record<string, string | undefined>;
	/** The parsed JSON body (routes that take one). */
	body: any;
	receivedAt: number;
	/** What the server answered (0: connection reset); unset when the client hung up first. */
	status?: number;
	/** The client hung up before the whole answer was sent (cancel, its timeout). */
	aborted?: boolean;
	/** A streamed answer: when each event was written to the socket (ms since epoch). */
	sentAt?: number[];
}

/** Which server the test server plays: TGI, an HF router provider, a vLLM-like server (vLLM, SGLang), llama.cpp, TEI. */
export type ServerMode = 'tgi' | 'router' | 'vllm' | 'llamacpp' | 'tei';

export interface ServerOptions {
	/** TGI (default), or an OpenAI-compatible server: no /info or /generate, OpenAI's forms and errors. */
	mode?: ServerMode;
	/** Where the OpenAI-style routes live: `/v1` (self-hosted TGI), `/novita/v3/openai` (router-style). */
	prefixes?: string[];
	/** The key generation routes require (TGI checks it there only). */
	apiKey?: string;
	/** Check the key on /models too, as the HF router does. */
	checkAuthOnModels?: boolean;
	model?: string;
	latencyMs?: number;
	port?: number;
	/** The pause before each event of a streamed answer (default 5 ms). */
	streamDelayMs?: number;
	/** Like TGI's --max-concurrent-requests: requests beyond it get 429 "Model is overloaded" at once. */
	maxConcurrent?: number;
	/** TEI's max_client_batch_size (default 32): more inputs in one request get 413. */
	maxClientBatchSize?: number;
	/** TEI's max_input_length in words (default 512): a longer text gets 422 unless truncated. */
	maxInputLength?: number;
	/** What TEI's /info says it serves (default an embedding model). */
	modelType?: 'embedding' | 'reranker' | 'classifier';
	/**
	 * Which TEI it plays (default 1.9, today's): 1.9 cuts an over-long text when a request does not
	 * say `truncate` (--auto-truncate on by default, TEI PR #829) and answers validation errors, the
	 * batch size included, with 422 (PR #818); 1.8 refuses such a text unless asked, and answers 413.
	 */
	teiVersion?: '1.8' | '1.9';
}

/** Picks the answer for a request (or undefined to let the route answer). */
export type Script = (request: LoggedRequest) => Reply | undefined;
