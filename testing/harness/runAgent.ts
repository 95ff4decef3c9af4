/**
 * Runs `Items -> Test Agent <- Hugging Face TGI Chat Model` in n8n-core's engine. The test agent is
 * a root node that, like n8n's AI Agent, takes the model from its ai_languageModel input (so n8n-core
 * calls the sub-node's supplyData) and runs a LangChain tool-calling loop with one tool.
 */
import path from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { executeWorkflow, itemsNode, itemsStart, loadPackage, PACKAGE_NAME } from './n8nEngine';
import type { RunError } from './runWorkflow';

// The same LangChain and zod copies that the SDK's adapter uses.
const sdkDir = path.dirname(require.resolve('@n8n/ai-utilities'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromSdk = (id: string): any => require(require.resolve(id, { paths: [sdkDir] }));
const { HumanMessage, ToolMessage } = fromSdk('@langchain/core/messages');
const { DynamicStructuredTool } = fromSdk('@langchain/core/tools');
const { z } = fromSdk('zod');

const MODEL_NODE_TYPE = `${PACKAGE_NAME}.lmChatHuggingFaceTgi`;
const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

const weatherTool = (name = 'get_weather') =>
	new DynamicStructuredTool({
		name,
		description: 'The current weather in a city',
		schema: z.object({ city: z.string().describe('The city name') }),
		func: async ({ city }: { city: string }) => `Sunny, 21 °C in ${city}`,
	});

const text = (message: any) =>
	typeof message.content === 'string' ? message.content : message.text;

const agentNode = {
	description: {
		displayName: 'Test Agent',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'A minimal tool-calling agent',
		defaults: { name: 'Agent' },
		inputs: ['main', { type: 'ai_languageModel', required: true, maxConnections: 1 }],
		outputs: ['main'],
		properties: [
			{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'tools' },
			{ displayName: 'Tool Name', name: 'toolName', type: 'string', default: 'get_weather' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const results = [];
		for (let item = 0; item < this.getInputData().length; item++) {
			const model = (await this.getInputConnectionData(
				/** @type {any} */ 'ai_languageModel',
				item,
			)) as any;
			const prompt = this.getNodeParameter('prompt', item) as string;
			const mode = this.getNodeParameter('mode', item);
			const tool = weatherTool(this.getNodeParameter('toolName', item) as string);
			if (mode === 'stream' || mode === 'stream-tools') {
				// LangChain's stream(): the chunks as they come, and when each arrived.
				const source = mode === 'stream-tools' ? model.bindTools([tool]) : model;
				let streamed = '';
				let merged: any;
				const arrivals: number[] = [];
				for await (const chunk of await source.stream([new HumanMessage(prompt)])) {
					arrivals.push(Date.now());
					streamed += text(chunk) ?? '';
					merged = merged ? merged.concat(chunk) : chunk;
				}
				const toolCalls = (merged?.tool_calls ?? []).map(({ id, name, args }: any) => ({
					id,
					name,
					args,
				}));
				const usage = merged?.usage_metadata ?? null;
				results.push({
					json: { output: streamed, arrivals, toolCalls, usage },
					pairedItem: { item },
				});
				continue;
			}
			const bound = mode === 'tools' ? model.bindTools([tool]) : model;
			const history = [new HumanMessage(prompt)];
			const steps = [];
			let answer = await bound.invoke(history);
			while (answer.tool_calls?.length && steps.length < 5) {
				history.push(answer);
				for (const call of answer.tool_calls) {
					const observation = await tool.invoke(call.args);
					steps.push({ id: call.id, name: call.name, args: call.args, observation });
					history.push(new ToolMessage({ content: observation, tool_call_id: call.id }));
				}
				answer = await bound.invoke(history);
			}
			results.push({
				json: { output: text(answer), steps, usage: answer.usage_metadata ?? null },
				pairedItem: { item },
			});
		}
		return [results];
	},
};

export interface AgentRunOptions {
	items: object[];
	prompt: string;
	/** tools: a tool-calling loop with one tool; plain: one call; stream: the model's stream() (with the tool bound: stream-tools). */
	mode?: 'tools' | 'plain' | 'stream' | 'stream-tools';
	toolName?: string;
	modelParameters?: Record<string, unknown>;
	credentials: Record<string, unknown>;
	/** Cancels the execution (as the editor's stop button does) when this settles. */
	cancelOn?: Promise<unknown>;
}

export interface AgentRunResult {
	run: any;
	output: Array<{ json: Record<string, any> }>;
	error?: RunError;
	/** What the sub-node recorded per model call (n8n's AI tracing), as the editor shows it. */
	modelRuns: Array<{ error?: RunError }>;
}

/** Runs `Items -> Test Agent <- Hugging Face TGI Chat Model` in n8n's engine. */
export async function runAgentWorkflow({
	items,
	prompt,
	mode = 'tools',
	toolName = 'get_weather',
	modelParameters = {},
	credentials,
	cancelOn,
}: AgentRunOptions): Promise<AgentRunResult> {
	const { nodes } = loadPackage();
	const workflowNodes = [
		itemsStart(items),
		{
			id: '2',
			name: 'Agent',
			type: 'test.agent',
			typeVersion: 1,
			position: [200, 0],
			parameters: { prompt, mode, toolName },
		},
		{
			id: '3',
			name: 'TGI Chat Model',
			type: MODEL_NODE_TYPE,
			typeVersion: 1,
			position: [200, 200],
			parameters: {
				modelId: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' },
				...modelParameters,
			},
			credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TGI test' } },
		},
	];
	const connections = {
		Items: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
		'TGI Chat Model': {
			ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]],
		},
	};
	const run = await executeWorkflow({
		id: 'agent-test',
		nodes: workflowNodes,
		connections,
		nodeTypes: { ...nodes, 'test.items': itemsNode, 'test.agent': agentNode },
		credentials: { [CREDENTIAL_TYPE]: credentials },
		prepare: (running) => void cancelOn?.then(() => running.cancel()),
	});
	const agentRun = run.data.resultData.runData.Agent?.[0];
	return {
		run,
		output: agentRun?.data?.main?.[0] ?? [],
		error: agentRun?.error ?? run.data.resultData.error,
		/** What the sub-node recorded per model call (n8n's AI tracing), as the editor shows it. */
		modelRuns: run.data.resultData.runData['TGI Chat Model'] ?? [],
	};
}
