/**
 * What both TGI-native operations need: their routes sit at the server root (outside the API
 * Version), only servers whose dialect has them are sent to, and a 404 there has its own hint.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeProfile, type ServerProfile } from '../../shared/dialects';
import {
	type ServerConnection,
	tgiApiRequest,
	type TgiRequest,
	type Traffic,
} from '../../shared/transport/transport';

/**
 * Why a TGI-native operation can't run on this server, before anything is sent: its dialect has
 * no native routes (the HF router, vLLM, SGLang, llama.cpp have no /generate or /info).
 */
export function nativeUnavailable(
	server: ServerProfile,
	operation: string,
): { message: string; description: string } | undefined {
	// Unsure (GET /info did not answer): the request is sent, and says what went wrong itself.
	if (server.dialect.nativeRoutes || server.how === 'fallback') return undefined;
	return {
		message: `${operation} needs a TGI server; this credential's server is ${describeProfile(server)}`,
		description:
			"TGI's native routes (/generate, /info) exist on a self-hosted TGI and on Inference Endpoints running TGI, not on the HF router, vLLM, SGLang or llama.cpp. Use Chat → Message a Model there, or, if this server is TGI, set the credential's Server Type to Text Generation Inference.",
	};
}

/** The 404 hint for root routes: the usual cause is a router Base URL. */
const ROOT_ROUTE_HINTS: Record<number, string> = {
	404: "TGI's native routes (/generate, /info) live at the server root, {Base URL}/generate, not under the API Version. They exist on a self-hosted TGI and on Inference Endpoints, not on the HF router: use Message a Model there.",
};

/** One request to a TGI-native route for one item, refused before sending where there is none. */
export async function nativeRequest(
	this: IExecuteFunctions,
	operation: string,
	connection: ServerConnection,
	request: Omit<TgiRequest, 'root' | 'hints'> & { itemIndex: number },
	traffic: Traffic,
): Promise<IDataObject> {
	const unavailable = nativeUnavailable(connection.server, operation);
	if (unavailable) {
		const { itemIndex } = request;
		throw new NodeOperationError(this.getNode(), `${unavailable.message} [item ${itemIndex}]`, {
			itemIndex,
			description: unavailable.description,
		});
	}
	const rooted = { ...request, root: true, hints: ROOT_ROUTE_HINTS };
	return await tgiApiRequest.call(this, connection, rooted, traffic);
}
