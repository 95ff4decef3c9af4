import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getConnection, tgiApiRequest } from '../transport/transport';
import { modelIds } from '../wire/response';

/** Model picker: `GET {baseUrl}/{apiVersion}/models`, filtered by what the user types. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection.call(this);
	const response = await tgiApiRequest.call(this, connection, { method: 'GET', path: 'models' });
	const needle = (filter ?? '').trim().toLowerCase();
	const results = modelIds(response)
		.filter((id) => needle === '' || id.toLowerCase().includes(needle))
		.sort((a, b) => a.localeCompare(b))
		.map((id) => ({ name: id, value: id }));
	return { results };
}
