/**
 * What TGI answers for a chat request it rejects. Two layers, as in TGI's router:
 *  1. axum/serde deserialization: wrong types, unknown grammar variants -> 422, plain text;
 *  2. TGI's validation (router/src/validation.rs) -> 422 JSON {"error", "error_type": "validation"}.
 */

import { promptTokens } from './tgiCompletion';
import type { Reply } from './types';

/** This TGI's context (its --max-input-tokens and --max-total-tokens), as its /info says. */
export const MAX_INPUT_TOKENS = 4095;
export const MAX_TOTAL_TOKENS = 4096;

const NUMBER_FIELDS = ['temperature', 'top_p', 'frequency_penalty', 'presence_penalty'];
const UNSIGNED_FIELDS = ['max_tokens', 'seed', 'n', 'top_logprobs'];
const GRAMMAR_TYPES = ['json', 'regex', 'json_schema'];

const serdeError = (message: string): Reply => ({
	status: 422,
	body: `Failed to deserialize the JSON body into the target type: ${message} at line 1 column 1`,
});

/** TGI's own validation error: 422 with {error, error_type: "validation"}. */
export const validationError = (message: string): Reply => ({
	status: 422,
	body: { error: `Input validation error: ${message}`, error_type: 'validation' },
});

function deserializationProblem(body: any): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return 'invalid type: expected struct ChatRequest';
	}
	if (!Array.isArray(body.messages)) return 'missing field `messages`';
	for (const [index, message] of body.messages.entries()) {
		if (typeof message?.role !== 'string') return `messages[${index}]: missing field \`role\``;
		const content = message.content;
		const hasContent = typeof content === 'string' || Array.isArray(content);
		if (!hasContent && !Array.isArray(message.tool_calls)) {
			return `messages[${index}]: data did not match any variant of untagged enum MessageBody`;
		}
		if (Array.isArray(content)) {
			for (const part of content) {
				if (part?.type !== 'text' && part?.type !== 'image_url') {
					return `messages[${index}].content: unknown variant \`${part?.type}\`, expected \`text\` or \`image_url\``;
				}
			}
		}
	}
	for (const key of NUMBER_FIELDS) {
		if (body[key] != null && typeof body[key] !== 'number')
			return `${key}: invalid type: expected f32`;
	}
	for (const key of UNSIGNED_FIELDS) {
		if (body[key] != null && !(Number.isInteger(body[key]) && body[key] >= 0)) {
			return `${key}: invalid value: expected u32`;
		}
	}
	if (body.stop != null && !Array.isArray(body.stop))
		return 'stop: invalid type: string, expected a sequence';
	const format = body.response_format;
	if (format != null) {
		if (!GRAMMAR_TYPES.includes(format.type)) {
			return `response_format: unknown variant \`${format.type}\`, expected one of \`json\`, \`regex\`, \`json_schema\``;
		}
		if (format.value === undefined) return 'response_format: missing field `value`';
	}
	if (body.model != null && typeof body.model !== 'string')
		return 'model: invalid type: expected a string';
	return undefined;
}

/** What TGI answers a chat request it rejects, or undefined when it accepts it. */
export function validateChatRequest(body: any): Reply | undefined {
	const serde = deserializationProblem(body);
	if (serde) return serdeError(serde);
	if (body.temperature != null && body.temperature < 0) {
		return validationError('`temperature` must be strictly positive');
	}
	if (body.top_p != null && (body.top_p <= 0 || body.top_p >= 1)) {
		return validationError('`top_p` must be > 0.0 and < 1.0');
	}
	if (body.max_tokens != null && body.max_tokens < 1) {
		return validationError('`max_new_tokens` must be strictly positive');
	}
	if (
		body.frequency_penalty != null &&
		(body.frequency_penalty < -2 || body.frequency_penalty > 2)
	) {
		return validationError('`frequency_penalty` must be >= -2.0 and <= 2.0');
	}
	if (Array.isArray(body.stop) && body.stop.length > 4) {
		return validationError(`\`stop\` supports up to 4 stop sequences. Given: ${body.stop.length}`);
	}
	if (body.response_format != null && Array.isArray(body.tools) && body.tools.length > 0) {
		return validationError('Grammar and tools are mutually exclusive');
	}
	if (body.messages.length === 0) return validationError('`messages` cannot be empty');
	return contextProblem(body);
}

/** A prompt over the context, in TGI's words (router/src/validation.rs). */
function contextProblem(body: any): Reply | undefined {
	const tokens = promptTokens(body);
	if (tokens > MAX_INPUT_TOKENS)
		return validationError(
			`\`inputs\` must have less than ${MAX_INPUT_TOKENS} tokens. Given: ${tokens}`,
		);
	const maxNew = body.max_tokens;
	if (maxNew != null && tokens + maxNew > MAX_TOTAL_TOKENS)
		return validationError(
			`\`inputs\` tokens + \`max_new_tokens\` must be <= ${MAX_TOTAL_TOKENS}. Given: ${tokens} \`inputs\` tokens and ${maxNew} \`max_new_tokens\``,
		);
	return undefined;
}
