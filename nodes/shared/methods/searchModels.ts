import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ModelEntry } from '../wire/models';
import { withServerProfile } from '../transport/detect';
import { getConnection, tgiApiRequest, tgiJsonRequest } from '../transport/transport';

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

/**
 * Model picker: the models the credential's server lists — `GET {baseUrl}/{apiVersion}/models`, or
 * TEI's `GET /info` (its one model) — filtered by what the user types.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await withServerProfile.call(this, await getConnection.call(this));
	const { models } = connection.server.dialect;
	const response = await tgiApiRequest.call(this, connection, {
		method: 'GET',
		path: models.path,
		root: models.root,
	});
	return results(models.read(response), filter);
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
	const connection = await withServerProfile.call(this, await getConnection.call(this));
	const search = connection.server.dialect.retrieval?.embedModels;
	if (!search) return await searchModels.call(this, filter);
	const url = search.url(connection, filter ?? '');
	const response = await tgiJsonRequest.call(this, connection, { method: 'GET', path: '', url });
	return results(search.read(response), filter);
}
