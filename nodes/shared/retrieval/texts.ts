/**
 * The texts of an embeddings or rerank call, as errors name them: which ones a batch carried, and
 * the first that can't be sent. Both retrieval sub-nodes use these.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withHintInMessage } from '../nodeErrors';
import { UnexpectedResponseError } from '../wire/response';

const count = new Intl.NumberFormat('en-US');

/**
 * Which texts batch `index` carried, counted from 1: "documents 33–64 of 200 (the longest:
 * document 40, 5,012 characters)", or "document 3 of 3".
 */
export function batchPlace(noun: string, texts: string[], sizes: number[], index: number): string {
	const first = sizes.slice(0, index).reduce((sum, size) => sum + size, 0);
	const size = sizes[index];
	if (size === 1) return `${noun} ${first + 1} of ${texts.length}`;
	let longest = first;
	for (let at = first; at < first + size; at++)
		if (texts[at].length > texts[longest].length) longest = at;
	return `${noun}s ${first + 1}–${first + size} of ${texts.length} (the longest: ${noun} ${longest + 1}, ${count.format(texts[longest].length)} character${texts[longest].length === 1 ? '' : 's'})`;
}

/**
 * A batch's failure, saying which texts it carried: the server's words and hint stay, in the message
 * and the description alike (chains and vector stores keep only the message, n8n's chat shows only
 * the description).
 */
export function batchError(node: INode, error: unknown, place: string): unknown {
	if (error instanceof UnexpectedResponseError) {
		return new NodeApiError(
			node,
			{ message: error.message },
			{
				message: `${error.message} [${place}]`,
				description:
					"The server's answer is not what an embeddings or rerank route answers. Check the Base URL, the API Version and the credential's Server Type.",
			},
		);
	}
	if (!(error instanceof NodeApiError)) return error;
	error.message = `${error.message} [${place}]`;
	return withHintInMessage(error);
}

/**
 * Refuses a call with a text that is not one: every server answers an empty text with an error
 * (TEI: 400 "inputs cannot be empty"), after the batches before it were paid for.
 */
export function checkTexts(node: INode, texts: unknown, noun: string, fix: string): string[] {
	if (!Array.isArray(texts)) {
		throw new NodeOperationError(node, `The ${noun}s are not a list (got ${typeof texts})`);
	}
	const bad = texts.findIndex((text) => typeof text !== 'string' || text.trim() === '');
	if (bad >= 0) {
		const what =
			typeof texts[bad] === 'string'
				? 'empty'
				: `not text (${JSON.stringify(texts[bad]) ?? 'undefined'})`;
		const which =
			texts.length === 1
				? `The ${noun}`
				: `${noun[0].toUpperCase()}${noun.slice(1)} ${bad + 1} of ${texts.length}`;
		throw new NodeOperationError(node, `${which} is ${what}: no request was sent`, {
			description: fix,
		});
	}
	return texts as string[];
}
