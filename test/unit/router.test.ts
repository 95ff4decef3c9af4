/**
 * The HF router's picker and Routing Policy, pure: what /v1/models says of each provider, and the
 * model ID's suffix (wire/models.ts, dialects/router.ts, through buildChatBody).
 */
import { HF_ROUTER, knownProfile, type ServerProfile, TGI } from '../../nodes/shared/dialects';
import { buildChatBody } from '../../nodes/shared/dialects/chatBody';
import { FieldError } from '../../nodes/shared/wire/fieldError';
import { modelEntries } from '../../nodes/shared/wire/models';

/** The router's /v1/models shape: each model with its providers. */
const ROUTER_MODELS = {
	object: 'list',
	data: [
		{
			id: 'meta-llama/Llama-3.1-8B-Instruct',
			object: 'model',
			owned_by: 'meta-llama',
			providers: [
				{
					provider: 'novita',
					status: 'live',
					context_length: 131072,
					pricing: { input: 0.02, output: 0.05 },
					supports_tools: true,
					supports_structured_output: false,
				},
				{ provider: 'hf-inference', status: 'staging' },
				{
					provider: 'deepinfra',
					status: 'live',
					is_free: true,
					first_token_latency_ms: 320.4,
					throughput: 85,
				},
			],
		},
		{ id: 'plain/model', object: 'model' },
	],
};

describe('the model picker on the HF router', () => {
	it('describes each model by its providers: context, price per million tokens, tools', () => {
		expect(modelEntries(ROUTER_MODELS)).toEqual([
			{
				id: 'meta-llama/Llama-3.1-8B-Instruct',
				description:
					'novita: 131.1K context, $0.02 in / $0.05 out per M tokens, tools · hf-inference: staging · deepinfra: free, 320 ms to first token, 85 tokens/s',
			},
			{ id: 'plain/model' },
		]);
	});
});

describe('Routing Policy', () => {
	const router: ServerProfile = { dialect: HF_ROUTER, how: 'address' };
	const unified = { baseUrl: 'https://router.huggingface.co', apiVersion: 'v1' };
	const model = (
		options: Record<string, unknown>,
		server = router,
		id = 'meta-llama/Llama-3.1-8B-Instruct',
		endpoint = unified,
	) => buildChatBody(id, [{ role: 'user', content: 'hi' }], options, { server, endpoint }).model;

	it.each([
		[{}, 'meta-llama/Llama-3.1-8B-Instruct'],
		[{ routingPolicy: 'default' }, 'meta-llama/Llama-3.1-8B-Instruct'],
		[{ routingPolicy: 'fastest' }, 'meta-llama/Llama-3.1-8B-Instruct:fastest'],
		[{ routingPolicy: 'cheapest' }, 'meta-llama/Llama-3.1-8B-Instruct:cheapest'],
		[{ routingPolicy: 'preferred' }, 'meta-llama/Llama-3.1-8B-Instruct:preferred'],
		[
			{ routingPolicy: 'provider', routingProvider: ' Novita ' },
			'meta-llama/Llama-3.1-8B-Instruct:novita',
		],
	])('%j → %s', (options, expected) => {
		expect(model(options)).toBe(expected);
	});

	it('keeps a suffix the model ID already has', () => {
		expect(model({ routingPolicy: 'cheapest' }, router, 'org/m:together')).toBe('org/m:together');
	});

	it('on a provider’s own route (router.huggingface.co/novita) it is refused before sending, naming the field and the unified endpoint', () => {
		const novita = { baseUrl: 'https://router.huggingface.co/novita', apiVersion: 'v3/openai' };
		const id = 'meta-llama/Llama-3.1-8B-Instruct';
		expect(() => model({ routingPolicy: 'cheapest' }, router, id, novita)).toThrow(
			expect.objectContaining({
				field: 'routingPolicy',
				problem: expect.stringContaining(
					"works on the router's unified endpoint only (Base URL https://router.huggingface.co, API Version v1): this credential names the provider route /novita",
				),
			}),
		);
		expect(model({}, router, id, novita)).toBe(id);
	});

	it('OpenAI-Compatible chosen for the router’s address is the router: the policy applies', () => {
		const profile = knownProfile('openai', unified.baseUrl) as ServerProfile;
		expect(model({ routingPolicy: 'cheapest' }, profile)).toBe(
			'meta-llama/Llama-3.1-8B-Instruct:cheapest',
		);
	});

	it('a gateway in front of the router (Server Type HF Router) routes at its root', () => {
		const gateway = { baseUrl: 'https://gateway.example', apiVersion: 'v1' };
		const profile = knownProfile('router', gateway.baseUrl) as ServerProfile;
		expect(model({ routingPolicy: 'fastest' }, profile, 'org/m', gateway)).toBe('org/m:fastest');
	});

	it('is refused off the router, and a provider that is not a name is refused, naming the field', () => {
		const tgi: ServerProfile = { dialect: TGI, how: 'detected' };
		expect(() => model({ routingPolicy: 'cheapest' }, tgi)).toThrow(
			expect.objectContaining({ field: 'routingPolicy' }),
		);
		expect(() => model({ routingPolicy: 'provider', routingProvider: 'a b' })).toThrow(FieldError);
		expect(() => model({ routingPolicy: 'provider', routingProvider: '' })).toThrow(
			expect.objectContaining({ field: 'routingProvider' }),
		);
	});
});
