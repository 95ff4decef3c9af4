/**
 * The servers the test server plays, one object each: TGI, an HF router provider, a vLLM-like
 * server (vLLM, SGLang), llama.cpp's llama-server and Text Embeddings Inference. The server and
 * its stream writer ask the mode object what differs; nothing compares a mode's name.
 */
import { CLASSIFIER_LABELS, teiPredict, teiTokenize } from './teiTasks';
import { llamaCppTokenizeRoute, tgiTokenizeRoute, vllmTokenizeRoute } from './tokenizeRoutes';
import {
	type ErrorReply,
	featureExtraction,
	openAiEmbeddings,
	openAiRerank,
	type RetrievalConfig,
	type RetrievalRoute,
	teiEmbed,
	teiError,
	teiOpenAiError,
	teiRerank,
} from './embeddingRoutes';
import { type JsonModeQuirks, openAiCompletionFor, openAiProblem } from './openaiDialect';
import { EMBEDDING_DIMENSIONS } from './retrieval';
import type { StreamStyle } from './streaming';
import { completionFor, promptTokens } from './tgiCompletion';
import { infoFor } from './tgiNative';
import { validateChatRequest } from './tgiValidation';
import type { Reply, ServerMode } from './types';
import { ERROR_BODIES } from './wire';

/** Chat completions, as a server that generates text serves them. */
export interface ChatMode {
	/** A chat request it rejects, in its words; undefined when it takes it. */
	validate(body: any): Reply | undefined;
	/** Its answer to a chat request it took. */
	completion(body: any, model: string): any;
	/** How it writes a streamed answer. */
	readonly stream: StreamStyle;
}

export interface ModeProfile {
	/** Where its OpenAI-style routes live unless the test says otherwise. */
	readonly prefixes: string[];
	/** Whether {prefix}/models exists (TEI has none) and checks the key (TGI: generation routes only). */
	readonly models: boolean;
	readonly checkAuthOnModels: boolean;
	/** GET /info at the server root (TGI's Info, TEI's Info), and whether it checks the key. */
	info?(config: RetrievalConfig): unknown;
	readonly infoChecksKey: boolean;
	/** POST /generate at the server root (TGI). */
	readonly generate: boolean;
	/** The answer to a wrong key. */
	unauthorized(): Reply;
	/** Where nothing answers. */
	notFound(): Reply;
	/** Over its --max-concurrent-requests. */
	overloaded(): Reply;
	/** Chat completions under each prefix, when it generates text. */
	readonly chat?: ChatMode;
	/** Its embeddings and rerank routes: the one at `path`, if any. */
	retrieval?(path: string, prefixes: string[], config: RetrievalConfig): RetrievalRoute | undefined;
	/**
	 * The largest request body it reads, in bytes (TEI's --payload-limit, 2 MB by default: axum
	 * answers a larger one 413 "Failed to buffer the request body: length limit exceeded", as
	 * text/plain, whatever the route).
	 */
	readonly payloadLimit?: number;
}

const GENERATION_ERROR = 'Request failed during generation: Server error: CUDA out of memory';

/** TGI's stream: `data:` without a space, the role in every delta, no finish chunk after tool calls. */
const TGI_STREAM: StreamStyle = {
	frame: (json) => `data:${json}\n\n`,
	systemFingerprint: '3.3.6-native',
	roleInEveryDelta: true,
	openingRoleChunk: false,
	toolCallPiece: (call, index, first, args) => ({
		index,
		id: call.id,
		type: 'function',
		function: { name: first ? call.function.name : null, arguments: args },
	}),
	finishChunk: 'after-text-only',
	errorEvent: { error: { message: GENERATION_ERROR, http_status_code: 422 } },
};

const TGI_MODE: ModeProfile = {
	prefixes: ['/v1', '/novita/v3/openai'],
	models: true,
	checkAuthOnModels: false,
	info: (config) => infoFor(config.model),
	infoChecksKey: false,
	generate: true,
	unauthorized: () => ({ status: 401, body: '' }), // TGI's 401 is empty
	notFound: () => ({ status: 404, body: '' }),
	overloaded: () => ({ status: 429, body: ERROR_BODIES[429] }),
	retrieval: (path) => tgiTokenizeRoute(path),
	chat: {
		validate: validateChatRequest,
		completion: completionFor,
		stream: TGI_STREAM,
	},
};

/** How OpenAI-compatible servers write a stream; each differs in its framing and its error event. */
const openAiStream = (
	frame: (json: string) => string,
	errorEvent: unknown,
	keepAlive?: string,
): StreamStyle => ({
	frame,
	keepAlive,
	roleInEveryDelta: false,
	openingRoleChunk: true,
	toolCallPiece: (call, index, first, args) =>
		first
			? {
					index,
					id: call.id,
					type: 'function',
					function: { name: call.function.name, arguments: args },
				}
			: { index, function: { arguments: args } },
	finishChunk: 'always',
	errorEvent,
});

interface OpenAiServer extends JsonModeQuirks {
	prefixes: string[];
	error: (status: number, message: string) => Reply;
	unauthorized: Reply;
	notFound: Reply;
	reasoningField: 'reasoning' | 'reasoning_content';
	stream: StreamStyle;
	/** A check of its own after OpenAI's (llama.cpp's context size). */
	alsoRefuses?: (body: any) => Reply | undefined;
	/** Its embeddings and rerank routes, when it serves them. */
	retrieval?: ModeProfile['retrieval'];
}

/** vLLM's and llama.cpp's retrieval routes: {prefix}/embeddings, {prefix}/rerank and /rerank; /tokenize. */
const openAiRetrieval =
	(
		error: ErrorReply,
		tokenizeRoute: (config: RetrievalConfig) => RetrievalRoute,
	): ModeProfile['retrieval'] =>
	(path, prefixes, config) => {
		if (path === '/tokenize') return tokenizeRoute(config);
		if (prefixes.some((prefix) => path === `${prefix}/embeddings`))
			return openAiEmbeddings(config, error);
		if (path === '/rerank' || prefixes.some((prefix) => path === `${prefix}/rerank`))
			return openAiRerank(config, error);
		return undefined;
	};

/** An OpenAI-compatible server: OpenAI's validation and answers, in its own words. */
function openAiMode(server: OpenAiServer): ModeProfile {
	return {
		prefixes: server.prefixes,
		models: true,
		checkAuthOnModels: true, // the router and vLLM's --api-key check every route
		infoChecksKey: true,
		generate: false,
		unauthorized: () => server.unauthorized,
		notFound: () => server.notFound,
		overloaded: () => server.error(429, 'Too many requests: rate limit reached'), // no Retry-After
		chat: {
			validate: (body) => {
				const problem = openAiProblem(body);
				return problem !== undefined ? server.error(400, problem) : server.alsoRefuses?.(body);
			},
			completion: (body, model) => openAiCompletionFor(body, model, server),
			stream: server.stream,
		},
		retrieval: server.retrieval,
	};
}

const ROUTER_MODE = openAiMode({
	prefixes: ['/novita/v3/openai', '/v1'],
	error: (status, message) => ({
		status,
		body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
	}),
	unauthorized: { status: 401, body: { error: 'Invalid credentials in Authorization header' } },
	notFound: { status: 404, body: 'Not Found' },
	reasoningField: 'reasoning_content',
	bareJsonObjectConstrained: true,
	// hf-inference's feature-extraction pipeline, at the router's root.
	retrieval: (path, _prefixes, config) =>
		path === `/hf-inference/models/${config.model}/pipeline/feature-extraction`
			? featureExtraction(config)
			: undefined,
	stream: openAiStream(
		(json) => `data: ${json}\r\n\r\n`,
		{ error: { message: GENERATION_ERROR, type: 'server_error', code: 500 } },
		': keep-alive\r\n\r\n',
	),
});

const vllmError = (status: number, message: string): Reply => ({
	status,
	body: {
		object: 'error',
		message,
		type: status === 404 ? 'NotFoundError' : 'BadRequestError',
		param: null,
		code: status,
	},
});

const VLLM_MODE = openAiMode({
	prefixes: ['/v1'],
	error: vllmError,
	retrieval: openAiRetrieval(vllmError, (config) =>
		vllmTokenizeRoute(config.model, (status, message) => vllmError(status, message)),
	),
	unauthorized: { status: 401, body: { error: 'Unauthorized' } },
	notFound: { status: 404, body: { detail: 'Not Found' } },
	reasoningField: 'reasoning',
	bareJsonObjectConstrained: true,
	stream: openAiStream((json) => `data: ${json}\n\n`, {
		error: { object: 'error', message: GENERATION_ERROR, type: 'InternalServerError', code: 500 },
	}),
});

/** llama-server's context (its -c), in the test server's tokens: words of the messages. */
export const LLAMA_CPP_CONTEXT = 2048;

const llamaCppError = (status: number, message: string, type: string): Reply => ({
	status,
	body: { error: { code: status, message, type } },
});

/**
 * llama.cpp's llama-server: a bare json_object constrains nothing, a prompt over its context is
 * a 400 exceed_context_size_error, errors as {error: {code, message, type}}.
 */
const LLAMA_CPP_MODE = openAiMode({
	prefixes: ['/v1'],
	error: (status, message) =>
		llamaCppError(status, message, status === 429 ? 'unavailable_error' : 'invalid_request_error'),
	unauthorized: llamaCppError(401, 'Invalid API Key', 'authentication_error'),
	notFound: llamaCppError(404, 'File Not Found', 'not_found_error'),
	reasoningField: 'reasoning_content',
	bareJsonObjectConstrained: false,
	retrieval: openAiRetrieval(
		(status, message) => llamaCppError(status, message, 'invalid_request_error'),
		() => llamaCppTokenizeRoute,
	),
	alsoRefuses: (body) => {
		const tokens = promptTokens(body);
		if (tokens <= LLAMA_CPP_CONTEXT) return undefined;
		const reply = llamaCppError(
			400,
			`request (${tokens} tokens) exceeds the available context size (${LLAMA_CPP_CONTEXT} tokens), try increasing it`,
			'exceed_context_size_error',
		);
		Object.assign((reply.body as any).error, { n_prompt_tokens: tokens, n_ctx: LLAMA_CPP_CONTEXT });
		return reply;
	},
	stream: openAiStream((json) => `data: ${json}\n\n`, {
		error: { code: 500, message: GENERATION_ERROR, type: 'server_error' },
	}),
});

/** TEI's Info: an embedding model (or a reranker, or a classifier with its labels) and its limits. */
export function teiInfoFor(config: RetrievalConfig) {
	const modelType =
		config.modelType === 'reranker'
			? { reranker: { id2label: { '0': 'LABEL_0' }, label2id: { LABEL_0: 0 } } }
			: config.modelType === 'classifier'
				? {
						classifier: {
							id2label: Object.fromEntries(
								CLASSIFIER_LABELS.map((label, id) => [String(id), label]),
							),
							label2id: Object.fromEntries(CLASSIFIER_LABELS.map((label, id) => [label, id])),
						},
					}
				: { embedding: { pooling: 'cls' } };
	return {
		model_id: config.model,
		model_sha: null,
		model_dtype: 'float16',
		served_model_name: config.model,
		model_type: modelType,
		max_concurrent_requests: config.maxConcurrentRequests || 512,
		max_input_length: config.maxInputLength,
		max_batch_tokens: 16384,
		max_batch_requests: null,
		max_client_batch_size: config.maxClientBatchSize,
		auto_truncate: config.autoTruncate ?? false,
		tokenization_workers: 2,
		version: config.version ?? '1.8.0',
		sha: null,
		docker_label: null,
		embedding_dimensions: EMBEDDING_DIMENSIONS,
	};
}

/**
 * Text Embeddings Inference: no chat and no /v1/models; the key checked on every route but the
 * public ones, /info included (401, empty); native errors {error, error_type}, /v1/embeddings's
 * {message, code, error_type}.
 */
const TEI_MODE: ModeProfile = {
	payloadLimit: 2_000_000,
	prefixes: ['/v1'],
	models: false,
	checkAuthOnModels: true,
	info: teiInfoFor,
	infoChecksKey: true,
	generate: false,
	unauthorized: () => ({ status: 401, body: '' }),
	notFound: () => ({ status: 404, body: '' }),
	overloaded: () => teiError(429, 'Model is overloaded', 'Overloaded'),
	retrieval: (path, _prefixes, config) => {
		if (path === '/embed') return teiEmbed(config);
		if (path === '/rerank') return teiRerank(config);
		if (path === '/predict') return teiPredict(config);
		if (path === '/tokenize') return teiTokenize(config);
		// The model type's own route at / and /invocations (Inference Endpoints, SageMaker).
		if (path === '/' || path === '/invocations') {
			if (config.modelType === 'classifier') return teiPredict(config);
			return config.modelType === 'reranker' ? teiRerank(config) : teiEmbed(config);
		}
		if (path === '/embeddings' || path === '/v1/embeddings')
			return openAiEmbeddings(config, teiOpenAiError);
		return undefined;
	},
};

export const MODES: Record<ServerMode, ModeProfile> = {
	tgi: TGI_MODE,
	router: ROUTER_MODE,
	vllm: VLLM_MODE,
	llamacpp: LLAMA_CPP_MODE,
	tei: TEI_MODE,
};
