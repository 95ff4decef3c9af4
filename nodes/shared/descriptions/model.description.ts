import type { INodeProperties } from 'n8n-workflow';

/** The model picker (GET …/models through listSearch.searchModels) or a typed model ID. */
export const modelLocator: INodeProperties = {
	displayName: 'Model',
	name: 'modelId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The model to chat with. A self-hosted TGI serves one model and accepts any value here; the HF router needs the model ID.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. meta-llama/Llama-3.1-8B-Instruct',
		},
	],
};
