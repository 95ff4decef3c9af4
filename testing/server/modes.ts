/**
 * The servers the test server plays, one object each: TGI, an HF router provider, a vLLM-like
 * server (vLLM, SGLang) and llama.cpp's llama-server. The server and its stream writer ask the
 * mode object what differs; nothing compares a mode's name.
 */
import { type JsonModeQuirks, openAiCompletionFor, openAiProblem } from './openaiDialect';
import type { StreamStyle } from './streaming';
import { completionFor, promptTokens } from './tgiCompletion';
import { validateChatRequest } from './tgiValidation';
import type { Reply, ServerMode } from './types';
import { ERROR_BODIES } from './wire';

export interface ModeProfile {
	/** Where its OpenAI-style routes live unless the test says otherwise. */
	readonly prefixes: string[];
	/** Whether /models checks the key too (TGI checks it on generation routes only). */
	readonly checkAuthOnModels: boolean;
	/** TGI's native routes at the server root: GET /info, POST /generate. */
	readonly nativeRoutes: boolean;
	/** The answer to a wrong key. */
	unauthorized(): Reply;
	/** Where nothing answers. */
	notFound(): Reply;
	/** Over its --max-concurrent-requests. */
	overloaded(): Reply;
	/** A chat request it rejects, in its words; undefined when it takes it. */
	validateChat(body: any): Reply | undefined;
	/** Its answer to a chat request it took. */
	completion(body: any, model: string): any;
	/** How it writes a streamed answer. */
	readonly stream: StreamStyle;
}

const GENERATION_ERROR = 'Request failed during generation: Server error: CUDA out of memory';

const TGI_MODE: ModeProfile = {
	prefixes: ['/v1', '/novita/v3/openai'],
	checkAuthOnModels: false,
	nativeRoutes: true,
	unauthorized: () => ({ status: 401, body: '' }), // TGI's 401 is empty
	notFound: () => ({ status: 404, body: '' }),
	overloaded: () => ({ status: 429, body: ERROR_BODIES[429] }),
	validateChat: validateChatRequest,
	completion: completionFor,
	stream: {
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
}

/** An OpenAI-compatible server: OpenAI's validation and answers, in its own words. */
function openAiMode(server: OpenAiServer): ModeProfile {
	return {
		prefixes: server.prefixes,
		checkAuthOnModels: true, // the router and vLLM's --api-key check every route
		nativeRoutes: false,
		unauthorized: () => server.unauthorized,
		notFound: () => server.notFound,
		overloaded: () => server.error(429, 'Too many requests: rate limit reached'), // no Retry-After
		validateChat: (body) => {
			const problem = openAiProblem(body);
			return problem !== undefined ? server.error(400, problem) : server.alsoRefuses?.(body);
		},
		completion: (body, model) => openAiCompletionFor(body, model, server),
		stream: server.stream,
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
	stream: openAiStream(
		(json) => `data: ${json}\r\n\r\n`,
		{ error: { message: GENERATION_ERROR, type: 'server_error', code: 500 } },
		': keep-alive\r\n\r\n',
	),
});

const VLLM_MODE = openAiMode({
	prefixes: ['/v1'],
	error: (status, message) => ({
		status,
		body: {
			object: 'error',
			message,
			type: status === 404 ? 'NotFoundError' : 'BadRequestError',
			param: null,
			code: status,
		},
	}),
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

export const MODES: Record<ServerMode, ModeProfile> = {
	tgi: TGI_MODE,
	router: ROUTER_MODE,
	vllm: VLLM_MODE,
	llamacpp: LLAMA_CPP_MODE,
};
