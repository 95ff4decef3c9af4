import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { describeProfile, servedTask } from '../../../shared/dialects';
import {
	batchSizeOption,
	dimensionsOption,
	normalizeOption,
	outputFieldOption,
	promptNameOption,
	retrievalModelLocator,
	truncateOptions,
} from '../../../shared/descriptions/retrieval.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import {
	readEmbeddingsSettings,
	type RetrievalOptionValues,
} from '../../../shared/settings/retrieval';
import type { ServerConnection, Traffic } from '../../../shared/transport/transport';
import { batchSizes, embeddingsAnswerFacts } from '../../../shared/wire/embeddings';
import { itemText, outputField } from '../../helpers/itemInput';
import {
	type ItemOutputs,
	itemOutputs,
	refusedForOneInput,
	sendAcrossItems,
	sendBatch,
} from '../../helpers/itemBatches';
import { recordTokenUsage } from '../../helpers/tokenUsage';
import { optionsCollection } from '../../../shared/descriptions/collection';

/** Embed's options: the sub-node's embedding options, where the vector goes, the traffic options. */
const embedOptions: INodeProperties[] = [
	{
		...batchSizeOption,
		description:
			"How many items' texts go in one request. Capped by the server's own limit (TEI's max_client_batch_size). Read from the first item.",
	},
	dimensionsOption,
	normalizeOption,
	outputFieldOption(
		'embedding',
		'The field the vector is put in, beside the item\'s own fields; "&lt;field&gt;Model" and "&lt;field&gt;Dimensions" say what made it',
	),
	promptNameOption(
		"The model's sentence-transformers prompt (a key of its prompts, such as query or passage). TEI and the HF router's hf-inference only.",
	),
	...truncateOptions,
	...trafficOptions,
];

const properties: INodeProperties[] = [
	{
		displayName: 'Text to Embed',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.description }}',
		description: "The item's text to embed",
	},
	retrievalModelLocator('embedding', 'BAAI/bge-small-en-v1.5'),
	optionsCollection(embedOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['embedding'], operation: ['embed'] } },
	properties,
);

/**
 * "Embed": each item's text as a vector in the item — items batched across the execution (Batch
 * Size, capped by the server's limit), the batches sent at the execution's Concurrency under the
 * server's budget, each retried on its own; a batch refused because of one text split until that
 * item is found. Execution-wide settings (model, options) are read from the first item.
 */
export async function executeAll(
	this: IExecuteFunctions,
	count: number,
	connection: ServerConnection,
	traffic: Traffic,
	run: { stop?: () => void },
): Promise<ItemOutputs<IDataObject>> {
	const embed = servedTask(connection.server, 'embed');
	const values = this.getNodeParameter('options', 0, {}) as RetrievalOptionValues & {
		outputField?: unknown;
	};
	const model = this.getNodeParameter('modelId', 0, '', { extractValue: true }) as string;
	const settings = readEmbeddingsSettings(
		String(model ?? ''),
		values,
		embed.options(connection),
		describeProfile(connection.server),
	);
	const field = outputField(values.outputField, 'embedding');
	const options = { ...settings.options, promptName: settings.prompts.document };
	embed.check?.(options, connection);

	const limit = connection.server.limits?.maxClientBatchSize;
	const facts: { model?: string } = {};
	const outcome = await sendAcrossItems<string, number[]>({
		count,
		input: (item) => itemText(this.getNodeParameter('text', item), 'text', 'embeddings'),
		sizes: (inputs) => batchSizes(inputs, settings.batchSize, limit),
		splittable: refusedForOneInput,
		stop: run.stop,
		traffic,
		send: async (texts, firstItem, batchTraffic) => {
			const request = embed.request(texts, options, connection);
			const sending = { timeoutMs: settings.timeoutMs, itemIndex: firstItem };
			const body = await sendBatch.call(this, connection, request, sending, batchTraffic);
			const vectors = embed.read(body, texts.length);
			const answered = embeddingsAnswerFacts(body);
			facts.model ??= answered.model;
			recordTokenUsage(this, answered.usage);
			return vectors;
		},
	});

	// One length across the execution (and Dimensions'): a vector of another length is that item's error.
	const first = outcome.results.find((result) => result?.ok);
	const length = settings.options.dimensions ?? (first?.ok ? first.value.length : undefined);
	const expected =
		settings.options.dimensions === undefined
			? `the others have ${length}`
			: `Dimensions is ${length}`;
	const source = settings.options.model ?? facts.model ?? connection.server.limits?.modelId;
	return itemOutputs(outcome, (vector, item) => {
		if (length !== undefined && vector.length !== length) {
			throw new NodeApiError(
				this.getNode(),
				{ message: 'unexpected length' },
				{
					itemIndex: item,
					message: `The server answered a vector of ${vector.length} dimensions for item ${item}; ${expected}`,
					description:
						'Vectors of different lengths cannot be compared or stored side by side. A server behind a load balancer may run two models: check the server, and Dimensions.',
				},
			);
		}
		const json = { ...this.getInputData()[item]?.json };
		json[field] = vector;
		json[`${field}Dimensions`] = vector.length;
		if (source) json[`${field}Model`] = source;
		return json;
	});
}
