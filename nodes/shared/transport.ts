import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	type ApiErrorDetails,
	describeHttpError,
	describeNetworkError,
	findErrorCode,
	redactSecret,
} from './errors';
import { toJsonObject } from './response';
import { apiUrl, baseUrlProblem, type TgiEndpoint } from './url';

export const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

/** The credential's values, read once per execution. */
export interface TgiConnection extends TgiEndpoint {
	apiKey: string;
}

type TgiContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface TgiRequest {
	method: IHttpRequestMethods;
	/** Path below `{baseUrl}/{apiVersion}`, e.g. `chat/completions`. */
	path: string;
	body?: IDataObject;
	/** Milliseconds. */
	timeout?: number;
	itemIndex?: number;
}

export async function getConnection(this: TgiContext): Promise<TgiConnection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return {
		baseUrl: String(credentials.baseUrl ?? ''),
		apiVersion: String(credentials.apiVersion ?? ''),
		// Trimmed as the credential's authenticate() sends it, so redaction finds it in echoes.
		apiKey: String(credentials.apiKey ?? '').trim(),
	};
}

/** The only way this package talks HTTP: n8n's helper, so proxies, SSL settings and auth apply. */
export async function tgiApiRequest(
	this: TgiContext,
	connection: TgiConnection,
	request: TgiRequest,
): Promise<IDataObject> {
	const fail = (details: ApiErrorDetails) => {
		const clean = (value: string) => redactSecret(value, connection.apiKey);
		const safe = { message: clean(details.message), description: clean(details.description) };
		// A plain object, never the HTTP client's error: that one carries the request headers.
		const error = new NodeApiError(this.getNode(), { ...safe, httpCode: details.httpCode } as JsonObject, {
			...safe,
			httpCode: details.httpCode,
			itemIndex: request.itemIndex,
		});
		// NodeApiError swaps messages that mention a network code for generic wording; keep ours.
		error.message = safe.message;
		return error;
	};

	const urlProblem = baseUrlProblem(connection.baseUrl);
	if (urlProblem) {
		throw fail({ message: urlProblem, description: 'Fix the Base URL in the credential.', httpCode: 'INVALID_URL' });
	}
	const url = apiUrl(connection, request.path);

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			body: request.body,
			json: true,
			timeout: request.timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw fail(describeNetworkError(findErrorCode(error), url, (error as Error).message));
	}

	const status = response.statusCode;
	if (status < 200 || status >= 300) {
		throw fail(describeHttpError(status, response.body, response.statusMessage));
	}
	const json = toJsonObject(response.body);
	if (!json) {
		throw fail({
			message: 'The server answered with a body that is not a JSON object',
			description: `${request.method} ${url} answered HTTP ${status} with: ${JSON.stringify(response.body ?? '').slice(0, 200)}. Check the Base URL and API Version.`,
			httpCode: String(status),
		});
	}
	return json as IDataObject;
}
