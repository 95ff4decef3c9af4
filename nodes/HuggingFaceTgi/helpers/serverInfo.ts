/** Get Server Info's answer: TGI's Info (`GET /info`), as in test/fixtures/tgi/tgi-openapi.json. */
import { UnexpectedResponseError } from '../../shared/wire/response';

/** Checks TGI's Info: the served model and its token limits. */
export function parseServerInfo(response: Record<string, unknown>): Record<string, unknown> {
	if (typeof response.model_id !== 'string' || typeof response.max_total_tokens !== 'number') {
		throw new UnexpectedResponseError(
			'The response has no "model_id" and "max_total_tokens": this does not look like TGI\'s /info. Get Server Info needs a self-hosted TGI or an Inference Endpoint at the credential\'s Base URL.',
		);
	}
	return response;
}
