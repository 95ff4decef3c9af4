import { testCredential } from '../../testing/harness/credentialTest';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { API_KEY, routerStyle, selfHosted, startServer } from '../helpers/tgi';

describe('credential test (GET {baseUrl}/{apiVersion}/models, as the editor runs it on Save)', () => {
	// The HF router checks the key on /models; TGI itself only on generation routes.
	const server = startServer({ checkAuthOnModels: true });

	it('succeeds for a self-hosted TGI and for router-style URLs, with the key sent', async () => {
		await expect(testCredential('huggingFaceTgiApi', selfHosted(server))).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		await expect(testCredential('huggingFaceTgiApi', routerStyle(server))).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
			['/v1/models', `Bearer ${API_KEY}`],
			['/novita/v3/openai/models', `Bearer ${API_KEY}`],
		]);
	});

	it('joins slashes and an empty API version like the node does', async () => {
		const result = await testCredential('huggingFaceTgiApi', {
			apiKey: API_KEY,
			baseUrl: `${server.url}/v1/`,
			apiVersion: '',
		});
		expect(result.status).toBe('OK');
		const slashes = await testCredential('huggingFaceTgiApi', {
			apiKey: API_KEY,
			baseUrl: `${server.url}//`,
			apiVersion: '/v1/',
		});
		expect(slashes.status).toBe('OK');
		expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models']);
	});

	it('explains a wrong key', async () => {
		const result = await testCredential(
			'huggingFaceTgiApi',
			selfHosted(server, { apiKey: 'hf_wrong' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/rejected the API key \(HTTP 401\)/);
	});

	it('explains a token without access', async () => {
		server.script = () => ({ status: 403, body: { error: 'forbidden' } });
		const result = await testCredential('huggingFaceTgiApi', selfHosted(server));
		expect(result.message).toMatch(/no access here \(HTTP 403\)/);
	});

	it('explains a wrong API version or base URL', async () => {
		const result = await testCredential(
			'huggingFaceTgiApi',
			selfHosted(server, { apiVersion: 'v2' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Check the Base URL and API Version/);
	});

	it('reports an unreachable server', async () => {
		const result = await testCredential('huggingFaceTgiApi', {
			apiKey: API_KEY,
			baseUrl: 'http://127.0.0.1:1',
			apiVersion: 'v1',
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

describe('credential test and redirects', () => {
	const server = startServer();
	const elsewhere = new TgiTestServer({});
	beforeAll(async () => await elsewhere.start());
	afterAll(async () => await elsewhere.stop());

	it('does not follow a redirect to another origin, so the key is not sent there', async () => {
		server.script = (request) => ({
			status: 302,
			headers: { location: `${elsewhere.url}${request.url}` },
		});
		const result = await testCredential('huggingFaceTgiApi', selfHosted(server));
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^The server redirected \(HTTP 302\) to another address\. The key is only sent to the Base URL/,
			),
		});
		expect(elsewhere.requests).toHaveLength(0);
	});
});

describe('credential test on a TEI (no /models: its /info checks the key)', () => {
	const tei = startServer({ mode: 'tei' });
	const teiCredential = (extra: Record<string, unknown> = {}) => ({
		...selfHosted(tei),
		serverType: 'tei',
		...extra,
	});

	it('succeeds with the right key, asking /info with it', async () => {
		await expect(testCredential('huggingFaceTgiApi', teiCredential())).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(tei.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
			['/info', `Bearer ${API_KEY}`],
		]);
	});

	it('explains a wrong key and a wrong address', async () => {
		const wrongKey = await testCredential('huggingFaceTgiApi', teiCredential({ apiKey: 'hf_x' }));
		expect(wrongKey.message).toMatch(/rejected the API key \(HTTP 401\)/);
		const wrongUrl = await testCredential(
			'huggingFaceTgiApi',
			teiCredential({ baseUrl: `${tei.url}/nothing-here` }),
		);
		expect(wrongUrl.status).toBe('Error');
		expect(tei.requests.map((r) => r.url).slice(-1)).toEqual(['/nothing-here/info']);
		expect(tei.requests.every((r) => r.url.endsWith('/info'))).toBe(true);
	});

	it('with Server Type on Auto-Detect, the 404 of /models says to set Server Type to TEI', async () => {
		const auto = await testCredential('huggingFaceTgiApi', teiCredential({ serverType: 'auto' }));
		expect(auto.status).toBe('Error');
		expect(auto.message).toContain(
			'A TEI (Text Embeddings Inference) server has no /models: set Server Type to TEI, and the test asks its /info.',
		);
		expect(tei.requests.map((r) => r.url)).toEqual(['/v1/models']);
	});
});
