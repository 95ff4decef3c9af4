/** Chat messages in OpenAI/TGI format, and their checks. */

import { FieldError } from './fieldError';
import { isPlainObject } from './guards';

/** A chat message in OpenAI/TGI format; content may be a string or a list of content parts. */
export interface ChatMessage {
	role: string;
	content?: unknown;
	[key: string]: unknown;
}

const FIELD_ROLES = ['system', 'user', 'assistant'];

/** Checks one message of a chat; `position` is 1-based for the error text. */
function validateMessage(message: unknown, position: number, field: string, path?: string): void {
	if (!isPlainObject(message)) {
		throw new FieldError(
			field,
			`message ${position} must be an object with "role" and "content"`,
			path,
		);
	}
	const { role, content } = message;
	if (typeof role !== 'string' || role.trim() === '') {
		throw new FieldError(field, `message ${position} has no "role"`, path);
	}
	const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
	if (hasToolCalls) return;
	if (typeof content === 'string') {
		if (content.trim() === '') {
			throw new FieldError(field, `message ${position} (${role}) has empty content`, path);
		}
		return;
	}
	if (!Array.isArray(content) || content.length === 0) {
		throw new FieldError(
			field,
			`message ${position} (${role}) needs "content": a string or a list of content parts`,
			path,
		);
	}
	content.forEach((part, index) => {
		const type = isPlainObject(part) ? part.type : undefined;
		if (type !== 'text' && type !== 'image_url') {
			throw new FieldError(
				field,
				`message ${position}, content part ${index + 1} must have type "text" or "image_url"`,
				path,
			);
		}
	});
}

/** Validates a list of chat messages in OpenAI format; `field` names where the user typed them. */
export function validateMessages(
	messages: unknown,
	field = 'messages',
	path?: string,
): ChatMessage[] {
	if (!Array.isArray(messages) || messages.length === 0) {
		throw new FieldError(field, 'must be a non-empty list of messages', path);
	}
	messages.forEach((message, index) => validateMessage(message, index + 1, field, path));
	return messages as ChatMessage[];
}

/** The fields UI offers system, user and assistant; an expression may still set something else. */
export function checkFieldRoles(messages: ChatMessage[]): ChatMessage[] {
	messages.forEach(({ role }, index) => {
		if (!FIELD_ROLES.includes(role)) {
			throw new FieldError('messages', `message ${index + 1} has unknown role "${role}"`);
		}
	});
	return messages;
}
