/**
 * Token counts for LangChain's chains without a download. LangChain's `getNumTokens` (the
 * Summarization Chain splits and joins documents by it) fetches an OpenAI tiktoken encoding from
 * tiktoken.pages.dev the first time, and counts with it — a wrong tokenizer for the models TGI and
 * its kin serve, a request to a third party, and, on an n8n without internet, about two minutes of
 * retries before LangChain falls back to its estimate of one token per four characters. This gives
 * the model that estimate at once: what LangChain itself ends up with offline.
 */

type Content = string | Array<string | { type?: string; text?: unknown }>;

/** LangChain's own estimate: the text's length in characters / 4, rounded up. */
export function estimateTokens(content: Content): number {
	const text =
		typeof content === 'string'
			? content
			: content
					.map((part) =>
						typeof part === 'string'
							? part
							: part?.type === 'text' && typeof part.text === 'string'
								? part.text
								: '',
					)
					.join('');
	return Math.ceil(text.length / 4);
}

/** Replaces `getNumTokens` on the model `supplyModel` returned (when it has one). */
export function countTokensLocally(model: unknown): void {
	if (typeof model !== 'object' || model === null || !('getNumTokens' in model)) return;
	Object.defineProperty(model, 'getNumTokens', {
		value: async (content: Content) => estimateTokens(content),
		configurable: true,
		writable: true,
	});
}
