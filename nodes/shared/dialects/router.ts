/**
 * The HF router (router.huggingface.co) as a dialect of its own. Its providers speak OpenAI's chat
 * (so its chat is OpenAI-compatible's), and the router adds what no other server does: a Hub model
 * ID routed to a provider (`:cheapest`, `:novita`) on its unified endpoint, each provider's price
 * for a model, embeddings through hf-inference's feature-extraction pipeline. It has no rerank.
 * Auto-Detect picks it by its address; Server Type "HF Router" picks it for a gateway in front of
 * the router under another address (and for tests, which can't reach router.huggingface.co).
 */
import { FieldError } from '../wire/fieldError';
import { isPlainObject } from '../wire/guards';
import { parseEmbeddings } from '../wire/embeddings';
import { type ModelEntry, routerPrices } from '../wire/models';
import { modelIdPath } from '../wire/paths';
import { objectAnswer, UnexpectedResponseError } from '../wire/response';
import { featureExtractionBody } from '../wire/retrievalBodies';
import { OPENAI_CHAT_TASKS, OPENAI_COMPATIBLE, OPENAI_EMBED } from './openai';
import type {
	EmbedOptions,
	EmbedTask,
	Endpoint,
	HubModelSearch,
	PriceTask,
	Routing,
	ServerDialect,
} from './types';

/** The HF router's own address (router.huggingface.co). */
export function isHfRouter(baseUrl: string): boolean {
	try {
		return new URL(baseUrl.trim()).hostname.toLowerCase() === 'router.huggingface.co';
	} catch {
		return false;
	}
}

/** The router's path before the API version: `/novita`, `/hf-inference`, or `` (the unified endpoint). */
function routerPath(baseUrl: string): string {
	try {
		return new URL(baseUrl.trim()).pathname.replace(/\/+$/, '').toLowerCase();
	} catch {
		return '';
	}
}

/**
 * Whether embeddings go to hf-inference's feature-extraction pipeline: the Base URL is the
 * router's hf-inference provider, or the router itself (its unified /v1 has no embeddings). Other
 * providers with feature extraction (scaleway, together, deepinfra…) take OpenAI's
 * `{API Version}/embeddings`.
 */
function embedsThroughFeatureExtraction(endpoint: Endpoint): boolean {
	const path = routerPath(endpoint.baseUrl);
	return path === '' || path === '/hf-inference';
}

/** Feature extraction is per model: the route needs the model's ID, one that can go into a path. */
function checkEmbed(options: EmbedOptions, endpoint: Endpoint): void {
	if (!embedsThroughFeatureExtraction(endpoint)) return;
	if (!options.model) {
		throw new FieldError(
			'modelId',
			'is required on the HF router: its feature-extraction route is per model (for example BAAI/bge-small-en-v1.5)',
		);
	}
	modelIdPath(options.model);
}

/** The feature-extraction route of `model`, below the Base URL (`/hf-inference` added when it is the bare router). */
function featureExtractionPath(endpoint: Endpoint, model: string): string {
	const provider = routerPath(endpoint.baseUrl) === '' ? 'hf-inference/' : '';
	return `${provider}models/${modelIdPath(model)}/pipeline/feature-extraction`;
}

/** The provider that embeds at this endpoint: its route's name, hf-inference on the unified endpoint. */
const embeddingProvider = (endpoint: Endpoint) =>
	routerPath(endpoint.baseUrl).replace(/^\//, '').split('/')[0] || 'hf-inference';

/**
 * The Hub's search for the provider's feature-extraction models (hub-docs, Inference Providers:
 * `GET https://huggingface.co/api/models?inference_provider=…&pipeline_tag=…`), beside the router at
 * its own address (same scheme), else the public Hub. Asked without the credential: the Hub lists
 * public models to anyone, and a gateway's key must not leave for another host.
 */
const HUB_EMBEDDING_MODELS: HubModelSearch = {
	url: (endpoint, filter) => {
		let origin = 'https://huggingface.co';
		if (isHfRouter(endpoint.baseUrl))
			origin = `${new URL(endpoint.baseUrl.trim()).protocol}//huggingface.co`;
		const query = new URLSearchParams({
			inference_provider: embeddingProvider(endpoint),
			pipeline_tag: 'feature-extraction',
			limit: '100',
		});
		if (filter.trim() !== '') query.set('search', filter.trim());
		return `${origin}/api/models?${query.toString()}`;
	},
	read: (response) => {
		if (!Array.isArray(response))
			throw new UnexpectedResponseError(
				"The Hub's model search did not answer with a list of models: type the model's ID instead",
			);
		return response
			.filter((model): model is Record<string, unknown> => isPlainObject(model))
			.filter((model) => typeof model.id === 'string' && model.id !== '')
			.map((model): ModelEntry => ({ id: model.id as string }));
	},
	// Asked without a key: a 401 or 403 is not the credential's, and every failure has the same way out.
	hints: {
		...Object.fromEntries(
			[401, 403].map((status) => [
				status,
				"The Hub's model search (asked without the credential's key) was refused: type the model's ID instead.",
			]),
		),
		429: "The Hub rate-limits its model search for requests without a key: wait a minute, or type the model's ID instead.",
		...Object.fromEntries(
			[500, 502, 503, 504].map((status) => [
				status,
				"The Hub's model search failed: try again, or type the model's ID instead.",
			]),
		),
	},
};

/** hf-inference's feature extraction on the unified endpoint and its own route; OpenAI's /embeddings at other providers. */
const ROUTER_EMBED: EmbedTask = {
	options: (endpoint) =>
		embedsThroughFeatureExtraction(endpoint)
			? ['model', 'normalize', 'truncate', 'truncationDirection', 'promptName']
			: OPENAI_EMBED.options(endpoint),
	check: checkEmbed,
	request: (texts, options, endpoint) => {
		if (!embedsThroughFeatureExtraction(endpoint))
			return OPENAI_EMBED.request(texts, options, endpoint);
		checkEmbed(options, endpoint);
		return {
			method: 'POST',
			path: featureExtractionPath(endpoint, options.model as string),
			root: true,
			body: featureExtractionBody(texts, options),
		};
	},
	read: parseEmbeddings,
	models: HUB_EMBEDDING_MODELS,
};

/** One model's prices per provider: `GET /v1/models/{id}` at the router's root, whatever provider route the Base URL names. */
const ROUTER_PRICE: PriceTask = {
	request: (modelId) => ({ method: 'GET', path: `v1/models/${modelIdPath(modelId)}`, root: true }),
	read: (answer) => routerPrices(objectAnswer(answer)),
};

/** The router's ways of picking a provider for a Hub model ID: `:fastest`, `:cheapest`, `:preferred`. */
export const ROUTING_POLICIES = ['fastest', 'cheapest', 'preferred'] as const;

/** A suffix works on the unified endpoint only: a provider's own route would not know `model:cheapest`. */
const ROUTER_ROUTING: Routing = {
	problem: (endpoint) => {
		const path = routerPath(endpoint.baseUrl);
		if (path === '') return undefined;
		let origin = endpoint.baseUrl;
		try {
			origin = new URL(endpoint.baseUrl.trim()).origin;
		} catch {
			// the Base URL was checked before; keep it as written
		}
		return `works on the router's unified endpoint only (Base URL ${origin}, API Version v1): this credential names the provider route ${path}, which would not know the model ID with its suffix. Set it back to Default, or point the credential at the unified endpoint.`;
	},
};

/**
 * The model ID with the Routing Policy's suffix (`meta-llama/Llama-3.1-8B-Instruct:cheapest`,
 * `…:novita`), where the server routes (`routing`) and this endpoint is its unified one. An ID that
 * already has a suffix keeps it; `default` (or unset) sends the ID as it is (the router then picks
 * the fastest). Elsewhere a policy is refused before sending: the suffix would make the model ID unknown.
 */
export function routedModel(
	model: string,
	policy: unknown,
	provider: unknown,
	routing: Routing | undefined,
	endpoint: Endpoint | undefined,
): string {
	if (policy === undefined || policy === null || policy === '' || policy === 'default')
		return model;
	if (!routing) {
		throw new FieldError(
			'routingPolicy',
			'applies to the HF router only (router.huggingface.co, or Server Type HF Router for a gateway in front of it): other servers would not know the model ID with its suffix. Set it back to Default.',
		);
	}
	const problem = endpoint && routing.problem(endpoint);
	if (problem) throw new FieldError('routingPolicy', problem);
	let suffix: string;
	if (policy === 'provider') {
		const name = typeof provider === 'string' ? provider.trim() : '';
		if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) {
			throw new FieldError(
				'routingProvider',
				`must be a provider's name, like novita, together or groq (got ${JSON.stringify(provider ?? '')})`,
			);
		}
		suffix = name.toLowerCase();
	} else if ((ROUTING_POLICIES as readonly unknown[]).includes(policy)) {
		suffix = policy as string;
	} else {
		throw new FieldError(
			'routingPolicy',
			`must be Default, Fastest, Cheapest, Preferred or Provider (got ${JSON.stringify(policy)})`,
		);
	}
	return model.includes(':') ? model : `${model}:${suffix}`;
}

export const HF_ROUTER: ServerDialect = {
	...OPENAI_COMPATIBLE,
	id: 'router',
	name: 'HF router',
	serverType: {
		name: 'HF Router',
		description:
			"The HF router's routing policies, prices and feature extraction, for a gateway in front of it under another address (router.huggingface.co is known by its address)",
	},
	serves: 'chat completions and embeddings (feature extraction)',

	recognisesAddress: isHfRouter,
	recognisesInfo: () => false,

	// OpenAI's chat, feature extraction, prices. No rerank: the router has no such route.
	tasks: { ...OPENAI_CHAT_TASKS, embed: ROUTER_EMBED, price: ROUTER_PRICE },
	routing: ROUTER_ROUTING,
};
