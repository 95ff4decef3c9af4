import { isPlainObject } from './guards';
import type { ChatMessage } from './chatBody';
import { FieldError } from './fieldError';

const MAX_STOP_SEQUENCES = 4;
const FIELD_ROLES = ['system', 'user', 'assistant'];

export type Label = (key: string) => string;
export type Rule = (value: unknown) => string | undefined;

const isNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/** TGI's own limits (router/src/validation.rs and the OpenAPI spec). */
export const RULES: Record<string, Rule> = {
	model: (v) =>
		typeof v === 'string' && v.trim() !== ''
			? undefined
			: 'is required: pick a model from the list or enter its ID',
	temperature: (v) =>
		isNumber(v) && v >= 0 ? undefined : `must be a number ≥ 0 (got ${JSON.stringify(v)})`,
	max_tokens: (v) =>
		Number.isInteger(v) && (v as number) >= 1
			? undefined
			: `must be a whole number ≥ 1 (got ${JSON.stringify(v)})`,
	top_p: (v) =>
		isNumber(v) && v > 0 && v < 1
			? undefined
			: `must be greater than 0 and less than 1; TGI rejects 1.0 (got ${JSON.stringify(v)})`,
	frequency_penalty: (v) =>
		isNumber(v) && v >= -2 && v <= 2
			? undefined
			: `must be between -2 and 2 (got ${JSON.stringify(v)})`,
	presence_penalty: (v) =>
		isNumber(v) && v >= -2 && v <= 2
			? undefined
			: `must be between -2 and 2 (got ${JSON.stringify(v)})`,
	seed: (v) =>
		Number.isInteger(v) && (v as number) >= 0
			? undefined
			: `must be a whole number ≥ 0 (got ${JSON.stringify(v)})`,
	stop: (v) => {
		if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
			return 'must be a list of strings (TGI rejects a single string)';
		}
		return v.length > MAX_STOP_SEQUENCES
			? `TGI accepts at most ${MAX_STOP_SEQUENCES} stop sequences (got ${v.length})`
			: undefined;
	},
	response_format: (v) => {
		if (!isPlainObject(v)) return 'must be an object like {"type": "json", "value": <JSON schema>}';
		if (v.type === 'json_object' || (v.type === 'json_schema' && 'json_schema' in v)) {
			return `TGI does not accept OpenAI's "${v.type}" form (it answers 422); use {"type": "json", "value": <JSON schema>} — the node's Response Format option sends that`;
		}
		if (!['json', 'regex', 'json_schema'].includes(v.type as string)) {
			return `type must be "json" or "regex" (got ${JSON.stringify(v.type)})`;
		}
		return v.value === undefined ? 'needs a "value" (the JSON schema or regex)' : undefined;
	},
	stream: (v) =>
		v === false
			? undefined
			: 'the node does not stream: it waits for one JSON answer per item (the answer would arrive as Server-Sent Events); remove "stream"',
};

/** Checks one message of a chat; `position` is 1-based for the error text. */
function validateMessage(message: unknown, position: number, field: string): void {
	if (!isPlainObject(message)) {
		throw new FieldError(field, `message ${position} must be an object with "role" and "content"`);
	}
	const { role, content } = message;
	if (typeof role !== 'string' || role.trim() === '') {
		throw new FieldError(field, `message ${position} has no "role"`);
	}
	const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
	if (hasToolCalls) return;
	if (typeof content === 'string') {
		if (content.trim() === '') {
			throw new FieldError(field, `message ${position} (${role}) has empty content`);
		}
		return;
	}
	if (!Array.isArray(content) || content.length === 0) {
		throw new FieldError(
			field,
			`message ${position} (${role}) needs "content": a string or a list of content parts`,
		);
	}
	content.forEach((part, index) => {
		const type = isPlainObject(part) ? part.type : undefined;
		if (type !== 'text' && type !== 'image_url') {
			throw new FieldError(
				field,
				`message ${position}, content part ${index + 1} must have type "text" or "image_url"`,
			);
		}
	});
}

/** Validates a list of chat messages in OpenAI format; `field` names where the user typed them. */
export function validateMessages(messages: unknown, field = 'Messages'): ChatMessage[] {
	if (!Array.isArray(messages) || messages.length === 0) {
		throw new FieldError(field, 'must be a non-empty list of messages');
	}
	messages.forEach((message, index) => validateMessage(message, index + 1, field));
	return messages as ChatMessage[];
}

/** The fields UI offers system, user and assistant; an expression may still set something else. */
export function checkFieldRoles(messages: ChatMessage[]): ChatMessage[] {
	messages.forEach(({ role }, index) => {
		if (!FIELD_ROLES.includes(role)) {
			throw new FieldError('Messages', `message ${index + 1} has unknown role "${role}"`);
		}
	});
	return messages;
}

/** Checks every field of `body` that is set against its rule; the first problem names the field. */
export function applyRules(body: Record<string, unknown>, rules: Record<string, Rule>, label: Label): void {
	for (const [key, rule] of Object.entries(rules)) {
		if (body[key] === undefined || body[key] === null) continue;
		const problem = rule(body[key]);
		if (problem) throw new FieldError(label(key), problem);
	}
}

/** Applies TGI's rules to a finished request body; `label` names the field the user set. */
export function validateChatBody(body: Record<string, unknown>, label: Label): void {
	validateMessages(body.messages, label('messages'));
	if (body.model === undefined || body.model === null) throw new FieldError(label('model'), RULES.model(undefined) as string);
	applyRules(body, RULES, label);
	if (body.response_format !== undefined && body.response_format !== null && body.tools) {
		throw new FieldError(
			label('response_format'),
			'TGI cannot combine a response format with tools (it answers 422); use one or the other',
		);
	}
}
