/**
 * The credential's fields as the node reads them, checked before anything is sent, pure: the API
 * Key and Custom Headers as header values (wire/customHeaders.ts), the Base URL and API Version as
 * an address (url.ts), Max Concurrent Requests as a whole number. A field that can't be used is a
 * CredentialFieldError naming the field, never its value; FIX_FIELD says how to mend it.
 */
import { readApiKey, readCustomHeaders } from '../wire/customHeaders';
import { type CredentialField, CredentialFieldError } from '../wire/fieldError';
import { apiVersionProblem, baseUrlProblem } from './url';

export { CredentialFieldError };

/** How to fix each field in the credential dialog. */
export const FIX_FIELD: Record<CredentialField, string> = {
	apiKey:
		'Fix the API Key in the Hugging Face TGI credential: paste the token again, as the server issued it (tokens are plain ASCII). No request was sent.',
	customHeaders:
		'Fix Custom Headers in the Hugging Face TGI credential: a JSON object such as {"X-HF-Bill-To": "my-org"}. No request was sent.',
	baseUrl: 'Fix the Base URL in the Hugging Face TGI credential. No request was sent.',
	apiVersion: 'Fix the API Version in the Hugging Face TGI credential. No request was sent.',
	maxConcurrentRequests:
		'Fix it in the Hugging Face TGI credential: 0 or empty means no shared cap.',
};

/** The credential's Max Concurrent Requests: a whole number, undefined for 0 or empty (no shared cap). */
export function readMaxConcurrentRequests(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '' || value === 0) return undefined;
	const cap = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0 || cap > 100_000) {
		// A number is shown; text is not (it may be anything pasted there).
		const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
		throw new CredentialFieldError(
			'maxConcurrentRequests',
			`The credential's Max Concurrent Requests must be a whole number from 0 to 100000 (got ${got})`,
		);
	}
	return cap;
}

/** The address fields: a CredentialFieldError for the first that can't be used. */
export function checkAddress(data: { baseUrl?: unknown; apiVersion?: unknown }): void {
	const baseUrl = baseUrlProblem(data.baseUrl);
	if (baseUrl) throw new CredentialFieldError('baseUrl', baseUrl);
	const apiVersion = apiVersionProblem(data.apiVersion);
	if (apiVersion) throw new CredentialFieldError('apiVersion', apiVersion);
}

/**
 * Every field the node reads, checked as the nodes check them — what the credential's
 * authenticate() runs, so that the credential test refuses what the nodes would refuse, before
 * sending — and the two it sends: the key and the Custom Headers.
 */
export function readCredentialFields(data: Record<string, unknown>): {
	apiKey: string;
	customHeaders: Record<string, string>;
} {
	const apiKey = readApiKey(data.apiKey);
	const customHeaders = readCustomHeaders(data.customHeaders);
	checkAddress(data);
	readMaxConcurrentRequests(data.maxConcurrentRequests);
	return { apiKey, customHeaders };
}
