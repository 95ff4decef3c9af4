/**
 * TGI's dialect (self-hosted Text Generation Inference, Inference Endpoints on TGI): its grammar
 * form of JSON mode (OpenAI's forms → 422), its own limits (router/src/validation.rs), an empty
 * 401, its native routes at the server root, its flags in the hints.
 */
import { isPlainObject, positiveInteger } from '../wire/guards';
import type { Adapted, Json } from '../wire/responseFormat';
import { CHAT_RULES, got, isNumber, type Rule, type Rules } from '../wire/rules';
import { OPENAI_CHAT_TASKS, openAiChat } from './openai';
import { parseTgiChatTokens, parseTgiTokens, tgiTokenizeBody } from '../wire/tokens';
import type {
	ChatDialect,
	ChatTokenizeTask,
	GenerateTask,
	InfoTask,
	ServerDialect,
	ServerLimits,
	TokenizeTask,
} from './types';

/** TGI's default --max-stop-sequences, when /info has not said otherwise. */
const MAX_STOP_SEQUENCES = 4;

function stopRule(max: number, fromInfo = false): Rule {
	return (v) => {
		if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
			return 'must be a list of strings (TGI rejects a single string)';
		}
		return v.length > max
			? `TGI accepts at most ${max} stop sequences${fromInfo ? ' (max_stop_sequences in its /info)' : ''} (got ${v.length})`
			: undefined;
	};
}

/** TGI's own limits on the fields chat completions and /generate share. */
export const TGI_RULES: Rules = {
	...CHAT_RULES,
	temperature: (v) => (isNumber(v) && v >= 0 ? undefined : `must be a number ≥ 0 ${got(v)}`),
	top_p: (v) =>
		isNumber(v) && v > 0 && v < 1
			? undefined
			: `must be greater than 0 and less than 1; TGI rejects 1.0 ${got(v)}`,
	seed: (v) =>
		Number.isInteger(v) && (v as number) >= 0 ? undefined : `must be a whole number ≥ 0 ${got(v)}`,
	stop: stopRule(MAX_STOP_SEQUENCES),
	// TGI reads neither (its chat request has no such fields) and would answer as if they were not sent.
	chat_template_kwargs: () =>
		"is not taken by TGI, which would ignore it silently (its chat request has no chat_template_kwargs): thinking is up to the model's chat template there. vLLM, SGLang and llama.cpp take it.",
	reasoning_effort: () =>
		"is not taken by TGI, which would ignore it silently (its chat request has no reasoning_effort). vLLM and the router's providers that serve reasoning models take it.",
};

/** TGI's rules with the limits its /info gave: stop sequences, and tokens that must fit the context. */
function chatRules(limits: ServerLimits = {}): Rules {
	const rules = { ...TGI_RULES };
	if (limits.maxStopSequences !== undefined) rules.stop = stopRule(limits.maxStopSequences, true);
	const total = limits.maxTotalTokens;
	if (total !== undefined) {
		rules.max_tokens = (v) =>
			CHAT_RULES.max_tokens(v) ??
			((v as number) >= total
				? `must be less than ${total}: this TGI's max_total_tokens (from /info), which the prompt and the answer share ${got(v)}`
				: undefined);
	}
	return rules;
}

function adaptResponseFormat(format: Json): Adapted {
	const { type } = format;
	if (type === 'json' || type === 'regex') {
		return format.value === undefined
			? { problem: 'needs a "value" (the JSON schema or regex)' }
			: { format };
	}
	if (type === 'json_schema') {
		// TGI's own variant: {"type": "json_schema", "value": {"name", "schema"}}.
		if (format.value !== undefined) return { format };
		const inner = isPlainObject(format.json_schema) ? format.json_schema : undefined;
		if (!inner || !isPlainObject(inner.schema))
			return { problem: 'OpenAI\'s "json_schema" form needs "json_schema": {"schema": {…}}' };
		return { format: { type: 'json', value: inner.schema } };
	}
	if (type === 'json_object') return { format: { type: 'json', value: { type: 'object' } } };
	if (type === 'text') return {}; // TGI's default: no response_format at all
	return {
		problem: `TGI takes {"type": "json", "value": <JSON schema>} or {"type": "regex", "value": "…"} (got type ${JSON.stringify(type)})`,
	};
}

/** TGI's chat policy: its grammar form of JSON mode, its limits, its finish reasons. */
export const TGI_CHAT: ChatDialect = {
	jsonMode: ({ schema }) => ({ type: 'json', value: schema ?? { type: 'object' } }),
	adaptResponseFormat,
	responseFormatExample: '{"type": "json", "value": <JSON schema>}',
	chatRules,
	checkChatBody: (body) =>
		body.response_format != null && body.tools
			? {
					key: 'response_format',
					problem:
						'TGI cannot combine a response format with tools (it answers 422); use one or the other',
				}
			: undefined,
	// Chat says "stop" (also after tool calls), /generate "eos_token"; both "length", "stop_sequence".
	finishReasons: {
		stop: 'stop',
		eos_token: 'stop',
		length: 'length',
		stop_sequence: 'stop_sequence',
	},
};

/** The 404 hint for TGI's native routes: the usual cause is a router Base URL. */
const NATIVE_ROUTE_HINTS: Record<number, string> = {
	404: "TGI's native routes (/generate, /info) live at the server root, {Base URL}/generate, not under the API Version. They exist on a self-hosted TGI and on Inference Endpoints, not on the HF router: use Message a Model there.",
};

/** TGI's native `POST /generate`, at the server root. */
export const TGI_GENERATE: GenerateTask = {
	request: (body) => ({
		method: 'POST',
		path: 'generate',
		root: true,
		body,
		hints: NATIVE_ROUTE_HINTS,
	}),
};

/** TGI's native `GET /info`, at the server root. */
export const TGI_INFO: InfoTask = {
	request: () => ({ method: 'GET', path: 'info', root: true, hints: NATIVE_ROUTE_HINTS }),
};

/** TGI answers 404 on its tokenize routes when the model has no fast tokenizer. */
const TOKENIZE_HINTS: Record<number, string> = {
	404: `${NATIVE_ROUTE_HINTS[404].replace('(/generate, /info)', '(/tokenize, /chat_tokenize)')} TGI also answers 404 "No fast tokenizer available" when the model has no fast tokenizer (tokenizer.json).`,
};

/** TGI's native `POST /tokenize`: one text per request, its tokens with their offsets. */
export const TGI_TOKENIZE: TokenizeTask = {
	batched: false,
	options: [],
	request: ([text]) => ({
		method: 'POST',
		path: 'tokenize',
		root: true,
		body: tgiTokenizeBody(text),
		hints: TOKENIZE_HINTS,
	}),
	read: (answer) => [parseTgiTokens(answer)],
};

/** TGI's native `POST /chat_tokenize`: messages laid out by the model's chat template, then tokenized. */
export const TGI_CHAT_TOKENIZE: ChatTokenizeTask = {
	options: ['model'],
	request: (messages, options) => ({
		method: 'POST',
		path: 'chat_tokenize',
		root: true,
		body: { ...(options.model ? { model: options.model } : {}), messages },
		hints: TOKENIZE_HINTS,
	}),
	read: parseTgiChatTokens,
};

export const TGI: ServerDialect = {
	id: 'tgi',
	name: 'TGI',
	serverType: {
		name: 'Text Generation Inference (TGI)',
		description: "TGI's JSON grammar, limits and native routes (/generate, /info)",
	},
	serves: 'text generation',

	// TGI's Info: a model_id and its token limits (or its router's name).
	recognisesInfo: (info) =>
		isPlainObject(info) &&
		typeof info.model_id === 'string' &&
		(typeof info.max_total_tokens === 'number' || info.router === 'text-generation-router'),
	limitsFromInfo: (info) => ({
		maxStopSequences: positiveInteger(info.max_stop_sequences),
		maxTotalTokens: positiveInteger(info.max_total_tokens),
		maxInputTokens:
			positiveInteger(info.max_input_tokens) ?? positiveInteger(info.max_input_length),
	}),

	limitsNeedInfo: false,

	// OpenAI's chat route under TGI's policy, and its native routes. It generates text only: no
	// embeddings, no rerank.
	tasks: {
		...OPENAI_CHAT_TASKS,
		chat: openAiChat(TGI_CHAT),
		generate: TGI_GENERATE,
		info: TGI_INFO,
		tokenize: TGI_TOKENIZE,
		chatTokenize: TGI_CHAT_TOKENIZE,
	},

	hints: {
		413: 'The request is larger than TGI accepts (its default --payload-limit is 2,000,000 bytes). Shorten the messages or send smaller images.',
		422: "TGI rejected a parameter. Check the node's options (0 < Top P < 1, Temperature ≥ 0, Maximum Number of Tokens ≥ 1, at most 4 stop sequences) and that the prompt plus Maximum Number of Tokens fit the model's context.",
		424: "The model failed while generating. Try again, lower Maximum Number of Tokens, or check the TGI server's logs.",
		429: 'TGI is overloaded: more requests than its --max-concurrent-requests. Wait and try again, or send fewer requests at once.',
		500: "TGI failed while handling the request. Check the TGI server's logs.",
	},
	contextHint:
		"The prompt (plus Maximum Number of Tokens) is longer than the model's context on this TGI. Shorten the input, lower Maximum Number of Tokens, or start TGI with a larger --max-input-tokens and --max-total-tokens (within what the model and the GPU allow).",
};
