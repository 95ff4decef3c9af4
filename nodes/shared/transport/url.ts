import type { Endpoint } from '../dialects/types';

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

/** A URL as it may be shown: without a user name or password (`http://user:pw@host` → `http://host`). */
export function displayUrl(url: string): string {
	return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1');
}

/** The origin (scheme, host, port) of a URL, or undefined when it is not one. */
function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.origin === 'null' ? undefined : parsed.origin;
	} catch {
		return undefined;
	}
}

/**
 * Why a Base URL can't be used, or undefined when it can. Quotes no more of it than the address
 * up to its path (a query string, a password or text that is not a URL may hold a secret).
 */
export function baseUrlProblem(baseUrl: unknown): string | undefined {
	const value = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	if (!/^https?:\/\/[^/\s]+/i.test(value)) {
		return "The credential's Base URL must start with http:// or https://, then the server's host (like http://localhost:8080 or https://router.huggingface.co/novita)";
	}
	let parsed: URL;
	try {
		parsed = new URL(value);
	} catch {
		return "The credential's Base URL is not a valid URL: its host or port can't be read (a port is a number; a host has no spaces)";
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return "The credential's Base URL contains a user name or password (user:password@host): n8n would send it as Basic auth in place of the API Key, and it would show in messages. Remove it from the Base URL and put the token in the API Key field";
	}
	if (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(value)) {
		const shown = `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
		return `The credential's Base URL must not contain a query string or fragment (it has one after ${shown}): the node adds the API Version and the route after it, so "?…" would swallow them. Remove everything from "?" or "#" on`;
	}
	return undefined;
}

/**
 * Why an API Version can't be used, or undefined: it is a path (`v1`, `v3/openai`), put between
 * the Base URL and the route, so no query string, fragment, address or `.`/`..` step. Never quoted.
 */
export function apiVersionProblem(apiVersion: unknown): string | undefined {
	const value = typeof apiVersion === 'string' ? apiVersion.trim() : '';
	if (value === '') return undefined;
	if (/[?#\s\\]/.test(value) || /^[a-z][a-z0-9+.-]*:/i.test(value)) {
		return "The credential's API Version must be a path such as v1 or v3/openai: no address, spaces, query string or fragment";
	}
	const dotStep = (step: string) => ['.', '..'].includes(step.toLowerCase().replace(/%2e/g, '.'));
	if (value.split('/').some(dotStep)) {
		return 'The credential\'s API Version must not have "." or ".." steps: they would point requests at other routes of the server';
	}
	return undefined;
}

/** `{baseUrl}/{apiVersion}/{path}` — the OpenAI-compatible routes (chat/completions, models). */
export function apiUrl(endpoint: Endpoint, path: string): string {
	return joinUrl(endpoint.baseUrl, endpoint.apiVersion, path);
}

/** `{baseUrl}/{path}` — TGI's native routes at the server root (generate, info), outside the API version. */
export function rootUrl(endpoint: Endpoint, path: string): string {
	return joinUrl(endpoint.baseUrl, path);
}

/** How many same-origin redirects one request follows. */
const MAX_REDIRECTS = 5;

export type RedirectDecision = { follow: true; url: string } | { follow: false; problem: string };

/**
 * What to do with a 3xx answer to `method current`. The API key is only ever sent to the Base
 * URL's origin: a redirect elsewhere (another host, port or scheme) is not followed. Same-origin
 * 301/302/307/308 are followed with the same method and body (n8n's client would turn a POST into
 * a GET on 301/302, which no chat route answers); a 303 only for GET.
 */
export function redirectDecision(
	status: number,
	location: unknown,
	current: string,
	baseUrl: string,
	method: string,
	hops: number,
): RedirectDecision {
	const target = typeof location === 'string' ? location.trim() : '';
	if (target === '')
		return {
			follow: false,
			problem: `The server answered HTTP ${status} (a redirect) without saying where to (no Location header)`,
		};
	let next: string;
	try {
		next = new URL(target, current).toString();
	} catch {
		return {
			follow: false,
			problem: `The server redirected (HTTP ${status}) to an invalid address`,
		};
	}
	const to = originOf(next);
	if (to === undefined || to !== originOf(baseUrl)) {
		return {
			follow: false,
			problem: `The server redirected to ${to ? displayUrl(to) : 'another address'}; the key is only sent to the Base URL's origin (${displayUrl(originOf(baseUrl) ?? baseUrl)}) — update the Base URL`,
		};
	}
	if (status === 303 && method.toUpperCase() !== 'GET') {
		return {
			follow: false,
			problem: `The server answered the ${method.toUpperCase()} with HTTP 303 (See Other, to ${displayUrl(next)}), which would drop the request: check the Base URL and API Version`,
		};
	}
	if (hops >= MAX_REDIRECTS)
		return {
			follow: false,
			problem: `The server redirected more than ${MAX_REDIRECTS} times (last to ${displayUrl(next)})`,
		};
	return { follow: true, url: next };
}
