/**
 * Model lists, pure: the IDs of `GET …/models` and, where the HF router says them, what each
 * provider offers — context, price per million tokens, tools — for the picker's descriptions.
 */
import { isPlainObject } from './guards';

/** One model of the picker: its ID, and what the server says about it. */
export interface ModelEntry {
	id: string;
	description?: string;
}

/**
 * Model IDs from `GET …/models`: OpenAI's `{object: "list", data: [{id}]}` (what TGI's code and
 * the router send) or the single `{id}` that TGI's OpenAPI document describes.
 */
export function modelIds(response: Record<string, unknown>): string[] {
	return modelEntries(response).map((entry) => entry.id);
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * One router provider of a model, as the router's /v1/models describes it (hub-docs, 2026-06):
 * "novita: 131K context, $0.02 in / $0.05 out per M tokens, 320 ms to first token, 85 tokens/s,
 * tools, JSON schema" — or "free" for a provider that charges nothing.
 */
function describeProvider(provider: Record<string, unknown>): string | undefined {
	if (typeof provider.provider !== 'string') return undefined;
	const facts: string[] = [];
	if (typeof provider.context_length === 'number')
		facts.push(`${compact.format(provider.context_length)} context`);
	const pricing = isPlainObject(provider.pricing) ? provider.pricing : undefined;
	if (provider.is_free === true) facts.push('free');
	else if (pricing && typeof pricing.input === 'number' && typeof pricing.output === 'number')
		facts.push(`$${pricing.input} in / $${pricing.output} out per M tokens`);
	if (typeof provider.first_token_latency_ms === 'number')
		facts.push(`${Math.round(provider.first_token_latency_ms)} ms to first token`);
	if (typeof provider.throughput === 'number')
		facts.push(`${compact.format(provider.throughput)} tokens/s`);
	if (provider.supports_tools === true) facts.push('tools');
	if (provider.supports_structured_output === true) facts.push('JSON schema');
	if (typeof provider.status === 'string' && provider.status !== 'live')
		facts.push(provider.status);
	return facts.length > 0 ? `${provider.provider}: ${facts.join(', ')}` : provider.provider;
}

/** The models of a list, each once, with the router's providers as its description when given. */
export function modelEntries(response: Record<string, unknown>): ModelEntry[] {
	const list = Array.isArray(response.data) ? (response.data as unknown[]) : [response];
	const entries = new Map<string, ModelEntry>();
	for (const item of list) {
		if (!isPlainObject(item) || typeof item.id !== 'string' || item.id === '') continue;
		if (entries.has(item.id)) continue;
		const providers = Array.isArray(item.providers) ? item.providers.filter(isPlainObject) : [];
		const described = providers.map(describeProvider).filter((text) => text !== undefined);
		entries.set(item.id, {
			id: item.id,
			...(described.length > 0 ? { description: described.join(' · ') } : {}),
		});
	}
	return [...entries.values()];
}

/** A provider's price for a model, in US dollars per million tokens. */
export interface Price {
	input: number;
	output: number;
}

/**
 * The prices the HF router gives — its /v1/models list, or one model's `GET /v1/models/{id}` — by
 * model ID (without a :suffix), then by provider. A free provider costs 0.
 */
export function routerPrices(response: Record<string, unknown>): Map<string, Map<string, Price>> {
	const prices = new Map<string, Map<string, Price>>();
	const list = Array.isArray(response.data) ? (response.data as unknown[]) : [response];
	for (const item of list) {
		if (!isPlainObject(item) || typeof item.id !== 'string' || !Array.isArray(item.providers))
			continue;
		const byProvider = new Map<string, Price>();
		for (const provider of item.providers) {
			const pricing = isPlainObject(provider) ? provider.pricing : undefined;
			if (
				isPlainObject(provider) &&
				typeof provider.provider === 'string' &&
				provider.is_free === true
			)
				byProvider.set(provider.provider.toLowerCase(), { input: 0, output: 0 });
			else if (
				isPlainObject(provider) &&
				typeof provider.provider === 'string' &&
				isPlainObject(pricing) &&
				typeof pricing.input === 'number' &&
				typeof pricing.output === 'number'
			)
				byProvider.set(provider.provider.toLowerCase(), {
					input: pricing.input,
					output: pricing.output,
				});
		}
		if (byProvider.size > 0) prices.set(item.id.toLowerCase(), byProvider);
	}
	return prices;
}

/** The answer's estimated cost: its tokens at the provider's price (US dollars, per million tokens). */
export interface EstimatedCost {
	usd: number;
	provider: string;
	price_per_million_tokens: Price;
}

/** The cost of `usage` for `model` (its :suffix ignored) as served by `provider`, when the price is known. */
export function estimateCost(
	prices: Map<string, Map<string, Price>>,
	model: string,
	provider: string,
	usage: { prompt_tokens: number; completion_tokens: number },
): EstimatedCost | undefined {
	const price = prices.get(model.split(':')[0].toLowerCase())?.get(provider.toLowerCase());
	if (!price) return undefined;
	const usd =
		(usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / 1_000_000;
	return { usd: Number(usd.toPrecision(6)), provider, price_per_million_tokens: price };
}
