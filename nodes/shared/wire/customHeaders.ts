/**
 * The credential's Custom Headers (organisation billing such as `X-HF-Bill-To`, a gateway's own
 * token), read and checked, pure: a JSON object of header names and values. Every value is treated
 * as a secret (redacted like the key); no header may replace what the node sets itself.
 */
import { isPlainObject, tryParseJson } from './guards';

/** A Custom Headers value that can't be sent: why, for the credential's field. */
export class CustomHeadersError extends Error {
	constructor(problem: string) {
		super(`The credential's Custom Headers ${problem}`);
		this.name = 'CustomHeadersError';
	}
}

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

/** The headers as `{name: value}`; none when the field is empty. Throws CustomHeadersError. */
export function readCustomHeaders(value: unknown): Record<string, string> {
	if (value === undefined || value === null) return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		const read = tryParseJson(value);
		if (read.problem !== undefined)
			throw new CustomHeadersError(`are not valid JSON (${read.problem})`);
		parsed = read.value;
	}
	if (!isPlainObject(parsed)) {
		throw new CustomHeadersError(
			'must be a JSON object of names and values, like {"X-HF-Bill-To": "my-org"}',
		);
	}
	const headers: Record<string, string> = {};
	const seen = new Set<string>();
	for (const [rawName, rawValue] of Object.entries(parsed)) {
		const name = rawName.trim();
		if (name === '') throw new CustomHeadersError('have a header with an empty name');
		if (!TOKEN.test(name))
			throw new CustomHeadersError(
				`have a header name that is not allowed: ${JSON.stringify(name)} (letters, digits and !#$%&'*+-.^_\`|~ only)`,
			);
		const lower = name.toLowerCase();
		if (RESERVED[lower]) throw new CustomHeadersError(`may not set ${name}: ${RESERVED[lower]}`);
		if (seen.has(lower)) throw new CustomHeadersError(`set ${name} twice`);
		seen.add(lower);
		if (typeof rawValue !== 'string' && typeof rawValue !== 'number')
			throw new CustomHeadersError(
				`give ${name} a value that is not text (${rawValue === null ? 'null' : typeof rawValue})`,
			);
		const text = String(rawValue);
		if (/[\r\n\0]/.test(text))
			throw new CustomHeadersError(
				`give ${name} a value with a line break or NUL, which would split the request`,
			);
		headers[name] = text;
	}
	return headers;
}
