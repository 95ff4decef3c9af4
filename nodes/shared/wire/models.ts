import { isPlainObject } from './guards';

/**
 * Model IDs from `GET …/models`: OpenAI's `{object: "list", data: [{id}]}` (what TGI's code and
 * the router send) or the single `{id}` that TGI's OpenAPI document describes.
 */
export function modelIds(response: Record<string, unknown>): string[] {
	const entries = Array.isArray(response.data) ? (response.data as unknown[]) : [response];
	const ids = entries
		.map((entry) => (isPlainObject(entry) && typeof entry.id === 'string' ? entry.id : ''))
		.filter((id) => id !== '');
	return [...new Set(ids)];
}
