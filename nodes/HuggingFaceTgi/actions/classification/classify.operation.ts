import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { servedTask } from '../../../shared/dialects';
import type { ClassifyInput } from '../../../shared/dialects';
import { optionsCollection } from '../../../shared/descriptions/collection';
import {
	batchSizeOption,
	outputFieldOption,
	truncateOptions,
} from '../../../shared/descriptions/retrieval.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import {
	readClassifySettings,
	type TextTaskOptionValues,
} from '../../../shared/settings/textTasks';
import type { ServerConnection, Traffic } from '../../../shared/transport/transport';
import { batchSizes } from '../../../shared/wire/embeddings';
import {
	type ItemOutputs,
	itemOutputs,
	refusedForOneInput,
	sendAcrossItems,
	sendBatch,
} from '../../helpers/itemBatches';
import { itemText, outputField } from '../../helpers/itemInput';

const classifyOptions: INodeProperties[] = [
	{
		displayName: 'Return All Scores',
		name: 'allScores',
		type: 'boolean',
		default: true,
		description:
			'Whether every label comes back with its score (under "scores", best first), not only the best one',
	},
	{
		...batchSizeOption,
		description:
			"How many items' texts go in one request. Capped by TEI's max_client_batch_size. Read from the first item.",
	},
	outputFieldOption(
		'classification',
		"The field the result is put in, beside the item's own fields: {label, score}, with scores when asked",
	),
	{
		displayName: 'Raw Scores',
		name: 'rawScores',
		type: 'boolean',
		default: true,
		description:
			"Whether the scores are the model's raw logits rather than probabilities (softmax or sigmoid, as the model is set up)",
	},
	{
		displayName: 'Second Text',
		name: 'textPair',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. {{ $json.hypothesis }}',
		description:
			'For models that classify a pair of texts (natural language inference: premise and hypothesis; a question and a passage). Leave empty for one text.',
	},
	...truncateOptions,
	...trafficOptions,
];

const properties: INodeProperties[] = [
	{
		displayName: 'Text to Classify',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.message }}',
		description: "The item's text the model labels",
	},
	optionsCollection(classifyOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['classify'] } },
	properties,
);

/** The item's text, or its pair of texts when Second Text is set. */
function itemInput(text: unknown, pair: unknown): ClassifyInput {
	const first = itemText(text, 'text', 'classification');
	if (pair === undefined || pair === null || pair === '') return first;
	return [first, itemText(pair, 'textPair', 'classification')];
}

/**
 * "Classify": each item's text (or pair of texts) labelled by TEI's classifier model (/predict) —
 * items batched across the execution within TEI's max_client_batch_size, the batches sent at the
 * execution's Concurrency, each retried on its own; a batch refused because of one text split
 * until that item is found. The best label and its score, every label's on request.
 */
export async function executeAll(
	this: IExecuteFunctions,
	count: number,
	connection: ServerConnection,
	traffic: Traffic,
	run: { stop?: () => void },
): Promise<ItemOutputs<IDataObject>> {
	const classify = servedTask(connection.server, 'classify');
	const values = this.getNodeParameter('options', 0, {}) as TextTaskOptionValues;
	const settings = readClassifySettings(values);
	const field = outputField(values.outputField, 'classification');
	const limit = connection.server.limits?.maxClientBatchSize;
	const model = connection.server.limits?.modelId;

	const outcome = await sendAcrossItems({
		count,
		input: (item) =>
			itemInput(
				this.getNodeParameter('text', item),
				this.getNodeParameter('options.textPair', item, ''),
			),
		sizes: (inputs) => batchSizes(inputs, settings.batchSize, limit),
		splittable: refusedForOneInput,
		stop: run.stop,
		traffic,
		send: async (inputs, firstItem, batchTraffic) => {
			const request = classify.request(inputs, settings.options);
			const sending = { timeoutMs: settings.timeoutMs, itemIndex: firstItem };
			const body = await sendBatch.call(this, connection, request, sending, batchTraffic);
			return classify.read(body, inputs.length);
		},
	});
	return itemOutputs(outcome, ([best, ...others], item) => {
		const result: IDataObject = { label: best.label, score: best.score };
		if (settings.allScores) result.scores = [best, ...others].map((p) => ({ ...p }));
		if (model) result.model = model;
		return { ...this.getInputData()[item]?.json, [field]: result };
	});
}
