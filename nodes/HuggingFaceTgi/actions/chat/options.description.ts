import type { INodeProperties } from 'n8n-workflow';

import {
	chatSamplingOptions,
	samplingOptions,
} from '../../../shared/descriptions/sampling.description';
import { sharedChatOptions } from '../../../shared/descriptions/chat.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import { optionsCollection } from '../../../shared/descriptions/collection';

/** The "Options" collection of Message a Model. The server's limits are checked before sending. */
export const chatOptions: INodeProperties = optionsCollection([
	...trafficOptions,
	...samplingOptions,
	...chatSamplingOptions,
	...sharedChatOptions,
	{
		displayName: 'Image Binary Properties',
		name: 'images',
		type: 'string',
		default: '',
		placeholder: 'e.g. data',
		description:
			"Binary properties of the item holding images (PNG, JPEG, GIF, WebP, BMP), comma-separated. They are added to the last user message as image_url parts (base64 data URIs) for vision models. The request must stay under TGI's 2,000,000 bytes.",
	},
	{
		displayName: 'Output Content as JSON',
		name: 'jsonOutput',
		type: 'boolean',
		default: true,
		description:
			'Whether "content" is the answer parsed into data instead of text (a Markdown code fence around it is fine). An answer that does not parse fails its item.',
		displayOptions: { show: { responseFormat: ['json'] } },
	},
	{
		displayName: 'Validate Against Schema',
		name: 'validateJson',
		type: 'boolean',
		default: true,
		description:
			'Whether to check the parsed answer against the JSON Schema (type, properties, required, enum, items, bounds, …) and fail its item when it does not match. Only with Output Content as JSON on.',
		displayOptions: { show: { responseFormat: ['json'] } },
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'json',
		default: '[]',
		description:
			'Functions the model may call, as a JSON array of OpenAI tool definitions: [{"type": "function", "function": {"name": "get_weather", "description": "…", "parameters": {JSON schema}}}]. Bare {"name", "description", "parameters"} objects work too. The answer\'s tool_calls come with their arguments parsed.',
	},
	{
		displayName: 'Tool Choice',
		name: 'toolChoice',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool' },
			{ name: 'None', value: 'none', description: 'Answer with text, call no tool' },
			{ name: 'Required', value: 'required', description: 'Call at least one tool' },
			{ name: 'Function', value: 'function', description: 'Call the function named below' },
		],
		default: 'auto',
		description: 'Whether and which tool the model must call (with Tools set)',
	},
	{
		displayName: 'Tool Choice Function',
		name: 'toolChoiceFunction',
		type: 'string',
		default: '',
		placeholder: 'e.g. get_weather',
		description: 'The name of the function the model must call; one of the Tools',
		displayOptions: { show: { toolChoice: ['function'] } },
	},
] as INodeProperties[]);
