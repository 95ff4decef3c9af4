import type { INodeProperties } from 'n8n-workflow';

/** Options only the Chat Model has: how the agent's calls are sent. */
export const chatModelOptions: INodeProperties[] = [
	{
		displayName: 'Disable Streaming',
		name: 'disableStreaming',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask for each answer whole even when the agent streams (the chat then shows it at once). For servers that cannot stream with tools: llama.cpp ("Cannot use tools with stream"), some router providers.',
	},
	{
		displayName: 'Reasoning Effort',
		name: 'reasoningEffort',
		type: 'options',
		options: [
			{ name: 'Model Default', value: 'default', description: 'Send nothing' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
			{ name: 'High', value: 'high' },
		],
		default: 'default',
		description:
			"How hard a reasoning model thinks (reasoning_effort), where the server takes it: vLLM, the router's providers. TGI does not: refused before sending.",
	},
	{
		displayName: 'Thinking',
		name: 'thinking',
		type: 'options',
		options: [
			{ name: 'Model Default', value: 'default', description: 'Send nothing' },
			{ name: 'On', value: 'on', description: 'Sends chat_template_kwargs.enable_thinking: true' },
			{
				name: 'Off',
				value: 'off',
				description: 'Sends chat_template_kwargs.enable_thinking: false',
			},
		],
		default: 'default',
		description:
			"Whether a Qwen3-style model thinks before answering (its chat template's enable_thinking), on vLLM, SGLang and llama.cpp. TGI has no chat_template_kwargs: refused before sending.",
	},
	{
		displayName: 'Tool Choice on the First Call',
		name: 'firstToolChoice',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool' },
			{
				name: 'Required',
				value: 'required',
				description:
					'The first answer to each user message must call a tool; later calls are Auto, so the agent can still finish with an answer',
			},
		],
		default: 'auto',
		description:
			"Whether the model must call one of the agent's tools before it answers. Small open models often skip tools unless required.",
	},
];
