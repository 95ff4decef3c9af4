import type { INodeProperties } from 'n8n-workflow';

import {
	samplingOptions,
	temperatureOption,
} from '../../../shared/descriptions/sampling.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import { optionsCollection } from '../../../shared/descriptions/collection';

/** TGI's GenerateParameters (POST /generate), each one sent only when added. */
const parameters: INodeProperties[] = [
	{
		displayName: 'Additional Parameters',
		name: 'additionalParameters',
		type: 'json',
		default: '{}',
		description:
			'A JSON object merged into "parameters" last, for anything not modelled here (e.g. {"adapter_id": "my-lora"}). Checked against TGI\'s limits too.',
	},
	{
		displayName: 'Best Of',
		name: 'bestOf',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description:
			"Generate this many sequences and return the one with the highest log probability (TGI's --max-best-of limits it; above 1 needs sampling)",
	},
	{
		displayName: 'Decoder Input Details',
		name: 'decoderInputDetails',
		type: 'boolean',
		default: false,
		description:
			"Whether to return the prompt's tokens with their log probabilities (in details.prefill; turn Simplify Output off to see them)",
	},
	{
		displayName: 'Details',
		name: 'details',
		type: 'boolean',
		default: true,
		description:
			'Whether TGI returns generation details: finish_reason, generated_tokens, seed, and each token with its log probability',
	},
	{
		displayName: 'Do Sample',
		name: 'doSample',
		type: 'boolean',
		default: false,
		description: 'Whether to sample the next token instead of picking the most likely one (greedy)',
	},
	{
		displayName: 'Grammar',
		name: 'grammar',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'The JSON schema (Grammar Type JSON) or regular expression (Grammar Type Regex) the generated text must follow',
		displayOptions: { show: { grammarType: ['json', 'regex'] } },
	},
	{
		displayName: 'Grammar Type',
		name: 'grammarType',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{
				name: 'JSON',
				value: 'json',
				description: 'Constrain the text to JSON matching the schema in Grammar',
			},
			{
				name: 'Regex',
				value: 'regex',
				description: 'Constrain the text to the regular expression in Grammar',
			},
		],
		default: 'none',
		description: "Constrain the generated text with TGI's guidance grammar",
	},
	{
		displayName: 'Maximum New Tokens',
		name: 'maxNewTokens',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 256,
		description:
			'The most tokens to generate (TGI: max_new_tokens). The prompt plus this must fit max_total_tokens, which Get Server Info shows.',
	},
	{
		displayName: 'Repetition Penalty',
		name: 'repetitionPenalty',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 1.03,
		description: 'Greater than 0; 1.0 means no penalty, higher values repeat less',
	},
	{
		displayName: 'Return Full Text',
		name: 'returnFullText',
		type: 'boolean',
		default: false,
		description: 'Whether generated_text starts with the prompt',
	},
	{
		...temperatureOption,
		default: 0.7,
		description:
			'Greater than 0 (TGI rejects 0 here; leave it out for greedy decoding). Lower is more focused.',
	},
	{
		displayName: 'Top K',
		name: 'topK',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Sample only from the K most likely next tokens (a whole number ≥ 1)',
	},
	{
		displayName: 'Top N Tokens',
		name: 'topNTokens',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5,
		description:
			"Return the N most likely alternatives for each generated token (in details.top_tokens; TGI's --max-top-n-tokens limits it)",
	},
	{
		displayName: 'Truncate',
		name: 'truncate',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1024,
		description:
			"Keep only the last N tokens of the prompt (at most the server's max_input_tokens)",
	},
	{
		displayName: 'Typical P',
		name: 'typicalP',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.95,
		description: 'Typical decoding mass: greater than 0 and less than 1',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		description: 'Whether to watermark the generated text (Kirchenbauer et al.)',
	},
];

/** The "Options" collection of Generate Text. */
export const generateOptions: INodeProperties = optionsCollection([
	...trafficOptions,
	...samplingOptions,
	...parameters,
]);
