import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { knownFinishReason, servedTask } from '../../../shared/dialects';
import { buildChatBody } from '../../../shared/dialects/chatBody';
import { FieldError, parseJsonField } from '../../../shared/wire/fieldError';
import { jsonExpectation } from '../../../shared/wire/responseFormat';
import { type ChatMessage, checkFieldRoles } from '../../../shared/wire/messages';
import { jsonContent } from '../../helpers/jsonOutput';
import { answerCost } from '../../helpers/cost';
import { recordTokenUsage } from '../../helpers/tokenUsage';
import { isPlainObject } from '../../../shared/wire/guards';
import { simplifyChatCompletion } from '../../../shared/wire/response';
import {
	type ServerConnection,
	sendRequest,
	type Traffic,
} from '../../../shared/transport/transport';
import {
	attachImages,
	checkPayloadSize,
	IMAGES_FIELD,
	type ImageFile,
	imageProperties,
} from '../../helpers/vision';
import { modelLocator } from '../../../shared/descriptions/model.description';
import { readChatMessageOptions } from '../../../shared/settings/chat';
import { chatOptions } from './options.description';

const properties: INodeProperties[] = [
	modelLocator,
	{
		displayName: 'Messages Input',
		name: 'specifyMessages',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'A full OpenAI-format messages array: content parts, images, tool messages',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Messages',
		name: 'messages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Message',
		default: { values: [{ role: 'user', content: '' }] },
		displayOptions: { show: { specifyMessages: ['fields'] } },
		options: [
			{
				displayName: 'Message',
				name: 'values',
				values: [
					{
						displayName: 'Role',
						name: 'role',
						type: 'options',
						options: [
							{ name: 'System', value: 'system', description: 'Instructions for the model' },
							{ name: 'User', value: 'user', description: 'What the user says' },
							{
								name: 'Assistant',
								value: 'assistant',
								description: 'An earlier answer of the model',
							},
						],
						default: 'user',
					},
					{
						displayName: 'Content',
						name: 'content',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Messages (JSON)',
		name: 'messagesJson',
		type: 'json',
		// The messages themselves when "Using JSON" is chosen (n8n's open-ended-node-fields rule).
		required: true,
		default: '[\n  {\n    "role": "user",\n    "content": "Hello!"\n  }\n]',
		description:
			'An array of messages in OpenAI format, e.g. [{"role": "user", "content": [{"type": "text", "text": "What is in this image?"}, {"type": "image_url", "image_url": {"URL": "https://…"}}]}]',
		displayOptions: { show: { specifyMessages: ['json'] } },
	},
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return only content, finish_reason, usage, model (and tool_calls) instead of TGI's whole response",
	},
	chatOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['message'] } },
	properties,
);

type FieldMessage = { role: string; content: string };

/** The messages as typed, and the name of the field they came from (checked in buildChatBody). */
function readMessages(this: IExecuteFunctions, itemIndex: number): [unknown, string] {
	if (this.getNodeParameter('specifyMessages', itemIndex, 'fields') === 'json') {
		return [
			parseJsonField(this.getNodeParameter('messagesJson', itemIndex, '[]'), 'messagesJson'),
			'messagesJson',
		];
	}
	const values = this.getNodeParameter('messages.values', itemIndex, []) as FieldMessage[];
	return [checkFieldRoles(values.map(({ role, content }) => ({ role, content }))), 'messages'];
}

/** The item's binary images named in the option, read through n8n's binary helpers. */
async function readImages(
	this: IExecuteFunctions,
	itemIndex: number,
	names: string[],
): Promise<ImageFile[]> {
	const images: ImageFile[] = [];
	for (const property of names) {
		const binary = this.getInputData()[itemIndex]?.binary?.[property];
		if (!binary)
			throw new FieldError(IMAGES_FIELD, `the item has no binary property "${property}"`);
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		images.push({ property, mimeType: binary.mimeType, data });
	}
	return images;
}

/** "Message a Model": one chat completion for one item. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: ServerConnection,
	traffic: Traffic,
): Promise<IDataObject> {
	const model = this.getNodeParameter('modelId', itemIndex, '', { extractValue: true });
	const settings = readChatMessageOptions(
		this.getNodeParameter('options', itemIndex, {}) as IDataObject,
	);
	const [messages, messagesField] = readMessages.call(this, itemIndex);
	const imageFiles = await readImages.call(this, itemIndex, imageProperties(settings.images));
	const withImages = Array.isArray(messages)
		? attachImages(messages as ChatMessage[], imageFiles)
		: messages;
	const body = buildChatBody(model, withImages, settings.body, {
		server: connection.server,
		endpoint: connection,
		messagesField,
	});
	if (imageFiles.length > 0) checkPayloadSize(body);

	const chat = servedTask(connection.server, 'chat');
	const { body: answer, headers } = await sendRequest.call(
		this,
		connection,
		{ ...chat.request(body), timeoutMs: settings.timeoutMs, itemIndex },
		traffic,
	);
	const response = chat.read(answer);
	// The answer's tokens count whether or not its content passes the checks below.
	recordTokenUsage(this, isPlainObject(response.usage) ? response.usage : undefined);
	if (this.getNodeParameter('simplify', itemIndex, true) as boolean) {
		const simplified = simplifyChatCompletion(
			response,
			knownFinishReason,
			settings.reasoningInline,
		);
		const cost = await answerCost.call(this, connection, headers, body.model, simplified.usage);
		if (cost) Object.assign(simplified, { estimated_cost: cost });
		const expected = jsonExpectation(body.response_format);
		if (!expected.json || !settings.jsonOutput || simplified.tool_calls)
			return simplified as unknown as IDataObject;
		const schema = settings.validateJson ? expected.schema : undefined;
		return {
			...simplified,
			content: jsonContent(simplified.content, simplified.finish_reason, schema),
		} as IDataObject;
	}
	return response as IDataObject; // the whole response, once it is known to be a chat completion
}
