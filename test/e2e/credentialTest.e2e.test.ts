/**
 * The credential test as users meet it: a running n8n (`n8n start` on loopback) with the packed
 * package installed, the owner created, and n8n's own /rest/credentials/test endpoint called.
 */
import { API_KEY } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { N8nRest } from './support/rest';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);

/**
 * n8n 1.x never applies a credential test's `rules` to HTTP errors: its ExecutionBaseError declares
 * a `cause` class field that overwrites the HTTP error the tester looks for (`error.cause.response`),
 * so users see n8n's generic text for the status. n8n 2.x reads `error.httpCode` and shows ours.
 */
const appliesRules = (version: string) => Number(version.split('.')[0]) >= 2;

describe.each(versions)('n8n %s: credential test through the REST API', (version) => {
	// Router-like: the key is checked on /models too, as the HF router does.
	const server = new TgiTestServer({
		apiKey: API_KEY,
		checkAuthOnModels: true,
	});
	const home = new N8nHome(version);
	let rest: N8nRest;

	beforeAll(async () => {
		await server.start();
		home.installPackage(process.env.E2E_TARBALL as string);
		rest = new N8nRest(await home.start());
		await rest.setupOwner();
	});
	afterAll(async () => {
		await home.stop();
		await server.stop();
		home.remove();
	});

	test('the credential and node types are loaded from the installed package', async () => {
		const credentials = await rest.request<Array<{ name: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentials.data.map((type) => type.name)).toContain('huggingFaceTgiApi');
		const nodes = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		expect(nodes.data.map((type) => type.name)).toContain(
			'n8n-nodes-huggingface-tgi.huggingFaceTgi',
		);
	});

	test('a good key: the connection test succeeds', async () => {
		const result = await rest.saveAndTestCredential('HF router (good key)', {
			apiKey: API_KEY,
			baseUrl: `${server.url}/novita`,
			apiVersion: 'v3/openai',
		});
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const modelsCall = server.requests.find(
			(request) => request.url === '/novita/v3/openai/models',
		);
		expect(modelsCall?.headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	test('Custom Headers: sent by the test beside the key; one that would replace Authorization is refused', async () => {
		server.reset();
		const result = await rest.saveAndTestCredential('HF router (billed to an org)', {
			apiKey: API_KEY,
			baseUrl: `${server.url}/novita`,
			apiVersion: 'v3/openai',
			customHeaders: '{"X-HF-Bill-To": "my-org"}',
		});
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const modelsCall = server.requests.find(
			(request) => request.url === '/novita/v3/openai/models',
		);
		expect(modelsCall?.headers['x-hf-bill-to']).toBe('my-org');
		expect(modelsCall?.headers.authorization).toBe(`Bearer ${API_KEY}`);
		server.reset();
		const refused = await rest.saveAndTestCredential('HF router (bad header)', {
			apiKey: API_KEY,
			baseUrl: `${server.url}/novita`,
			apiVersion: 'v3/openai',
			customHeaders: '{"Authorization": "Bearer other"}',
		});
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain("The credential's Custom Headers may not set Authorization");
		expect(server.requests).toHaveLength(0);
	});

	test('a wrong key: the readable message users see, not "Unauthorized"', async () => {
		const result = await rest.saveAndTestCredential('HF router (wrong key)', {
			apiKey: 'hf_wrong_key',
			baseUrl: `${server.url}/novita`,
			apiVersion: 'v3/openai',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			appliesRules(version)
				? /^The server rejected the API key \(HTTP 401\)\. Check the key/
				: /^Authorization failed - please check your credentials$/,
		);
	});

	test('a wrong API version: the 404 message points at Base URL and API Version', async () => {
		const result = await rest.saveAndTestCredential('Self-hosted (wrong version)', {
			apiKey: API_KEY,
			baseUrl: server.url,
			apiVersion: 'v3/openai',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			appliesRules(version)
				? /^Nothing found at \{Base URL\}\/\{API Version\}\/models \(HTTP 404\)\. Check the Base URL and API Version/
				: /^The resource you are requesting could not be found$/,
		);
	});

	test('the API key is not in n8n’s logs', () => {
		expect(home.logs()).toContain('Editor is now accessible');
		expect(home.logs()).not.toContain(API_KEY);
	});
});
