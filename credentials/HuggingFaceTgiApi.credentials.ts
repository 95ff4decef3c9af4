import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestUrl, SERVER_TYPE_OPTIONS } from '../nodes/shared/dialects/serverType';
import { readCredentialFields } from '../nodes/shared/transport/credentialFields';

export class HuggingFaceTgiApi implements ICredentialType {
	name = 'huggingFaceTgiApi';

	displayName = 'Hugging Face TGI API';

	icon = { light: 'file:huggingFaceTgi.svg', dark: 'file:huggingFaceTgi.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-huggingface-tgi/n8n-nodes-huggingface-tgi#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A Hugging Face access token (hf_…) for the HF router or an Inference Endpoint, or the --api-key of a self-hosted TGI. Leave empty for a TGI started without --api-key: then no Authorization header is sent.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://router.huggingface.co/novita',
			placeholder: 'http://localhost:8080',
			description:
				'HF router: https://router.huggingface.co/<provider> (default: novita). Self-hosted TGI: http://host:8080. HF Inference Endpoint: https://xxx.endpoints.huggingface.cloud.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v3/openai',
			placeholder: 'v1',
			description:
				'The path between the Base URL and the OpenAI-compatible routes. HF router with novita: v3/openai. Self-hosted TGI, vLLM, SGLang, llama.cpp and Inference Endpoints: v1. Leave empty when the Base URL already ends with it.',
		},
		{
			displayName: 'Server Type',
			name: 'serverType',
			type: 'options',
			options: SERVER_TYPE_OPTIONS,
			default: 'auto',
			description:
				'Which dialect the server speaks: JSON output, the limits checked before sending and the hints in errors follow it',
		},
		{
			displayName: 'Custom Headers',
			name: 'customHeaders',
			type: 'json',
			// '{}', not '': the editor marks an empty JSON field as an error.
			default: '{}',
			placeholder: '{"X-HF-Bill-To": "my-org"}',
			description:
				"Headers sent with every request of every node using this credential (and its test), as a JSON object of names and values: X-HF-Bill-To to bill an organisation on the HF router, a gateway's own token. Values are kept out of errors and logs like the key. Authorization, Host and Content-Type are set by the node and cannot be replaced.",
		},
		{
			displayName: 'Max Concurrent Requests (per n8n Process)',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				"The most requests this n8n process sends to this server at once, across all executions and both nodes (0 = no shared cap; each node's Concurrency still applies). A 429 from the server slows every execution. In queue mode each worker has its own: the server sees at most workers × this. For TGI: its --max-concurrent-requests (default 128) divided by the number of n8n processes.",
		},
	];

	/**
	 * The Custom Headers, then a Bearer token when a key is set (nothing for a keyless self-hosted
	 * TGI). A field the nodes would refuse (Custom Headers or a key that can't be sent as typed, a
	 * Base URL with a query string…) fails the request — and so the credential test — before it
	 * goes out, naming the field, never its value.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// Every request with this credential passes here: each field is read (and checked) once.
		const { apiKey, customHeaders: custom } = readCredentialFields(credentials);
		const authorization = apiKey === '' ? {} : { Authorization: `Bearer ${apiKey}` };
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, ...custom, ...authorization },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			// The key is only sent to the Base URL's origin: a redirect is reported, never followed.
			disableFollowRedirect: true,
			// Each Server Type's model list (TEI has no /models: its /info checks the key instead).
			url: credentialTestUrl(),
		},
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `The server redirected (HTTP ${value}) to another address. The key is only sent to the Base URL, so the redirect is not followed: update the Base URL to where the server lives.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The server rejected the API key (HTTP 401). Check the key: a Hugging Face token (hf_…) for the router or an Inference Endpoint, the --api-key value for a self-hosted TGI.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API key is valid but has no access here (HTTP 403). For the HF router, the token needs the "Make calls to Inference Providers" permission.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing found at {Base URL}/{API Version}/models (HTTP 404). Check the Base URL and API Version: self-hosted TGI or Inference Endpoint → v1; HF router with novita → v3/openai. A TEI (Text Embeddings Inference) server has no /models: set Server Type to TEI, and the test asks its /info.',
				},
			},
		],
	};
}
