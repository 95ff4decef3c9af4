/**
 * The estimated cost of an answer a pricing server (the HF router's dialect) served: the provider
 * that answered (the router's `x-inference-provider` header), its price for the model (the
 * dialect's price task, the router's `GET /v1/models/{id}`: the one model the estimate needs, asked
 * once per server and model and kept for an hour in this n8n process), and the answer's usage.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { sendRequest, serverKey, type ServerConnection } from '../../shared/transport/transport';
import { estimateCost, type EstimatedCost, type Price } from '../../shared/wire/models';
import type { PriceTask, TaskRequest } from '../../shared/dialects';

const PRICES_TTL_MS = 60 * 60_000;
/** The price list is one quick GET: a router that takes longer is not waited for. */
const PRICES_TIMEOUT_MS = 10_000;

type Prices = Map<string, Map<string, Price>>;
const cache = new Map<string, { at: number; prices: Promise<Prices | undefined> }>();

/** Forgets the price lists (tests). */
export const forgetPrices = () => cache.clear();

async function pricesOf(
	this: IExecuteFunctions,
	connection: ServerConnection,
	pricing: PriceTask,
	model: string,
): Promise<Prices | undefined> {
	const origin = new URL(connection.baseUrl.trim()).origin;
	// The model without its routing suffix (…:cheapest), as the router lists it.
	const id = model.split(':')[0];
	const key = `${serverKey.call(this, origin)}\n${id.toLowerCase()}`;
	const entry = cache.get(key);
	if (entry && Date.now() - entry.at < PRICES_TTL_MS) return await entry.prices;
	let request: TaskRequest;
	try {
		request = pricing.request(id);
	} catch {
		return undefined; // not a model ID the router could have priced
	}
	// The route sits at the router's root, whatever provider route the Base URL names.
	const atOrigin = { ...connection, baseUrl: origin };
	const prices = sendRequest
		.call(this, atOrigin, { ...request, timeoutMs: PRICES_TIMEOUT_MS })
		.then(
			({ body }) => pricing.read(body),
			() => undefined, // no estimate this time; asked again next time
		);
	cache.set(key, { at: Date.now(), prices });
	const result = await prices;
	if (!result) cache.delete(key);
	return result;
}

/**
 * The answer's estimated cost, when the server prices (its dialect says where), named the provider
 * that answered it and its price list has the model; undefined otherwise (and nothing is asked of
 * a server that does not price or names no provider).
 */
export async function answerCost(
	this: IExecuteFunctions,
	connection: ServerConnection,
	headers: Record<string, unknown>,
	model: string,
	usage: { prompt_tokens: number; completion_tokens: number } | null,
): Promise<EstimatedCost | undefined> {
	const provider = headers['x-inference-provider'];
	const pricing = connection.server.dialect.tasks.price;
	if (!pricing || typeof provider !== 'string' || provider.trim() === '' || !usage)
		return undefined;
	const prices = await pricesOf.call(this, connection, pricing, model);
	return prices ? estimateCost(prices, model, provider.trim(), usage) : undefined;
}
