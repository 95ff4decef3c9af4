import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { describeProfile, servedTask } from '../../../shared/dialects';
import { optionsCollection } from '../../../shared/descriptions/collection';
import {
	outputFieldOption,
	retrievalModelLocator,
	topNOption,
	truncateOptions,
} from '../../../shared/descriptions/retrieval.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import { rankTexts } from '../../../shared/retrieval/rerank';
import { readRerankSettings, type RetrievalOptionValues } from '../../../shared/settings/retrieval';
import type { ServerConnection, Traffic } from '../../../shared/transport/transport';
import { FieldError } from '../../../shared/wire/fieldError';
import { isPlainObject } from '../../../shared/wire/guards';
import { recordTokenUsage } from '../../helpers/tokenUsage';
import { itemDocuments, itemText, outputField } from '../../helpers/itemInput';

const rerankOptions: INodeProperties[] = [
	{
		displayName: 'Document Text Field',
		name: 'textField',
		type: 'string',
		default: 'text',
		placeholder: 'e.g. pageContent',
		description:
			"When the documents are objects: the key that holds each one's text. The whole object comes back beside its score.",
	},
	outputFieldOption(
		'reranked',
		"The field the ranked documents are put in, beside the item's own fields: a list of {index, score, document}, best first",
	),
	{
		...topNOption,
		description: 'The most documents to keep, best first. Without it every document comes back.',
	},
	...truncateOptions,
	...trafficOptions,
];

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.question }}',
		description: 'The text the documents are scored against',
	},
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'string',
		default: '={{ $json.documents }}',
		required: true,
		description:
			"The item's documents: a list of texts, or of objects with the text under Document Text Field (Options)",
	},
	retrievalModelLocator('reranker', 'BAAI/bge-reranker-base'),
	optionsCollection(rerankOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['ranking'], operation: ['rerank'] } },
	properties,
);

/**
 * "Rerank": the item's documents scored against its query — TEI's /rerank, vLLM's and llama.cpp's
 * /rerank — in batches the server takes, merged best first (ties keep the documents' order), Top N
 * kept; each document comes back whole beside its score and its place in the list.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: ServerConnection,
	traffic: Traffic,
): Promise<IDataObject> {
	const rerank = servedTask(connection.server, 'rerank');
	const values = this.getNodeParameter('options', itemIndex, {}) as RetrievalOptionValues & {
		outputField?: unknown;
		textField?: unknown;
	};
	const model = this.getNodeParameter('modelId', itemIndex, '', { extractValue: true }) as string;
	const settings = readRerankSettings(
		String(model ?? ''),
		values,
		rerank.options,
		describeProfile(connection.server),
	);
	const field = outputField(values.outputField, 'reranked');
	if (values.textField !== undefined && typeof values.textField !== 'string')
		throw new FieldError('textField', `must be a key (got ${JSON.stringify(values.textField)})`);
	const textField = (values.textField ?? '').trim() || undefined;
	const query = itemText(this.getNodeParameter('query', itemIndex), 'query', 'rerank');
	const { entries, texts } = itemDocuments(
		this.getNodeParameter('documents', itemIndex),
		textField,
	);

	const ranking = await rankTexts.call(this, connection, rerank, settings, {
		query,
		texts,
		noun: 'document',
		shared: traffic,
		itemIndex,
		// vLLM reports the tokens it read as usage.total_tokens: the run's token usage counts them as input.
		onAnswer: (answer) => {
			const usage = isPlainObject(answer) && isPlainObject(answer.usage) ? answer.usage : undefined;
			recordTokenUsage(this, usage && { prompt_tokens: usage.prompt_tokens ?? usage.total_tokens });
		},
	});
	const kept = values.topN === undefined ? ranking : ranking.slice(0, settings.topN);
	const json: IDataObject = { ...this.getInputData()[itemIndex]?.json };
	json[field] = kept.map(({ index, score }) => ({
		index,
		score,
		document: entries[index] as IDataObject | string,
	}));
	return json;
}
