/**
 * Token usage into n8n's own bookkeeping: n8n 2.x keeps a node's usage in its run metadata
 * (`accumulateTokenUsage`, as n8n's OpenAI, Anthropic and Gemini nodes call it), where Evaluations
 * and Insights read it. Only answers the server gave are counted — never an attempt that failed
 * and was retried. n8n 1.x may not have the function: the usage then stays in the items only.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

type Accumulate = (context: IExecuteFunctions, inputTokens: number, outputTokens: number) => void;

/** n8n-workflow's accumulateTokenUsage, where this n8n has it. */
const accumulate = (workflow as unknown as { accumulateTokenUsage?: Accumulate })
	.accumulateTokenUsage;

const count = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** Adds one answer's tokens to the node's run: `prompt_tokens` in, `completion_tokens` out. */
export function recordTokenUsage(
	context: IExecuteFunctions,
	usage: { prompt_tokens?: unknown; completion_tokens?: unknown } | null | undefined,
): void {
	if (typeof accumulate !== 'function' || !usage) return;
	const input = count(usage.prompt_tokens);
	const output = count(usage.completion_tokens);
	if (input === undefined && output === undefined) return;
	accumulate(context, input ?? 0, output ?? 0);
}
