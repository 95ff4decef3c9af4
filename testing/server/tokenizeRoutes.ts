/**
 * The `/tokenize` routes of the servers that generate text, in each one's own shapes (TGI's
 * OpenAPI file, test/fixtures/tgi/tgi-openapi.json: TokenizeResponse, ChatTokenizeResponse; vLLM's
 * and llama.cpp's servers):
 *   TGI        POST /tokenize {inputs} → [{id, text, start, stop}] (special tokens always added);
 *              POST /chat_tokenize (a ChatRequest) → {tokenize_response, templated_text} (none added)
 *   vLLM       POST /tokenize {prompt | messages, add_special_tokens, return_token_strs}
 *              → {count, max_model_len, tokens, token_strs}
 *   llama.cpp  POST /tokenize {content, add_special, with_pieces} → {tokens: [id] | [{id, piece}]};
 *              no `content` (messages, say) → {tokens: []}
 * The tokenizer is TEI's test one (words), with a BOS `<s>` as the special token, and a chat
 * template that lays out each message under its role.
 */
import type { ErrorReply, RetrievalRoute } from './embeddingRoutes';
import { tokenize } from './teiTasks';

/** The model's context (vLLM's max_model_len) the test server reports. */
export const MAX_MODEL_LEN = 4096;

const BOS = { id: 1, text: '<s>', special: true, start: null, stop: null };

/** A text's tokens as a generation model's tokenizer cuts them: `<s>` first when special tokens are added. */
export function llmTokens(text: string, addSpecial: boolean) {
	const words = tokenize(text, false);
	return addSpecial ? [BOS, ...words] : words;
}

/** The test model's chat template: each message under its role, then the assistant's turn. */
export function templated(messages: any[]): string {
	return `${messages
		.map(
			(message) =>
				`<|${message.role}|>\n${typeof message.content === 'string' ? message.content : JSON.stringify(message.content)}`,
		)
		.join('\n')}\n<|assistant|>\n`;
}

const tgiValidation = (message: string) => ({
	status: 422,
	body: { error: message, error_type: 'validation' },
});

/** TGI's `/tokenize` and `/chat_tokenize` at the server root. */
export function tgiTokenizeRoute(path: string): RetrievalRoute | undefined {
	const simple = (token: ReturnType<typeof llmTokens>[number]) => ({
		id: token.id,
		text: token.text,
		start: token.start ?? 0,
		stop: token.stop ?? 0,
	});
	if (path === '/tokenize')
		return {
			validate: (body) =>
				typeof body?.inputs === 'string'
					? undefined
					: tgiValidation('Failed to deserialize the JSON body: missing field `inputs`'),
			answer: (body) => llmTokens(body.inputs, true).map(simple),
		};
	if (path === '/chat_tokenize')
		return {
			validate: (body) =>
				Array.isArray(body?.messages) && body.messages.length > 0
					? undefined
					: tgiValidation('Failed to deserialize the JSON body: missing field `messages`'),
			answer: (body) => {
				const text = templated(body.messages);
				// The template writes the BOS itself: TGI adds no special tokens to it.
				return { tokenize_response: llmTokens(text, false).map(simple), templated_text: text };
			},
		};
	return undefined;
}

/** vLLM's `/tokenize` at the server root: a prompt or chat messages, its model checked. */
export const vllmTokenizeRoute = (model: string, error: ErrorReply): RetrievalRoute => ({
	validate: (body) => {
		if (body?.model !== undefined && body.model !== model)
			return error(404, `The model \`${body.model}\` does not exist.`, 'NotFoundError');
		if (typeof body?.prompt !== 'string' && !Array.isArray(body?.messages))
			return error(400, 'Field required: prompt or messages', 'BadRequestError');
		return undefined;
	},
	answer: (body) => {
		const chat = Array.isArray(body.messages) && typeof body.prompt !== 'string';
		// vLLM adds special tokens to a prompt unless told, to messages only when told (the template has them).
		const special = body.add_special_tokens ?? !chat;
		const tokens = llmTokens(chat ? templated(body.messages) : body.prompt, special === true);
		return {
			count: tokens.length,
			max_model_len: MAX_MODEL_LEN,
			tokens: tokens.map((token) => token.id),
			token_strs: body.return_token_strs === true ? tokens.map((token) => token.text) : null,
		};
	},
});

/** llama.cpp's `/tokenize` at the server root: `content` only (anything else: no tokens). */
export const llamaCppTokenizeRoute: RetrievalRoute = {
	validate: () => undefined,
	answer: (body) => {
		if (typeof body?.content !== 'string') return { tokens: [] };
		const tokens = llmTokens(body.content, body.add_special === true);
		return {
			tokens:
				body.with_pieces === true
					? tokens.map((token) => ({ id: token.id, piece: token.text }))
					: tokens.map((token) => token.id),
		};
	},
};
