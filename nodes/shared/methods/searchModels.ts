import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { withServerProfile } from '../transport/detect';
import { getConnection, tgiApiRequest } from '../transport/transport';

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
	const needle = (filter ?? '').trim().toLowerCase();
	const results = models
		.read(response)
		.filter(({ id }) => id.toLowerCase().includes(needle))
		.sort((a, b) => a.id.localeCompare(b.id))
		.map(({ id, description }) => ({
			name: id,
			value: id,
			...(description ? { description } : {}),
		}));
	return { results };
}
