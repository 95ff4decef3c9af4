/**
 * Tokenization on the wire, pure: each server's `/tokenize` body and answer — TGI's list of tokens
 * (and `/chat_tokenize`'s templated messages), TEI's one list per text, vLLM's `{count, tokens,
 * max_model_len}` and llama.cpp's `{tokens}` — read as one count per input. Never silently wrong:
 * one list per text asked, whole-number ids, a `count` that agrees with the tokens.
 */
import { describe, isPlainObject, shown } from './guards';
import { UnexpectedResponseError } from './response';

/** The Count Tokens options a request may carry. */
export interface TokenizeOptions {
	/** The model ID (vLLM serves several; the others ignore it). */
	model?: string;
	/** Add the model's special tokens (BOS, [CLS]…) as a prompt would have them; for a text true unless said, for chat messages false (their template writes them). */
	addSpecialTokens?: boolean;
	/** A sentence-transformers prompt of the model (TEI). */
	promptName?: string;
	/** Ask for each token's text as well as its id. */
	returnTokens?: boolean;
}

/** One token: its id, and its text where the server says it. */
export interface Token {
	id: number;
	text?: string;
	special?: boolean;
}

/** One input's tokenization. */
export interface Tokenized {
	tokens: Token[];
	/** The longest input the model takes, where the answer says it (vLLM's max_model_len). */
	maxModelLength?: number;
	/** The chat template applied to messages (TGI's /chat_tokenize). */
	templatedText?: string;
}

const fail = (message: string) => new UnexpectedResponseError(message);

const isId = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** TGI's and TEI's SimpleToken list: `[{id, text, special?, start, stop}]`. */
function simpleTokens(list: unknown, where: string): Token[] {
	if (!Array.isArray(list))
		throw fail(`${where} is ${describe(list)}, not a list of tokens [{"id", "text"}]`);
	return list.map((token: unknown, position) => {
		if (!isPlainObject(token) || !isId(token.id))
			throw fail(
				`${where}'s token ${position + 1} has the id ${shown(isPlainObject(token) ? token.id : token)}, not a whole number`,
			);
		return {
			id: token.id,
			...(typeof token.text === 'string' ? { text: token.text } : {}),
			...(typeof token.special === 'boolean' ? { special: token.special } : {}),
		};
	});
}

/** TGI's `POST /tokenize`: one text (a GenerateRequest's inputs). */
export const tgiTokenizeBody = (text: string) => ({ inputs: text });

/** TGI's `/tokenize` answer: the text's tokens. */
export const parseTgiTokens = (answer: unknown): Tokenized => ({
	tokens: simpleTokens(answer, 'The tokenize answer'),
});

/** TGI's `/chat_tokenize` answer: `{tokenize_response, templated_text}`. */
export function parseTgiChatTokens(answer: unknown): Tokenized {
	if (!isPlainObject(answer))
		throw fail(
			`The chat_tokenize answer is ${describe(answer)}, not {"tokenize_response", "templated_text"}`,
		);
	return {
		tokens: simpleTokens(answer.tokenize_response, 'The chat_tokenize answer'),
		...(typeof answer.templated_text === 'string' ? { templatedText: answer.templated_text } : {}),
	};
}

/** TEI's `POST /tokenize`: a batch of texts. */
export const teiTokenizeBody = (texts: string[], options: TokenizeOptions) => ({
	inputs: texts,
	add_special_tokens: options.addSpecialTokens !== false,
	...(options.promptName ? { prompt_name: options.promptName } : {}),
});

/** TEI's `/tokenize` answer: one token list per text asked, in order. */
export function parseTeiTokens(answer: unknown, asked: number): Tokenized[] {
	if (!Array.isArray(answer))
		throw fail(`The tokenize answer is ${describe(answer)}, not one list of tokens per text`);
	if (answer.length !== asked)
		throw fail(
			`The tokenize answer has ${answer.length} token lists for ${asked} text${asked === 1 ? '' : 's'}`,
		);
	return answer.map((list, position) => ({
		tokens: simpleTokens(list, `The tokenize answer's list ${position + 1}`),
	}));
}

/**
 * The `/tokenize` of vLLM and llama.cpp, in one body both read: vLLM's `prompt` (or `messages`),
 * `add_special_tokens`, `return_token_strs`; llama.cpp's `content`, `add_special`, `with_pieces`.
 * Each ignores the other's fields. Special tokens are said either way (llama.cpp adds none unless
 * told; vLLM adds them to a prompt unless told). Chat messages get them only when asked: the chat
 * template writes the model's BOS itself, and adding it again counts one token too many (vLLM's
 * own default for messages).
 */
export function openAiTokenizeBody(
	input: { text: string } | { messages: unknown[] },
	options: TokenizeOptions,
) {
	const special =
		'text' in input ? options.addSpecialTokens !== false : options.addSpecialTokens === true;
	const pieces = options.returnTokens === true;
	return {
		...(options.model ? { model: options.model } : {}),
		...('text' in input
			? { prompt: input.text, content: input.text }
			: { messages: input.messages, add_generation_prompt: true }),
		add_special_tokens: special,
		add_special: special,
		return_token_strs: pieces,
		with_pieces: pieces,
	};
}

/**
 * vLLM's `{count, max_model_len, tokens: [id], token_strs}` or llama.cpp's `{tokens: [id]}` /
 * `{tokens: [{id, piece}]}`. Messages are tokenized by vLLM only: an answer for messages without
 * vLLM's `count` is llama.cpp's, which reads `content` only and answers an empty list.
 */
export function parseOpenAiTokens(answer: unknown, messages = false): Tokenized {
	if (!isPlainObject(answer) || !Array.isArray(answer.tokens))
		throw fail(`The tokenize answer is ${describe(answer)} without a "tokens" list`);
	if (messages && answer.count === undefined)
		throw fail(
			"The server's /tokenize answered without a count for chat messages: it read no messages (llama.cpp's /tokenize takes text only)",
		);
	const strings = Array.isArray(answer.token_strs) ? answer.token_strs : undefined;
	const tokens = answer.tokens.map((token: unknown, position): Token => {
		const id = isPlainObject(token) ? token.id : token;
		if (!isId(id))
			throw fail(
				`The tokenize answer's token ${position + 1} has the id ${shown(id)}, not a whole number`,
			);
		const text = isPlainObject(token) ? token.piece : strings?.[position];
		return typeof text === 'string' ? { id, text } : { id };
	});
	if (answer.count !== undefined && answer.count !== tokens.length)
		throw fail(
			`The tokenize answer's count is ${shown(answer.count)}, but it lists ${tokens.length} tokens`,
		);
	const max = answer.max_model_len;
	return {
		tokens,
		...(typeof max === 'number' && Number.isInteger(max) && max > 0 ? { maxModelLength: max } : {}),
	};
}
