/** Where a credential points: `{baseUrl}/{apiVersion}/…`. */
export interface TgiEndpoint {
	baseUrl: string;
	apiVersion: string;
}

const trimSlashes = (part: string) => part.replace(/^\/+|\/+$/g, '');

/**
 * Joins URL parts with exactly one slash between them: no doubled slashes, none missing,
 * empty parts skipped. The base keeps its scheme (`http://`) untouched.
 */
export function joinUrl(base: string, ...parts: Array<string | undefined>): string {
	const root = base.trim().replace(/\/+$/, '');
	const rest = parts.map((part) => trimSlashes((part ?? '').trim())).filter((part) => part !== '');
	return [root, ...rest].join('/');
}

/** Why a Base URL can't be used, or undefined when it can. */
export function baseUrlProblem(baseUrl: unknown): string | undefined {
	const value = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	return /^https?:\/\/[^/\s]+/i.test(value)
		? undefined
		: `The credential's Base URL must start with http:// or https:// (got "${value}")`;
}

/** `{baseUrl}/{apiVersion}/{path}` — the OpenAI-compatible routes (chat/completions, models). */
export function apiUrl(endpoint: TgiEndpoint, path: string): string {
	return joinUrl(endpoint.baseUrl, endpoint.apiVersion, path);
}

/** `{baseUrl}/{path}` — TGI's native routes at the server root (generate, info), outside the API version. */
export function rootUrl(endpoint: TgiEndpoint, path: string): string {
	return joinUrl(endpoint.baseUrl, path);
}
