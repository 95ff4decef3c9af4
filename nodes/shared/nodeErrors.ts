import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NotAChatServerError } from './dialects';
import type { FieldError } from './wire/fieldError';

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
export function notAChatServerNodeError(
	node: INode,
	error: NotAChatServerError,
	itemIndex?: number,
): NodeOperationError {
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	return new NodeOperationError(node, `${error.message}${item}`, {
		itemIndex,
		description: error.description,
	});
}
