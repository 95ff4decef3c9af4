/**
 * The supplied model's patches reach the models its bindTools makes: a chain that binds tools
 * first and then asks for structured output or counts tokens on what it got back meets neither
 * LangChain's chunk-only parser nor its tiktoken download (both did before: the patches were set
 * on the supplied model only).
 */
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';

import { patchSuppliedModel } from '../../nodes/LmChatHuggingFaceTgi/suppliedModel';
import { stubFetch, WholeMessageModel } from '../helpers/langchain';

const schema = {
	name: 'extract',
	type: 'object',
	properties: { score: { type: 'integer' } },
	required: ['score'],
};
const classes = { AIMessage, AIMessageChunk };

describe('the patches of the supplied model, on the models bound from it', () => {
	const fetched = stubFetch();

	test('unpatched, a bound model fails structured output and downloads an encoding (what this mends)', async () => {
		const bound = new WholeMessageModel().bindTools();
		await expect(bound.withStructuredOutput(schema).invoke('rate it')).rejects.toThrow(
			'Input is not an AIMessageChunk.',
		);
		await bound.getNumTokens('twelve chars');
		expect(fetched).toHaveLength(1);
	});

	test('patched: a bound model, and a model bound from that, read structured output and count locally', async () => {
		const model = new WholeMessageModel();
		patchSuppliedModel(model, classes);
		const bound = model.bindTools() as WholeMessageModel;
		const twice = bound.bindTools() as WholeMessageModel;
		for (const each of [model, bound, twice]) {
			expect(await each.withStructuredOutput(schema).invoke('rate it')).toMatchObject({ score: 4 });
			expect(await each.getNumTokens('twelve chars')).toBe(3);
		}
		expect(fetched).toEqual([]);
	});

	test('patching twice changes nothing more; a value that is not a model is left alone', () => {
		const model = new WholeMessageModel();
		patchSuppliedModel(model, classes);
		const { bindTools, withStructuredOutput } = model;
		patchSuppliedModel(model, classes);
		expect([model.bindTools, model.withStructuredOutput]).toEqual([
			bindTools,
			withStructuredOutput,
		]);
		expect(() => patchSuppliedModel(undefined, classes)).not.toThrow();
	});
});
