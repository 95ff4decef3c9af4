import type { INodeProperties } from 'n8n-workflow';

/** Chat options both the action node and the Chat Model sub-node offer, checked by the same rules. */
export const sharedChatOptions: INodeProperties[] = [
	{
		displayName: 'Additional Body Fields',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description:
			'A JSON object merged into the request body last, for anything not modelled here (e.g. {"top_k": 10, "repetition_penalty": 1.1} on providers that accept them). Checked against the server\'s limits too; a response_format is put in the server\'s dialect.',
	},
	{
		displayName: 'JSON Schema',
		name: 'jsonSchema',
		type: 'json',
		default:
			'{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}',
		description:
			'The JSON schema the answer must follow (pre-filled with an example; empty means any object). TGI gets it in its grammar form, OpenAI-compatible servers as json_schema (README shows both bodies). OpenAI\'s {"name", "schema", "strict"} wrapper is taken too.',
		displayOptions: { show: { responseFormat: ['json'] } },
	},
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text' },
			{
				name: 'JSON',
				value: 'json',
				description: "Constrain the answer to JSON matching a schema, in the server's own form",
			},
		],
		default: 'text',
	},
	{
		displayName: 'Reasoning Output',
		name: 'reasoningOutput',
		type: 'options',
		options: [
			{
				name: 'Separate Field',
				value: 'field',
				description:
					"The model's thinking (reasoning_content, or a leading &lt;think&gt; block) is kept apart: the action node's \"reasoning\" field, the Chat Model's reasoning; the answer holds only the answer",
			},
			{
				name: 'Keep Inline',
				value: 'inline',
				description:
					'The answer keeps the thinking as a leading &lt;think&gt;…&lt;/think&gt; block',
			},
		],
		default: 'field',
		description:
			'Where the thinking of reasoning models (DeepSeek-R1, Qwen3, …) goes (the action node: with Simplify Output on)',
	},
	{
		displayName: 'Routing Policy',
		name: 'routingPolicy',
		type: 'options',
		options: [
			{ name: 'Cheapest', value: 'cheapest', description: 'Appends :cheapest to the model ID' },
			{ name: 'Default (Fastest)', value: 'default', description: 'Send the model ID as it is' },
			{ name: 'Fastest', value: 'fastest', description: 'Appends :fastest to the model ID' },
			{
				name: 'Preferred',
				value: 'preferred',
				description: 'Appends :preferred: the providers in the order of your Hugging Face settings',
			},
			{
				name: 'Provider',
				value: 'provider',
				description: 'Appends :&lt;provider&gt; (named below)',
			},
		],
		default: 'default',
		description:
			"Which provider the HF router's unified endpoint (https://router.huggingface.co + v1) picks for a Hub model ID. A model ID that already ends in :something keeps it. Other servers: leave Default.",
	},
	{
		displayName: 'Routing Provider',
		name: 'routingProvider',
		type: 'string',
		default: '',
		placeholder: 'e.g. novita',
		description: 'The provider the router must use, appended as :&lt;provider&gt;',
		displayOptions: { show: { routingPolicy: ['provider'] } },
	},
];
