/**
 * The credential's Custom Headers (organisation billing such as `X-HF-Bill-To`, a gateway's own
 * token), read and checked, pure: a JSON object of header names and values. Every value is treated
 * as a secret (redacted like the key); no header may replace what the node sets itself.
 */
import { CredentialFieldError } from './fieldError';
import { isPlainObject, tryParseJson } from './guards';

const headersError = (problem: string) =>
	new CredentialFieldError('customHeaders', `The credential's Custom Headers ${problem}`);

/** RFC 9110's token: the characters a header name may have. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers the node or the HTTP client set themselves: a custom one would silently replace them. */
const RESERVED: Record<string, string> = {
	authorization: 'the API Key field sets it (Bearer <API Key>)',
	host: 'the Base URL sets it',
	'content-type': 'the node sends JSON',
	'content-length': 'the HTTP client sets it',
	'transfer-encoding': 'the HTTP client sets it',
	connection: 'the HTTP client sets it',
};

/** Ordinals for messages: "the 2nd header". */
const ordinal = (n: number) =>
	`${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/**
 * Why a header value can't go out as typed, or undefined. HTTP carries a value as bytes: a
 * control character would be refused or cut, a character above Latin-1 (`ключ`) is dropped by n8n's
 * HTTP client, and spaces around the value are stripped by the server — each time the server would
 * get something else than the user typed, so none is sent. Never quotes the value.
 */
export function headerValueProblem(text: string): string | undefined {
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code === 0x0d || code === 0x0a || code === 0)
			return 'a line break or NUL, which would split the request';
		if ((code < 0x20 && code !== 0x09) || code === 0x7f)
			return `a control character (at character ${at + 1}), which HTTP cannot carry`;
		if (code > 0xff)
			return `a character outside Latin-1 (at character ${at + 1}), which n8n's HTTP client would drop: use the value's ASCII form (a token is ASCII; percent-encode other text if the server expects that)`;
	}
	if (/^[ \t]|[ \t]$/.test(text))
		return 'spaces or tabs at its start or end, which the server would strip';
	return undefined;
}

/**
 * The API Key as `Authorization: Bearer <key>` carries it (trimmed, as always), checked like a
 * header value: a key n8n's HTTP client would change is refused, never quoted.
 */
export function readApiKey(value: unknown): string {
	const key = typeof value === 'string' ? value.trim() : '';
	const problem = headerValueProblem(key);
	if (problem) throw new CredentialFieldError('apiKey', `The credential's API Key has ${problem}`);
	return key;
}

/**
 * The headers as `{name: value}`; none when the field is empty. Throws CredentialFieldError, whose
 * message names the header (or its place, when the name itself can't be one) but never a value:
 * it may be a secret.
 */
export function readCustomHeaders(value: unknown): Record<string, string> {
	if (value === undefined || value === null) return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		const read = tryParseJson(value);
		if (read.problem !== undefined) throw headersError(`are not valid JSON (${read.problem})`);
		parsed = read.value;
	}
	if (!isPlainObject(parsed)) {
		throw headersError(
			'must be a JSON object of names and values, like {"X-HF-Bill-To": "my-org"}',
		);
	}
	const headers: Record<string, string> = {};
	const seen = new Set<string>();
	Object.entries(parsed).forEach(([rawName, rawValue], position) => {
		const name = rawName.trim();
		if (name === '')
			throw headersError(`have a header with an empty name (the ${ordinal(position + 1)})`);
		// A name that is not a token is not shown: it may be a value typed in the wrong place
		// ({"X-Gw: gw_abc…": ""}).
		if (!TOKEN.test(name))
			throw headersError(
				`have a header name that is not allowed (the ${ordinal(position + 1)} header): letters, digits and !#$%&'*+-.^_\`|~ only, no spaces or colons`,
			);
		const lower = name.toLowerCase();
		// Own keys only: "constructor" or "toString" are header names like any other.
		if (Object.hasOwn(RESERVED, lower))
			throw headersError(`may not set ${name}: ${RESERVED[lower]}`);
		// JavaScript would drop it while building the headers: refused rather than lost.
		if (lower === '__proto__') throw headersError('may not set __proto__: it cannot be sent');
		if (seen.has(lower)) throw headersError(`set ${name} twice`);
		seen.add(lower);
		if (typeof rawValue !== 'string' && typeof rawValue !== 'number')
			throw headersError(
				`give ${name} a value that is not text (${rawValue === null ? 'null' : Array.isArray(rawValue) ? 'a list' : typeof rawValue})`,
			);
		const text = String(rawValue);
		const problem = headerValueProblem(text);
		if (problem) throw headersError(`give ${name} a value with ${problem}`);
		headers[name] = text;
	});
	return headers;
}
