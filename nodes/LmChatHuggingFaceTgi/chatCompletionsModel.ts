import type {
	ChatModel,
	ChatModelConfig,
	GenerateResult,
	Message,
	StreamChunk,
	Tool,
} from '@n8n/ai-node-sdk';
import type { IDataObject, ISupplyDataFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { servedTask } from '../shared/dialects';
import { buildChatBody, type ChatOptions } from '../shared/dialects/chatBody';
import { subNodeSettingsError, withHintInMessage } from '../shared/nodeErrors';
import {
	asStreamChunks,
	inlineReasoningChunks,
	toGenerateResult,
	toChatMessages,
	withReasoningInline,
} from './sdkMessages';
import type { ToolDefinition } from '../shared/wire/tools';
import {
	redactedAnswerError,
	type ServerConnection,
	sendRequest,
	type Traffic,
} from '../shared/transport/transport';
import { DeltaAssembler } from './streamDeltas';

type FunctionTool = Extract<Tool, { type: 'function' }>;

/** What the sub-node's parameters set for every call of the model. */
export interface ChatModelSettings {
	options: ChatOptions;
	/** The Timeout option, read and checked. */
	timeoutMs: number;
	/** The item the agent asked for this model with (n8n calls supplyData per item). */
	itemIndex?: number;
	/** The SDK's getParametersJsonSchema: a tool's zod or JSON schema as JSON schema. */
	schemaOf: (tool: FunctionTool) => unknown;
	/** The sub-node's label for each parameter, for errors that name one. */
	label: (name: string) => string;
	/** Reasoning Output "Keep Inline": the thinking stays in the answer as <think>…</think>. */
	reasoningInline?: boolean;
	/** Disable Streaming: the agent's stream() gets the whole answer, asked without "stream". */
	disableStreaming?: boolean;
	/** Tool Choice on the First Call: `required` until the model has called a tool for the latest user message. */
	firstToolChoice?: 'auto' | 'required';
}

/** Whether the model has not yet called a tool since the latest user message: the agent's first call. */
export function isFirstCall(messages: Message[]): boolean {
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	return !messages.slice(lastUser + 1).some((message) => message.role === 'tool');
}

/** Numbers each answer in this n8n process, so tool call ids are unique across the agent's turns. */
let answerSequence = 0;

/** A failure of the model's input, as an n8n error on the sub-node that names the field and the item. */
export const settingsError = (
	ctx: ISupplyDataFunctions,
	error: unknown,
	label: (name: string) => string,
	itemIndex?: number,
) => subNodeSettingsError(ctx.getNode(), error, label, itemIndex);

/**
 * TGI's chat completions as a chat model of n8n's AI node SDK, for the AI Agent and chains.
 * Every request goes through the package's transport: n8n's HTTP helper, retries, cancel.
 */
export class ChatCompletionsModel implements ChatModel {
	readonly provider = 'huggingface-tgi';

	constructor(
		private readonly ctx: ISupplyDataFunctions,
		private readonly connection: ServerConnection,
		private readonly traffic: Traffic,
		readonly modelId: string,
		private readonly settings: ChatModelSettings,
		private readonly tools: Tool[] = [],
	) {}

	withTools(tools: Tool[]): ChatModel {
		return new ChatCompletionsModel(
			this.ctx,
			this.connection,
			this.traffic,
			this.modelId,
			this.settings,
			tools,
		);
	}

	private toolDefinitions(): ToolDefinition[] | undefined {
		if (this.tools.length === 0) return undefined;
		return this.tools.map((tool) => {
			if (tool.type !== 'function') {
				throw new NodeOperationError(
					this.ctx.getNode(),
					`TGI has no built-in provider tool "${tool.name}"`,
					{
						description: 'Connect the tool as an n8n tool node instead.',
					},
				);
			}
			const parameters = (this.settings.schemaOf(tool) as Record<string, unknown>) ?? {
				type: 'object',
				properties: {},
			};
			const definition: ToolDefinition = {
				type: 'function',
				function: { name: tool.name, parameters },
			};
			if (tool.description) definition.function.description = tool.description;
			return definition;
		});
	}

	/** The request body: the sub-node's options, the call's stop sequences, the bound tools. */
	body(messages: Message[], config?: ChatModelConfig): IDataObject {
		const tools = this.toolDefinitions();
		const options: ChatOptions = { ...this.settings.options, tools };
		if (tools && this.settings.firstToolChoice === 'required' && isFirstCall(messages))
			options.toolChoice = 'required';
		if (config?.stopSequences?.length) options.stop = config.stopSequences;
		try {
			return buildChatBody(this.modelId, toChatMessages(messages), options, {
				server: this.connection.server,
				endpoint: this.connection,
			}) as IDataObject;
		} catch (error) {
			throw settingsError(this.ctx, error, this.settings.label, this.settings.itemIndex);
		}
	}

	/** The execution's cancel signal and the agent's own abort both stop a call. */
	private trafficFor(config?: ChatModelConfig): Traffic {
		const signals = [
			this.traffic.signal,
			config?.abortSignal,
			(config as { signal?: AbortSignal })?.signal,
		];
		const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
		return { ...this.traffic, signal: active.length > 0 ? AbortSignal.any(active) : undefined };
	}

	async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		// The body first: a server that does not chat is refused there, as a settings error.
		const body = this.body(messages, config);
		const chat = servedTask(this.connection.server, 'chat');
		const request = { ...chat.request(body), timeoutMs: this.settings.timeoutMs };
		let response;
		try {
			const { body } = await sendRequest.call(
				this.ctx,
				this.connection,
				request,
				this.trafficFor(config),
			);
			response = chat.read(body);
		} catch (error) {
			throw withHintInMessage(redactedAnswerError(error, this.connection));
		}
		const result = toGenerateResult(response, `call_${(++answerSequence).toString(36)}`);
		return this.settings.reasoningInline ? withReasoningInline(result) : result;
	}

	/**
	 * The answer as the server writes it: `"stream": true` (usage in a last chunk), each piece
	 * handed on as it arrives. A failure before the first byte is retried like any request; one
	 * after it ends the stream with the server's or the network's words.
	 */
	async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		const chunks = this.streamChunks(messages, config);
		yield* this.settings.reasoningInline ? inlineReasoningChunks(chunks) : chunks;
	}

	private async *streamChunks(
		messages: Message[],
		config?: ChatModelConfig,
	): AsyncGenerator<StreamChunk> {
		if (this.settings.disableStreaming) {
			yield* asStreamChunks(await this.generate(messages, config));
			return;
		}
		const body = this.body(messages, config);
		const stream = servedTask(this.connection.server, 'chatStream');
		const request = { ...stream.request(body), timeoutMs: this.settings.timeoutMs };
		const deltas = new DeltaAssembler(`call_${(++answerSequence).toString(36)}`);
		try {
			const traffic = this.trafficFor(config);
			const { body } = await sendRequest.call(this.ctx, this.connection, request, traffic);
			const chunks = body as AsyncIterable<Record<string, unknown>>;
			for await (const chunk of chunks) yield* deltas.accept(chunk);
		} catch (error) {
			throw withHintInMessage(error);
		}
		yield* deltas.finish();
	}
}
