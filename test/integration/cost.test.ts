/**
 * The estimated cost of an answer the HF router served, through n8n-core's engine: the provider the
 * router names (x-inference-provider), its price from the router's /v1/models/{id} (asked once per
 * process), the answer's usage. The test server stands for the router with Server Type HF Router
 * (as a gateway in front of it would). Nothing is asked of a server that names no provider, nor of
 * one that is not the router.
 */
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { chatParameters, routerStyle, runChat, startServer } from '../helpers/tgi';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
/** The router's GET /v1/models/{id}: the one model, with its providers. */
const MODEL_ROUTE = `/v1/models/${MODEL}`;
const PRICES = {
	id: MODEL,
	object: 'model',
	providers: [
		{ provider: 'novita', status: 'live', pricing: { input: 0.02, output: 0.05 } },
		{ provider: 'together', status: 'live', pricing: { input: 0.18, output: 0.18 } },
		{ provider: 'baseten', status: 'live', is_free: true, pricing: { input: 0.1, output: 0.1 } },
	],
};

/** The router's answers: a completion names `provider` as the one that answered; the model's route gives PRICES. */
const answeredBy = (provider: string) => (request: { url: string }) => {
	if (request.url === MODEL_ROUTE) return { status: 200, body: PRICES };
	if (request.url.endsWith('/chat/completions'))
		return { status: 200, headers: { 'x-inference-provider': provider } };
	return undefined;
};

describe('estimated cost on the HF router', () => {
	const server = startServer({ mode: 'router' });
	beforeEach(() => forgetDetectedServers());

	it('the provider that answered, at its price for the model, times the usage; the one model asked once', async () => {
		server.script = answeredBy('together');
		const { output, error } = await runChat({
			items: [{ q: 'one two' }, { q: 'three' }],
			credentials: routerStyle(server, { serverType: 'router' }),
		});
		expect(error).toBeUndefined();
		for (const item of output) {
			const { prompt_tokens, completion_tokens } = item.json.usage;
			expect(item.json.estimated_cost).toEqual({
				usd: Number(((prompt_tokens * 0.18 + completion_tokens * 0.18) / 1e6).toPrecision(6)),
				provider: 'together',
				price_per_million_tokens: { input: 0.18, output: 0.18 },
			});
		}
		expect(server.requests.filter((request) => request.url === MODEL_ROUTE)).toHaveLength(1);
	});

	it('a free provider costs 0', async () => {
		server.script = answeredBy('baseten');
		const { output } = await runChat({
			items: [{ q: 'one' }],
			parameters: chatParameters({
				modelId: { __rl: true, mode: 'id', value: `${MODEL}:cheapest` },
			}),
			credentials: routerStyle(server, { serverType: 'router' }),
		});
		expect(output[0].json.estimated_cost).toEqual({
			usd: 0,
			provider: 'baseten',
			price_per_million_tokens: { input: 0, output: 0 },
		});
		// The model's own route, its routing suffix left off.
		expect(server.requests.filter((request) => request.url.startsWith('/v1/models'))).toEqual([
			expect.objectContaining({ url: MODEL_ROUTE }),
		]);
	});

	it('no provider named, or no price for it: no estimate, and no price list asked', async () => {
		const { output } = await runChat({
			items: [{ q: 'a' }],
			credentials: routerStyle(server, { serverType: 'router' }),
		});
		expect(output[0].json).not.toHaveProperty('estimated_cost');
		expect(server.requests.some((request) => request.url === MODEL_ROUTE)).toBe(false);
		server.script = answeredBy('groq');
		const unpriced = await runChat({
			items: [{ q: 'a' }],
			credentials: routerStyle(server, { serverType: 'router' }),
		});
		expect(unpriced.error).toBeUndefined();
		expect(unpriced.output[0].json).not.toHaveProperty('estimated_cost');
	});

	it('an OpenAI-compatible server that is not the router: no estimate, no price list asked, even if it names a provider', async () => {
		server.script = answeredBy('together');
		const { output, error } = await runChat({
			items: [{ q: 'a' }],
			credentials: routerStyle(server, { serverType: 'openai' }),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).not.toHaveProperty('estimated_cost');
		expect(server.requests.some((request) => request.url === MODEL_ROUTE)).toBe(false);
	});
});
