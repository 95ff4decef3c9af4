/** LangChain test doubles shared by the Chat Model's patch tests. */
import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/**
 * Answers every call with one tool call as a whole AIMessage (as n8n's AI node SDK adapter does);
 * bindTools makes a new model, as the adapter's does, and records the tools.
 */
export class WholeMessageModel extends BaseChatModel {
	bound: unknown[] = [];
	constructor(params: BaseChatModelParams = {}) {
		super(params);
	}
	_llmType() {
		return 'whole-message';
	}
	async _generate(): Promise<ChatResult> {
		const message = new AIMessage({
			content: '',
			tool_calls: [{ id: '0', name: 'extract', args: { score: 4, reasoning_summary: 'close' } }],
			usage_metadata: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
		});
		return { generations: [{ text: '', message }] };
	}
	bindTools(tools: unknown[] = []) {
		const bound = new WholeMessageModel();
		bound.bound = tools;
		this.bound = tools;
		return bound;
	}
}

/**
 * Stands in for the network while the tests run: LangChain's tiktoken download reaches a host that
 * answers a broken file (LangChain fetches once, then falls back to its estimate). The addresses
 * asked are in the returned list, emptied before each test.
 */
export function stubFetch(): string[] {
	const realFetch = globalThis.fetch;
	const fetched: string[] = [];
	const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
	beforeEach(() => {
		fetched.length = 0;
		globalThis.fetch = (async (url: string | URL) => {
			fetched.push(String(url));
			return new Response('not an encoding', { status: 200 });
		}) as typeof fetch;
	});
	afterAll(() => {
		globalThis.fetch = realFetch;
		warn.mockRestore();
	});
	return fetched;
}
