import type { INodeProperties } from 'n8n-workflow';

/** Sampling options that chat completions and /generate share; the server's dialect sets their limits. */
export const samplingOptions: INodeProperties[] = [
	{
		displayName: 'Frequency Penalty',
		name: 'frequencyPenalty',
		type: 'number',
		typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
		default: 0,
		description: 'Between -2 and 2. Positive values make the model less likely to repeat lines.',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'A whole number ≥ 0 that makes sampling repeatable',
	},
	{
		displayName: 'Stop Sequences',
		name: 'stop',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Stop Sequence' },
		default: [],
		description:
			'Text at which generation stops; TGI takes at most its max_stop_sequences (4 by default)',
	},
	{
		displayName: 'Top P',
		name: 'topP',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.9,
		description:
			'Nucleus sampling: TGI takes greater than 0 and less than 1 (it rejects 1.0); OpenAI-compatible servers 0 to 1',
	},
];

/** Sampling Temperature as chat completions take it; /generate narrows it (greater than 0). */
export const temperatureOption: INodeProperties = {
	displayName: 'Sampling Temperature',
	name: 'temperature',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 1,
	description:
		'At least 0 (OpenAI-compatible servers: at most 2). Lower is more focused and deterministic; 0 means greedy decoding.',
};

/** Chat-only sampling options: Message a Model and the Chat Model sub-node. */
export const chatSamplingOptions: INodeProperties[] = [
	{
		displayName: 'Maximum Number of Tokens',
		name: 'maxTokens',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1024,
		description: 'The most tokens the answer may have (TGI: max_tokens, at least 1)',
	},
	{
		displayName: 'Presence Penalty',
		name: 'presencePenalty',
		type: 'number',
		typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
		default: 0,
		description: 'Between -2 and 2. Positive values push the model towards new topics.',
	},
	temperatureOption,
];
