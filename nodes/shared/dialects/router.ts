/**
 * The HF router (router.huggingface.co), known by its address: its providers all speak OpenAI's
 * dialect, and its hf-inference provider embeds through the feature-extraction pipeline.
 */
import { FieldError } from '../wire/fieldError';
import { modelIdPath } from '../wire/paths';
import type { Endpoint } from './types';

/** The HF router (router.huggingface.co): its providers all speak OpenAI's dialect. */
export function isHfRouter(baseUrl: string): boolean {
	try {
		return new URL(baseUrl.trim()).hostname.toLowerCase() === 'router.huggingface.co';
	} catch {
		return false;
	}
}

/** The router's path before the API version: `/novita`, `/hf-inference`, or `` (the unified endpoint). */
const routerPath = (baseUrl: string) =>
	new URL(baseUrl.trim()).pathname.replace(/\/+$/, '').toLowerCase();

/**
 * Whether embeddings go to the router's hf-inference feature-extraction pipeline: the Base URL is
 * the router's hf-inference provider, or the router itself (its unified /v1 has no embeddings).
 * Other providers with feature extraction (scaleway, together, deepinfra…) take OpenAI's
 * `{API Version}/embeddings`.
 */
export function embedsThroughFeatureExtraction(endpoint: Endpoint): boolean {
	if (!isHfRouter(endpoint.baseUrl)) return false;
	const path = routerPath(endpoint.baseUrl);
	return path === '' || path === '/hf-inference';
}

/** The feature-extraction route of `model`, below the Base URL (`/hf-inference` added when it is the bare router). */
export function featureExtractionPath(endpoint: Endpoint, model: string | undefined): string {
	if (!model) {
		throw new FieldError(
			'modelId',
			'is required on the HF router: its feature-extraction route is per model (for example BAAI/bge-small-en-v1.5)',
		);
	}
	const provider = routerPath(endpoint.baseUrl) === '' ? 'hf-inference/' : '';
	return `${provider}models/${modelIdPath(model)}/pipeline/feature-extraction`;
}

/** The router's ways of picking a provider for a Hub model ID: `:fastest`, `:cheapest`, `:preferred`. */
export const ROUTING_POLICIES = ['fastest', 'cheapest', 'preferred'] as const;

/**
 * The model ID with the Routing Policy's suffix (`meta-llama/Llama-3.1-8B-Instruct:cheapest`,
 * `…:novita`) for the HF router's unified endpoint. An ID that already has a suffix keeps it;
 * `default` (or unset) sends the ID as it is (the router then picks the fastest). Anywhere but the
 * router a policy is refused: the suffix would make the model ID unknown.
 */
export function routedModel(
	model: string,
	policy: unknown,
	provider: unknown,
	onRouter: boolean,
): string {
	if (policy === undefined || policy === null || policy === '' || policy === 'default')
		return model;
	if (!onRouter) {
		throw new FieldError(
			'routingPolicy',
			'applies to the HF router only (router.huggingface.co): other servers would not know the model ID with its suffix. Set it back to Default.',
		);
	}
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
