import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	describeProfile,
	servedTask,
	type TaskRequest,
	type Tokenized,
	type TokenizeOptions,
} from '../../../shared/dialects';
import { optionsCollection } from '../../../shared/descriptions/collection';
import { modelLocator } from '../../../shared/descriptions/model.description';
import {
	batchSizeOption,
	outputFieldOption,
	promptNameOption,
} from '../../../shared/descriptions/retrieval.description';
import { trafficOptions } from '../../../shared/descriptions/traffic.description';
import {
	readTokenizeSettings,
	type TextTaskOptionValues,
} from '../../../shared/settings/textTasks';
import {
	type ServerConnection,
	sendRequest,
	type Traffic,
} from '../../../shared/transport/transport';
import { batchSizes } from '../../../shared/wire/embeddings';
import { FieldError, parseJsonField } from '../../../shared/wire/fieldError';
import { isPlainObject } from '../../../shared/wire/guards';
import {
	type ItemOutputs,
	itemOutputs,
	refusedForOneInput,
	sendAcrossItems,
	sendBatch,
} from '../../helpers/itemBatches';
import { itemText, outputField } from '../../helpers/itemInput';

const countOptions: INodeProperties[] = [
	{
		displayName: 'Add Special Tokens',
		name: 'addSpecialTokens',
		type: 'boolean',
		default: true,
		description:
			"Whether the model's special tokens (BOS, [CLS], [SEP]…) are added and counted, as a prompt carries them. Unset: on for a text, off for chat messages (their template writes them). TEI, vLLM and llama.cpp; TGI decides itself.",
	},
	{
		...batchSizeOption,
		description:
			"How many items' texts go in one request where the server takes several (TEI, capped by its max_client_batch_size); the others take one per request. Read from the first item.",
	},
	outputFieldOption(
		'tokenization',
		"The field the result is put in, beside the item's own fields: {count, maxInputTokens}, with the tokens when asked",
	),
	promptNameOption(
		"The model's sentence-transformers prompt, counted with the text as embedding would send it. TEI only.",
	),
	{
		displayName: 'Return Tokens',
		name: 'returnTokens',
		type: 'boolean',
		default: true,
		description: 'Whether each token (its ID and text) comes back, not only the count',
	},
	...trafficOptions,
];

const properties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		options: [
			{
				name: 'Chat Messages',
				value: 'messages',
				description:
					"The item's messages laid out by the model's chat template, as a chat sends them (TGI, vLLM)",
			},
			{
				name: 'Plain Text',
				value: 'text',
				description: "The item's text, as the tokenizer cuts it",
			},
		],
		default: 'text',
	},
	{
		displayName: 'Text to Count',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.prompt }}',
		description: "The item's text to count",
		displayOptions: { show: { input: ['text'] } },
	},
	{
		displayName: 'Messages to Count',
		name: 'messages',
		type: 'string',
		default: '={{ $json.messages }}',
		required: true,
		description:
			'The item\'s chat messages, as chat completions take them: a list of {"role", "content"}',
		displayOptions: { show: { input: ['messages'] } },
	},
	{
		...modelLocator,
		required: false,
		description:
			'The model whose tokenizer counts. TGI and TEI serve one and ignore it; vLLM takes it when it serves several.',
	},
	optionsCollection(countOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['count'] } },
	properties,
);

/** The item's chat messages: a non-empty list of objects, each with a role. */
function itemMessages(value: unknown): unknown[] {
	const list = parseJsonField(value, 'messages');
	if (!Array.isArray(list) || list.length === 0)
		throw new FieldError(
			'messages',
			`must be a non-empty list of {"role", "content"} (got ${Array.isArray(list) ? 'an empty list' : list === null ? 'null' : typeof list})`,
		);
	list.forEach((message, index) => {
		if (!isPlainObject(message) || typeof message.role !== 'string' || message.role === '')
			throw new FieldError('messages', `entry ${index + 1} of ${list.length} has no "role"`);
	});
	return list;
}

/** What an item's output says: the count, the model's limit when known, the tokens on request. */
function tokenization(
	result: Tokenized,
	options: TokenizeOptions,
	limit: number | undefined,
): IDataObject {
	const output: IDataObject = { count: result.tokens.length };
	const max = result.maxModelLength ?? limit;
	if (max !== undefined) output.maxInputTokens = max;
	if (result.templatedText !== undefined) output.templatedText = result.templatedText;
	if (options.returnTokens) output.tokens = result.tokens.map((token) => ({ ...token }));
	return output;
}

/**
 * The longest input the model takes, as the server's own description says it: the profile's when
 * detection read it, else asked once (a TGI named by the credential's Server Type is not asked
 * /info otherwise). Unknown when the server has no description or it fails: the count stands alone.
 */
async function maxInputTokens(
	this: IExecuteFunctions,
	connection: ServerConnection,
	timeoutMs: number,
	traffic: Traffic,
): Promise<number | undefined> {
	const { dialect, limits } = connection.server;
	if (limits?.maxInputTokens !== undefined || !dialect.tasks.info) return limits?.maxInputTokens;
	try {
		const request = { ...dialect.tasks.info.request(), timeoutMs, itemIndex: 0 };
		const { body } = await sendRequest.call(this, connection, request, traffic);
		return dialect.limitsFromInfo(body as Record<string, unknown>)?.maxInputTokens;
	} catch {
		return undefined;
	}
}

/**
 * "Count Tokens": each item's text, or chat messages through the model's chat template, counted by
 * the server's own tokenizer — TGI's /tokenize and /chat_tokenize, TEI's /tokenize (items batched
 * within its max_client_batch_size), vLLM's and llama.cpp's /tokenize (one per request) — with the
 * longest input the model takes where the server says it.
 */
export async function executeAll(
	this: IExecuteFunctions,
	count: number,
	connection: ServerConnection,
	traffic: Traffic,
	run: { stop?: () => void },
): Promise<ItemOutputs<IDataObject>> {
	const messages = this.getNodeParameter('input', 0, 'text') === 'messages';
	const chat = messages ? servedTask(connection.server, 'chatTokenize') : undefined;
	const texts = messages ? undefined : servedTask(connection.server, 'tokenize');
	const task = chat ?? (texts as NonNullable<typeof texts>);
	const values = this.getNodeParameter('options', 0, {}) as TextTaskOptionValues;
	const model = this.getNodeParameter('modelId', 0, '', { extractValue: true }) as string;
	const settings = readTokenizeSettings(
		String(model ?? ''),
		values,
		task.options,
		describeProfile(connection.server),
	);
	const field = outputField(values.outputField, 'tokenization');
	const { limits } = connection.server;
	const limit = await maxInputTokens.call(this, connection, settings.timeoutMs, traffic);
	const batched = texts?.batched === true;
	const send = async (request: TaskRequest, itemIndex: number, batchTraffic: Traffic) =>
		await sendBatch.call(
			this,
			connection,
			request,
			{ timeoutMs: settings.timeoutMs, itemIndex },
			batchTraffic,
		);

	const outcome = await sendAcrossItems<unknown, Tokenized>({
		count,
		input: (item) =>
			messages
				? itemMessages(this.getNodeParameter('messages', item))
				: itemText(this.getNodeParameter('text', item), 'text', 'tokenize'),
		sizes: (inputs) =>
			batched
				? batchSizes(inputs, settings.batchSize, limits?.maxClientBatchSize)
				: batchSizes(inputs, 1),
		splittable: refusedForOneInput,
		stop: run.stop,
		traffic,
		send: async (inputs, firstItem, batchTraffic) => {
			if (chat) {
				const request = chat.request(inputs[0] as unknown[], settings.options);
				return [chat.read(await send(request, firstItem, batchTraffic))];
			}
			const tokenize = texts as NonNullable<typeof texts>;
			const request = tokenize.request(inputs as string[], settings.options);
			const body = await send(request, firstItem, batchTraffic);
			return tokenize.read(body, inputs.length);
		},
	});
	return itemOutputs(outcome, (result, item) => ({
		...this.getInputData()[item]?.json,
		[field]: tokenization(result, settings.options, limit),
	}));
}
