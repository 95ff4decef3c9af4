import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { describeProfile, servedTask } from '../../../shared/dialects';
import {
	batchSizeOption,
	dimensionsOption,
	normalizeOption,
	retrievalModelLocator,
	truncateOptions,
} from '../../../shared/descriptions/retrieval.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import {
	readEmbeddingsSettings,
	type RetrievalOptionValues,
} from '../../../shared/settings/retrieval';
import { namesOneInput } from '../../../shared/transport/errors';
import {
	type ServerConnection,
	sendRequest,
	type Traffic,
} from '../../../shared/transport/transport';
import { batchSizes, embeddingsAnswerFacts } from '../../../shared/wire/embeddings';
import { FieldError } from '../../../shared/wire/fieldError';
import { type ItemResult, sendItemBatches } from '../../helpers/itemBatches';
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
	{
		displayName: 'Output Field',
		name: 'outputField',
		type: 'string',
		default: 'embedding',
		description:
			'The field the vector is put in, beside the item\'s own fields; "&lt;field&gt;Model" and "&lt;field&gt;Dimensions" say what made it',
	},
	{
		displayName: 'Prompt Name',
		name: 'promptName',
		type: 'string',
		default: '',
		placeholder: 'e.g. query',
		description:
			"The model's sentence-transformers prompt (a key of its prompts, such as query or passage). TEI and the HF router's hf-inference only.",
	},
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

/** The item's text, or the error naming the field. */
function itemText(value: unknown): string {
	if (typeof value !== 'string')
		throw new FieldError('text', `must be text (got ${value === null ? 'null' : typeof value})`);
	if (value.trim() === '')
		throw new FieldError('text', 'is empty: embeddings servers refuse empty texts');
	return value;
}

/** Where the vector goes: a field name of the item's JSON. */
function outputField(value: unknown): string {
	if (value === undefined) return 'embedding';
	if (typeof value !== 'string' || value.trim() === '' || value.trim() === '__proto__')
		throw new FieldError('outputField', `must be a field name (got ${JSON.stringify(value)})`);
	return value.trim();
}

/** A batch's failure that may be one text's fault: too long, empty, too many (TEI 413/422, llama.cpp, vLLM 400). */
const splittable = (error: unknown) =>
	error instanceof NodeApiError &&
	namesOneInput(Number(error.httpCode), `${error.message} ${error.description ?? ''}`);

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
): Promise<Array<ItemResult<IDataObject>> & { firstFailure?: number }> {
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
	const field = outputField(values.outputField);
	const options = { ...settings.options, promptName: settings.prompts.document };
	embed.check?.(options, connection);

	const results = new Array<ItemResult<IDataObject>>(count);
	const texts = new Map<number, string>();
	for (let item = 0; item < count; item++) {
		try {
			texts.set(item, itemText(this.getNodeParameter('text', item)));
		} catch (error) {
			results[item] = { ok: false, error };
			// When failures stop the node, a bad text stops it before anything is sent.
			if (run.stop) return Object.assign(results, { firstFailure: item });
		}
	}
	const items = [...texts.keys()];
	const limit = connection.server.limits?.maxClientBatchSize;
	const facts: { model?: string } = {};
	const outcome = await sendItemBatches<number[]>({
		items,
		sizes: batchSizes(items.length, settings.batchSize, limit),
		splittable,
		onFailure: () => run.stop?.(),
		send: async (batch) => {
			const request = embed.request(
				batch.map((item) => texts.get(item) as string),
				options,
				connection,
			);
			const { body } = await sendRequest.call(
				this,
				connection,
				{ ...request, answer: 'value', timeoutMs: settings.timeoutMs, itemIndex: batch[0] },
				traffic,
			);
			const vectors = embed.read(body, batch.length);
			const answered = embeddingsAnswerFacts(body);
			facts.model ??= answered.model;
			recordTokenUsage(this, answered.usage);
			return vectors;
		},
	});

	// One length across the execution (and Dimensions'): a vector of another length is that item's error.
	const first = items.map((item) => outcome.results.get(item)).find((result) => result?.ok);
	const length = settings.options.dimensions ?? (first?.ok ? first.value.length : undefined);
	const expected =
		settings.options.dimensions === undefined
			? `the others have ${length}`
			: `Dimensions is ${length}`;
	const source = settings.options.model ?? facts.model ?? connection.server.limits?.modelId;
	for (const item of items) {
		const result = outcome.results.get(item) as ItemResult<number[]>;
		if (!result.ok) {
			results[item] = result;
			continue;
		}
		if (length !== undefined && result.value.length !== length) {
			results[item] = {
				ok: false,
				error: new NodeApiError(
					this.getNode(),
					{ message: 'unexpected length' },
					{
						itemIndex: item,
						message: `The server answered a vector of ${result.value.length} dimensions for item ${item}; ${expected}`,
						description:
							'Vectors of different lengths cannot be compared or stored side by side. A server behind a load balancer may run two models: check the server, and Dimensions.',
					},
				),
			};
			continue;
		}
		const json = { ...this.getInputData()[item]?.json };
		json[field] = result.value;
		json[`${field}Dimensions`] = result.value.length;
		if (source) json[`${field}Model`] = source;
		results[item] = { ok: true, value: json };
	}
	const failed = results.findIndex((result) => !result.ok);
	return Object.assign(results, {
		firstFailure: outcome.firstFailure ?? (failed < 0 ? undefined : failed),
	});
}
