/**
 * `withStructuredOutput` for the model n8n's AI node SDK supplies. LangChain's default (the one the
 * SDK's adapter inherits) binds the schema as a tool and reads the tool call from the answer, but
 * accepts the answer only as an `AIMessageChunk` — a streamed answer. The adapter answers an
 * `invoke` with a whole `AIMessage`, so every SDK-built model failed there with "Input is not an
 * AIMessageChunk." (n8n's Evaluation node, Correctness and Helpfulness metrics, seen in n8n 2.40.7).
 * This hands LangChain's parser the same answer as a chunk; nothing else about the call changes.
 */
import type { AIMessage, AIMessageChunk } from '@langchain/core/messages';

export interface MessageClasses {
	AIMessage: typeof AIMessage;
	AIMessageChunk: typeof AIMessageChunk;
}

type WithStructuredOutput = (this: unknown, ...args: unknown[]) => unknown;
interface Pipeable {
	pipe(next: (message: unknown) => unknown): unknown;
}
interface ToolBinding {
	bindTools(...args: unknown[]): Pipeable;
	withStructuredOutput: WithStructuredOutput;
}

const isToolBinding = (model: unknown): model is ToolBinding =>
	typeof model === 'object' &&
	model !== null &&
	typeof (model as ToolBinding).bindTools === 'function' &&
	typeof (model as ToolBinding).withStructuredOutput === 'function';

/** A whole AI message as the chunk LangChain's structured-output parser asks for; others as they are. */
export function asChunk(message: unknown, classes: MessageClasses): unknown {
	const { AIMessage, AIMessageChunk } = classes;
	if (!AIMessage.isInstance(message) || AIMessageChunk.isInstance(message)) return message;
	return new AIMessageChunk({
		id: message.id,
		content: message.content,
		additional_kwargs: message.additional_kwargs,
		response_metadata: message.response_metadata,
		tool_calls: message.tool_calls,
		usage_metadata: message.usage_metadata,
	});
}

/** Patches `withStructuredOutput` on `model` (the `response` of `supplyModel`). */
export function structuredOutputFromWholeMessages(model: unknown, classes: MessageClasses): void {
	if (!isToolBinding(model)) return;
	const inherited = model.withStructuredOutput;
	model.withStructuredOutput = function (this: unknown, ...args: unknown[]) {
		const self = (isToolBinding(this) ? this : model) as ToolBinding;
		// LangChain's own implementation, on a view of the model whose tool-bound answers are chunks.
		const view = Object.create(self, {
			bindTools: {
				value: (...tools: unknown[]) =>
					self.bindTools(...tools).pipe((message) => asChunk(message, classes)),
			},
		}) as unknown;
		return inherited.apply(view, args);
	};
}
