import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { servedTask } from '../dialects';
import type { ModelEntry } from '../wire/models';
import { withServerProfile } from '../transport/detect';
import {
	getConnection,
	readAnswer,
	sendRequest,
	type ServerConnection,
} from '../transport/transport';

/** The picker's entries: the models whose ID holds what the user typed, by ID. */
function results(models: ModelEntry[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: models
			.filter(({ id }) => id.toLowerCase().includes(needle))
			.sort((a, b) => a.id.localeCompare(b.id))
			.map(({ id, description }) => ({
				name: id,
				value: id,
				...(description ? { description } : {}),
			})),
	};
}

/** The models the server lists: `GET {baseUrl}/{apiVersion}/models`, or TEI's `GET /info`. */
async function serverModels(
	this: ILoadOptionsFunctions,
	connection: ServerConnection,
): Promise<ModelEntry[]> {
	const models = servedTask(connection.server, 'models');
	const { body } = await sendRequest.call(this, connection, models.request());
	return readAnswer(connection, () => models.read(body));
}

const connectionOf = async (context: ILoadOptionsFunctions) =>
	await withServerProfile.call(context, await getConnection.call(context));

/**
 * Model picker: the models the credential's server lists — `GET {baseUrl}/{apiVersion}/models`, or
 * TEI's `GET /info` (its one model) — filtered by what the user types.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return results(await serverModels.call(this, await connectionOf(this)), filter);
}

/**
 * The Embeddings sub-node's picker: where the server's own list holds chat models only (the HF
 * router), the models its dialect says embed there (the Hub's search for the provider's
 * feature-extraction models); elsewhere the server's list.
 */
export async function searchEmbeddingModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await connectionOf(this);
	const search = connection.server.dialect.tasks.embed?.models;
	if (!search) return results(await serverModels.call(this, connection), filter);
	const url = search.url(connection, filter ?? '');
	const request = {
		method: 'GET' as const,
		path: '',
		url,
		answer: 'value' as const,
		hints: search.hints,
	};
	const { body } = await sendRequest.call(this, connection, request);
	return results(
		readAnswer(connection, () => search.read(body)),
		filter,
	);
}
