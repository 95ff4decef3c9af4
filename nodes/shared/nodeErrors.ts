import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WrongServerError } from './dialects';
import { FieldError } from './wire/fieldError';

/**
 * A value caught before sending, as an n8n error that names the field under its label and the item:
 * "Top P: must be … [item 3]", with what to do in the description.
 */
export function fieldNodeError(
	node: INode,
	error: FieldError,
	label: (name: string) => string,
	itemIndex: number | undefined,
	fix: string,
): NodeOperationError {
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	return new NodeOperationError(node, `${error.describe(label)}${item}`, {
		itemIndex,
		description: fix.replace('{field}', `"${label(error.field)}"`),
	});
}

/** Chat asked of a server that generates no text (TEI), as an n8n error naming the item when there is one. */
export function wrongServerNodeError(
	node: INode,
	error: WrongServerError,
	itemIndex?: number,
): NodeOperationError {
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	return new NodeOperationError(node, `${error.message}${item}`, {
		itemIndex,
		description: error.description,
	});
}

/**
 * A sub-node's settings that failed before anything was sent (a field's value, or a server that
 * does not serve what the node asks), as an n8n error on the sub-node naming the field and the item.
 */
export function subNodeSettingsError(
	node: INode,
	error: unknown,
	label: (name: string) => string,
	itemIndex?: number,
): Error {
	if (error instanceof WrongServerError) return wrongServerNodeError(node, error, itemIndex);
	if (!(error instanceof FieldError)) return error as Error;
	return fieldNodeError(
		node,
		error,
		label,
		itemIndex,
		`No request was sent. Fix {field} in the ${node.name} and run again.`,
	);
}

/**
 * A server's error with its words, status and hint in both the message and the description:
 * chains such as the Basic LLM Chain keep only a model error's message, and n8n's chat (Chat
 * Trigger) shows only its description.
 */
export function withHintInMessage(error: unknown): unknown {
	if (!(error instanceof NodeApiError) || !error.description) return error;
	const words = error.message;
	const hint = error.description;
	if (!words.includes(hint)) error.message = `${words} — ${hint}`;
	// Not the message's exact text: n8n drops a description equal to its error's message.
	if (!hint.includes(words)) error.description = `${words}\n${hint}`;
	return error;
}
