/**
 * The server's token counts for streamed answers in n8n's AI log. The SDK's adapter hands n8n's
 * tracing (N8nLlmTracing) a streamed answer's usage as `llmOutput.tokenUsage` in LangChain's
 * camelCase (`promptTokens`, `completionTokens`), while its parser reads the snake_case of
 * non-streamed answers (`input_tokens`, `output_tokens`): streamed runs then show an estimate
 * (`tokenUsageEstimate`) though the server sent its exact counts (`stream_options.include_usage`).
 * This teaches the tracing of the model `supplyModel` returned to read both spellings. Nothing
 * changes when the tracing already has counts, or when it is not where expected.
 */

interface TokenCounts {
	completionTokens: number;
	promptTokens: number;
	totalTokens: number;
	cost?: number;
}

type UsageParser = (result: unknown) => TokenCounts;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null;

const count = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** The counts of `llmOutput.tokenUsage` in LangChain's camelCase, when they are there. */
export function camelCaseUsage(result: unknown): TokenCounts | undefined {
	const llmOutput = isObject(result) ? result.llmOutput : undefined;
	const usage = isObject(llmOutput) ? llmOutput.tokenUsage : undefined;
	if (!isObject(usage)) return undefined;
	const completionTokens = count(usage.completionTokens);
	if (!completionTokens) return undefined;
	const promptTokens = count(usage.promptTokens) ?? 0;
	return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/**
 * Wraps each tracing handler's usage parser of `model` (the `response` of `supplyModel`, and every
 * model its `bindTools` makes: the agent binds its tools, and the SDK builds a new model with a new
 * tracing handler for that; suppliedModel.ts applies this to each).
 */
export function countStreamedUsage(model: unknown): void {
	if (!isObject(model)) return;
	const callbacks = model.callbacks;
	if (!Array.isArray(callbacks)) return;
	for (const handler of callbacks) {
		const options = isObject(handler) ? handler.options : undefined;
		if (!isObject(options) || typeof options.tokensUsageParser !== 'function') continue;
		const parse = options.tokensUsageParser as UsageParser;
		options.tokensUsageParser = ((result: unknown) => {
			const parsed = parse(result);
			if (parsed.completionTokens > 0) return parsed;
			const streamed = camelCaseUsage(result);
			return streamed ? { ...parsed, ...streamed } : parsed;
		}) satisfies UsageParser;
	}
}
