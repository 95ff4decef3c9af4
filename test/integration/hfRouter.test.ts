/**
 * The HF router as a dialect of its own, through n8n-core's engine: known by its address (the test
 * server as n8n's HTTP proxy, so requests keep router.huggingface.co's address), or chosen as the
 * Server Type for a gateway in front of it. The Routing Policy works where the router routes — its
 * unified endpoint — whatever Server Type (Auto-Detect or OpenAI-Compatible) names it, and is
 * refused before sending on a provider's own route.
 */
import { EMBEDDINGS_NODE_TYPE } from '../../testing/harness/runRetrieval';
import { forgetDetectedServers, searchModels } from '../../testing/harness/runWorkflow';
import { API_KEY, chatParameters, runChat, startServer } from '../helpers/tgi';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const withPolicy = (options: Record<string, unknown>) => chatParameters({ options });

describe('the HF router, as a dialect', () => {
	const router = startServer({ mode: 'router' });
	const saved = { ...process.env };
	beforeEach(() => {
		forgetDetectedServers();
		// n8n's HTTP client sends http:// requests through HTTP_PROXY: the address stays the router's.
		process.env.HTTP_PROXY = router.url;
		delete process.env.NO_PROXY;
		delete process.env.no_proxy;
	});
	afterEach(() => {
		process.env = { ...saved };
	});
	const atRouter = (baseUrl: string, apiVersion: string, serverType: string) => ({
		apiKey: API_KEY,
		baseUrl,
		apiVersion,
		serverType,
	});
	const chats = () =>
		router.requests.filter((request) => request.url.endsWith('/chat/completions'));

	it.each(['auto', 'openai'])(
		'Server Type %s at router.huggingface.co (unified endpoint): Routing Policy Cheapest sends model:cheapest',
		async (serverType) => {
			const { output, error } = await runChat({
				items: [{ q: 'hi' }],
				parameters: withPolicy({ routingPolicy: 'cheapest' }),
				credentials: atRouter('http://router.huggingface.co', 'v1', serverType),
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1);
			expect(
				chats().map((request) => [request.url, request.headers.host, request.body.model]),
			).toEqual([['/v1/chat/completions', 'router.huggingface.co', `${MODEL}:cheapest`]]);
		},
	);

	it("on a provider's own route (/novita) Routing Policy is refused before sending, naming the field and the unified endpoint", async () => {
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			parameters: withPolicy({ routingPolicy: 'cheapest' }),
			credentials: atRouter('http://router.huggingface.co/novita', 'v3/openai', 'auto'),
		});
		expect(error?.message).toBe(
			"Routing Policy: works on the router's unified endpoint only (Base URL http://router.huggingface.co, API Version v1): this credential names the provider route /novita, which would not know the model ID with its suffix. Set it back to Default, or point the credential at the unified endpoint. [item 0]",
		);
		expect(chats()).toEqual([]);
	});

	it('a gateway in front of the router (Server Type HF Router, its own address): routed at its root', async () => {
		delete process.env.HTTP_PROXY;
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			parameters: withPolicy({ routingPolicy: 'provider', routingProvider: 'together' }),
			credentials: atRouter(router.url, 'v1', 'router'),
		});
		expect(error).toBeUndefined();
		expect(chats().map((request) => [request.url, request.body.model])).toEqual([
			['/v1/chat/completions', `${MODEL}:together`],
		]);
		// Known from the Server Type: nothing asked to detect it.
		expect(router.requests.some((request) => request.url === '/info')).toBe(false);
	});

	it('an OpenAI-compatible server elsewhere refuses the policy, naming the router', async () => {
		delete process.env.HTTP_PROXY;
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			parameters: withPolicy({ routingPolicy: 'fastest' }),
			credentials: atRouter(router.url, 'v1', 'openai'),
		});
		expect(error?.message).toMatch(/^Routing Policy: applies to the HF router only/);
		expect(chats()).toEqual([]);
	});

	describe("the Embeddings sub-node's model list", () => {
		/** The Hub's model search, as huggingface.co/api/models answers it (a list of models). */
		const HUB = [
			{ id: 'BAAI/bge-small-en-v1.5', pipeline_tag: 'feature-extraction', downloads: 3 },
			{ id: 'intfloat/multilingual-e5-large', pipeline_tag: 'feature-extraction', downloads: 2 },
		];
		beforeEach(() => {
			router.script = (request) =>
				request.url.startsWith('/api/models?') ? { status: 200, body: HUB } : undefined;
		});
		const GATEWAY_TOKEN = 'gw-secret-token-4f9a2c7e1b';
		const embeddingModels = (baseUrl: string, filter?: string) =>
			searchModels(
				{
					...atRouter(baseUrl, 'v1', 'auto'),
					customHeaders: JSON.stringify({ 'X-Gateway-Token': GATEWAY_TOKEN }),
				},
				filter,
				EMBEDDINGS_NODE_TYPE,
			);

		it("lists the provider's feature-extraction models from the Hub, not the router's chat models, sending neither the key nor a Custom Headers value", async () => {
			const { results } = await embeddingModels('http://router.huggingface.co');
			expect(results.map((result) => result.value)).toEqual([
				'BAAI/bge-small-en-v1.5',
				'intfloat/multilingual-e5-large',
			]);
			const [asked] = router.requests;
			expect(router.requests).toHaveLength(1);
			expect(asked.headers.host).toBe('huggingface.co');
			expect(asked.url).toBe(
				'/api/models?inference_provider=hf-inference&pipeline_tag=feature-extraction&limit=100',
			);
			expect(asked.headers.authorization).toBeUndefined();
			expect(JSON.stringify(asked.headers)).not.toContain(API_KEY);
			expect(JSON.stringify(asked.headers)).not.toContain(GATEWAY_TOKEN);
		});

		it("on a provider's route, that provider's models, searched by what the user typed", async () => {
			await embeddingModels('http://router.huggingface.co/together', 'e5');
			expect(router.requests.map((request) => request.url)).toEqual([
				'/api/models?inference_provider=together&pipeline_tag=feature-extraction&limit=100&search=e5',
			]);
		});

		it.each([401, 429, 503])(
			"the Hub's search failing (%i) is the Hub's: its words and hint, not the credential's key or server",
			async (status) => {
				router.script = (request) =>
					request.url.startsWith('/api/models?')
						? { status, body: { error: `Hub says ${status}` } }
						: undefined;
				const failure = await embeddingModels('http://router.huggingface.co').catch(
					(error: { message: string; description: string }) => error,
				);
				expect(failure).toMatchObject({ message: `Hub says ${status}` });
				const { description } = failure as { description: string };
				expect(description).toMatch(/Hub.*type the model's ID instead/);
				expect(description).not.toMatch(/API Key|server: HF router/);
				expect(description).not.toContain(GATEWAY_TOKEN);
			},
		);

		it('the action node (chat) still lists the router’s own /v1/models', async () => {
			await searchModels(atRouter('http://router.huggingface.co', 'v1', 'auto'));
			expect(router.requests.map((request) => [request.headers.host, request.url])).toEqual([
				['router.huggingface.co', '/v1/models'],
			]);
		});
	});
});
