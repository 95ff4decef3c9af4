/**
 * The OpenAI-compatible dialect (vLLM, SGLang, llama.cpp, a provider's own API; the HF router
 * builds on it): OpenAI's response_format forms (TGI's grammar form → 400), OpenAI's ranges (Top P
 * 1.0 and a stop string accepted), no TGI-native routes. The general hints fit it as they are.
 */
import { isPlainObject } from '../wire/guards';
import {
	type Adapted,
	DEFAULT_SCHEMA_NAME,
	type Json,
	openAiSchemaFormat,
	SET_SERVER_TYPE,
} from '../wire/responseFormat';
import { between, CHAT_RULES, got, type Rules } from '../wire/rules';
import { modelEntries } from '../wire/models';
import { parseEmbeddings, parseRerank } from '../wire/embeddings';
import { chatCompletion, objectAnswer } from '../wire/response';
import { openAiEmbeddingsBody, openAiRerankBody } from '../wire/retrievalBodies';
import { openAiTokenizeBody, parseOpenAiTokens } from '../wire/tokens';
import { CHAT_EVENT_STREAM } from '../wire/sse';
import type {
	ChatDialect,
	ChatStreamTask,
	ChatTask,
	ChatTokenizeTask,
	EmbedTask,
	ModelsTask,
	RerankTask,
	ServerDialect,
	TokenizeTask,
} from './types';

/** OpenAI's documented ranges, which vLLM, SGLang, llama.cpp and the router's providers follow. */
const OPENAI_RULES: Rules = {
	...CHAT_RULES,
	temperature: between(0, 2),
	top_p: between(0, 1),
	seed: (v) => (Number.isInteger(v) ? undefined : `must be a whole number ${got(v)}`),
	stop: (v) =>
		typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))
			? undefined
			: 'must be a string or a list of strings',
	chat_template_kwargs: (v) =>
		isPlainObject(v) ? undefined : `must be an object, like {"enable_thinking": false} ${got(v)}`,
	reasoning_effort: (v) =>
		v === 'low' || v === 'medium' || v === 'high'
			? undefined
			: `must be "low", "medium" or "high" ${got(v)}`,
};

/**
 * JSON without a schema: a permissive object schema rather than a bare `json_object`, which
 * llama.cpp does not constrain (it applies a grammar only to a schema); every OpenAI-compatible
 * server, the router's providers included, constrains json_schema.
 */
const ANY_OBJECT: Json = { type: 'object' };

function adaptResponseFormat(format: Json): Adapted {
	const { type } = format;
	if (type === 'text' || type === 'json_object') return { format };
	if (type === 'json_schema' || type === 'json') {
		const inner = isPlainObject(format.json_schema)
			? format.json_schema
			: isPlainObject(format.value) && type === 'json_schema'
				? format.value // TGI's json_schema variant: {"value": {"name", "schema"}}
				: undefined;
		if (inner && isPlainObject(inner.schema)) {
			// The user's own wrapper, kept as written; OpenAI requires its name.
			const name = typeof inner.name === 'string' && inner.name !== '' ? inner.name : undefined;
			return {
				format: {
					type: 'json_schema',
					json_schema: { ...inner, name: name ?? DEFAULT_SCHEMA_NAME },
				},
			};
		}
		if (type === 'json' && isPlainObject(format.value))
			return { format: openAiSchemaFormat(format.value) }; // TGI's grammar form, converted
		return {
			problem: `needs a JSON schema: {"type": "json_schema", "json_schema": {"name": "…", "schema": {…}}}`,
		};
	}
	if (type === 'regex') {
		return {
			problem: `OpenAI-compatible servers have no "regex" response format (it is TGI's grammar). ${SET_SERVER_TYPE}`,
		};
	}
	return {
		problem: `type must be "text", "json_object" or "json_schema" for an OpenAI-compatible server (got ${JSON.stringify(type)})`,
	};
}

/** Chat completions on OpenAI's wire (`POST {API Version}/chat/completions`) under a dialect's policy. */
export const openAiChat = (policy: ChatDialect): ChatTask => ({
	...policy,
	request: (body) => ({ method: 'POST', path: 'chat/completions', body }),
	read: chatCompletion,
});

/** The same, streamed as Server-Sent Events, the usage in a last chunk. */
export const OPENAI_CHAT_STREAM: ChatStreamTask = {
	request: (body) => ({
		method: 'POST',
		path: 'chat/completions',
		body: { ...body, stream: true, stream_options: { include_usage: true } },
		answer: 'stream',
		format: CHAT_EVENT_STREAM,
	}),
};

/** OpenAI's `GET {API Version}/models`. */
export const OPENAI_MODELS: ModelsTask = {
	request: () => ({ method: 'GET', path: 'models' }),
	read: (answer) => modelEntries(objectAnswer(answer)),
};

/** OpenAI's `/embeddings` (vLLM, SGLang, llama.cpp --embeddings, TEI's /v1/embeddings, the router's providers). */
export const OPENAI_EMBED: EmbedTask = {
	options: () => ['model', 'dimensions'],
	request: (texts, options) => ({
		method: 'POST',
		path: 'embeddings',
		body: openAiEmbeddingsBody(texts, options),
	}),
	read: parseEmbeddings,
};

/** The `/rerank` of vLLM and llama.cpp --reranking. */
const OPENAI_RERANK: RerankTask = {
	options: ['model'],
	request: (query, texts, options) => ({
		method: 'POST',
		path: 'rerank',
		body: openAiRerankBody(query, texts, options),
	}),
	read: (answer, asked, place) => parseRerank(answer, asked, place),
};

/** A 404 on /tokenize: the server has none there. */
const TOKENIZE_HINTS: Record<number, string> = {
	404: "This server has no POST {Base URL}/tokenize: vLLM and llama.cpp's llama-server have one at their root; SGLang and providers' APIs may not. Count Tokens needs TGI, TEI, vLLM or llama.cpp.",
};

/** The `/tokenize` of vLLM and llama.cpp, at the server root: one text per request. */
const OPENAI_TOKENIZE: TokenizeTask = {
	batched: false,
	options: ['model', 'addSpecialTokens'],
	request: ([text], options) => ({
		method: 'POST',
		path: 'tokenize',
		root: true,
		body: openAiTokenizeBody({ text }, options),
		hints: TOKENIZE_HINTS,
	}),
	read: (answer) => [parseOpenAiTokens(answer)],
};

/** vLLM's `/tokenize` of chat messages (its chat template applied); llama.cpp's reads text only. */
const OPENAI_CHAT_TOKENIZE: ChatTokenizeTask = {
	options: ['model', 'addSpecialTokens'],
	request: (messages, options) => ({
		method: 'POST',
		path: 'tokenize',
		root: true,
		body: openAiTokenizeBody({ messages }, options),
		hints: TOKENIZE_HINTS,
	}),
	read: (answer) => parseOpenAiTokens(answer, true),
};

const OPENAI_CHAT_POLICY: ChatDialect = {
	jsonMode: ({ schema, name, strict }) =>
		schema ? openAiSchemaFormat(schema, name, strict) : openAiSchemaFormat(ANY_OBJECT, name, false),
	adaptResponseFormat,
	responseFormatExample: '{"type": "json_schema", "json_schema": {"name": "…", "schema": {…}}}',
	chatRules: () => OPENAI_RULES,
	checkChatBody: () => undefined,
	// OpenAI's words, together's "eos", and Anthropic-style names some gateways pass through.
	finishReasons: {
		stop: 'stop',
		eos: 'stop',
		end_turn: 'stop',
		length: 'length',
		max_tokens: 'length',
		model_length: 'length',
		tool_calls: 'tool_calls',
		function_call: 'tool_calls',
		tool_use: 'tool_calls',
		content_filter: 'content_filter',
	},
};

/** OpenAI's chat, streamed chat and model list: what every server on OpenAI's wire starts from. */
export const OPENAI_CHAT_TASKS = {
	chat: openAiChat(OPENAI_CHAT_POLICY),
	chatStream: OPENAI_CHAT_STREAM,
	models: OPENAI_MODELS,
};

export const OPENAI_COMPATIBLE: ServerDialect = {
	id: 'openai',
	name: 'OpenAI-compatible',
	serverType: {
		name: 'OpenAI-Compatible',
		description:
			"vLLM, SGLang, llama.cpp, a provider's own API: OpenAI's response_format and ranges",
	},
	serves:
		'chat completions, and embeddings, reranking or tokenization where the server offers them',

	// Detection never picks it from an answer: it is what a server is when no other dialect's /info
	// answered (dialects/index.ts › FALLBACK_DIALECT).
	recognisesInfo: () => false,
	limitsFromInfo: () => undefined,

	limitsNeedInfo: false,

	tasks: {
		...OPENAI_CHAT_TASKS,
		embed: OPENAI_EMBED,
		rerank: OPENAI_RERANK,
		tokenize: OPENAI_TOKENIZE,
		chatTokenize: OPENAI_CHAT_TOKENIZE,
	},

	hints: {},
	contextHint:
		"The prompt (plus Maximum Number of Tokens) is longer than the model's context on this server. Shorten the input, lower Maximum Number of Tokens, or raise the server's context: -c (--ctx-size) for llama.cpp, --max-model-len for vLLM, --context-length for SGLang.",
};
