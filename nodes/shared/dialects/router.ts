/**
 * The HF router (router.huggingface.co), known by its address: its providers all speak OpenAI's
 * dialect, and its hf-inference provider embeds through the feature-extraction pipeline.
 */
import { FieldError } from '../wire/fieldError';
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
 * Other providers (nebius, sambanova, scaleway…) take OpenAI's `{API Version}/embeddings`.
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
			'model',
			'is required on the HF router: its feature-extraction route is per model (for example BAAI/bge-small-en-v1.5)',
		);
	}
	const provider = routerPath(endpoint.baseUrl) === '' ? 'hf-inference/' : '';
	const id = model.split('/').map(encodeURIComponent).join('/');
	return `${provider}models/${id}/pipeline/feature-extraction`;
}
