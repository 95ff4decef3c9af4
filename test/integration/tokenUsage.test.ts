/**
 * Token usage reaches n8n's own bookkeeping (the node run's metadata.tokenUsage, which n8n 2.x's
 * Evaluations and Insights read), through n8n-core's engine: every answer the server gave counts
 * once; a failed attempt that was retried and a failed item do not.
 */
import { runChatWorkflow } from '../../testing/harness/runWorkflow';
import { chatParameters, runChat, selfHosted, startServer } from '../helpers/tgi';

interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
}

/** The node run's metadata.tokenUsage, where n8n keeps it. */
const tokenUsageOf = (run: {
	data: {
		resultData: { runData: Record<string, Array<{ metadata?: { tokenUsage?: TokenUsage } }>> };
	};
}) => run.data.resultData.runData['Hugging Face TGI'][0].metadata?.tokenUsage;

/** The sum of the items' own usage, as the node output it. */
function summed(output: Array<{ json: Record<string, unknown> }>): TokenUsage {
	return output.reduce(
		(sum, item) => {
			const usage = item.json.usage as { prompt_tokens: number; completion_tokens: number };
			return {
				inputTokens: sum.inputTokens + usage.prompt_tokens,
				outputTokens: sum.outputTokens + usage.completion_tokens,
			};
		},
		{ inputTokens: 0, outputTokens: 0 },
	);
}

describe('token usage in the node run', () => {
	const server = startServer();

	it('Message a Model: the sum of every answer’s usage', async () => {
		const { run, output, error } = await runChat({
			items: [{ q: 'one' }, { q: 'two words' }, { q: 'three more words' }],
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		const total = summed(output);
		expect(total.inputTokens).toBeGreaterThan(0);
		expect(total.outputTokens).toBeGreaterThan(0);
		expect(tokenUsageOf(run)).toEqual(total);
	});

	it('a retried 429 counts once; an item that failed (Continue On Fail) counts not at all', async () => {
		let first = true;
		server.script = (request) => {
			if (!request.url.endsWith('/chat/completions')) return undefined;
			const text = JSON.stringify(request.body.messages);
			if (text.includes('retry me') && first) {
				first = false;
				return { status: 429, body: { error: 'Model is overloaded', error_type: 'overloaded' } };
			}
			if (text.includes('fail me'))
				return { status: 422, body: { error: 'Input validation error', error_type: 'validation' } };
			return undefined;
		};
		const { run, output } = await runChatWorkflow({
			items: [{ q: 'retry me' }, { q: 'fail me' }, { q: 'fine' }],
			parameters: chatParameters({ options: { retryDelay: 10 } }),
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		const answered = output.filter((item) => item.json.usage);
		expect(answered).toHaveLength(2);
		expect(output.filter((item) => item.json.error)).toHaveLength(1);
		expect(tokenUsageOf(run)).toEqual(summed(answered));
	});

	it('Generate Text: generated_tokens out, and the prompt in when TGI lists it (Decoder Input Details)', async () => {
		const generate = (options: Record<string, unknown>) =>
			runChatWorkflow({
				items: [{ q: 'hello there' }],
				parameters: {
					resource: 'text',
					operation: 'generate',
					inputs: '={{ $json.q }}',
					simplify: false,
					options,
				},
				credentials: selfHosted(server),
			});
		const withPrefill = await generate({ details: true, decoderInputDetails: true });
		const details = withPrefill.output[0].json.details;
		expect(tokenUsageOf(withPrefill.run)).toEqual({
			inputTokens: details.prefill.length,
			outputTokens: details.generated_tokens,
		});
		expect(details.prefill.length).toBeGreaterThan(0);
		const plain = await generate({ details: false });
		expect(tokenUsageOf(plain.run)).toBeUndefined();
	});
});
