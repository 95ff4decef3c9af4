/**
 * The credential's Custom Headers through n8n-core's engine: sent on every request of every node
 * (detection, chat, the model picker, embeddings) and by the credential test; values kept out of
 * errors like the key; headers that can't be sent fail before anything goes out.
 */
import { testCredential } from '../../testing/harness/credentialTest';
import { runRetrievalWorkflow } from '../../testing/harness/runRetrieval';
import { forgetDetectedServers, searchModels } from '../../testing/harness/runWorkflow';
import { leaked } from '../helpers/leaks';
import { API_KEY, runChat, selfHosted, startServer } from '../helpers/tgi';

const GATEWAY_TOKEN = 'gw_live_7f3a9c2e5d1b8f4a6c0e';
const HEADERS = JSON.stringify({ 'X-HF-Bill-To': 'my-org', 'X-Gateway-Token': GATEWAY_TOKEN });

beforeEach(() => forgetDetectedServers());

describe('Custom Headers on a TGI', () => {
	const server = startServer();
	const credential = (customHeaders: unknown = HEADERS) =>
		selfHosted(server, { serverType: 'auto', customHeaders });

	it('go with the detection probe, every completion and the model picker, beside the key', async () => {
		const { output, error } = await runChat({
			items: [{ q: 'a' }, { q: 'b' }],
			credentials: credential(),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		await searchModels(credential());
		expect(server.requests.map((request) => request.url)).toEqual([
			'/info',
			'/v1/chat/completions',
			'/v1/chat/completions',
			'/v1/models',
		]);
		for (const request of server.requests) {
			expect(request.headers['x-hf-bill-to']).toBe('my-org');
			expect(request.headers['x-gateway-token']).toBe(GATEWAY_TOKEN);
			expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		}
	});

	it('a value the server echoes is redacted from the error, as the key is', async () => {
		server.script = (request) =>
			request.url.endsWith('/chat/completions')
				? {
						status: 400,
						body: { error: `bad gateway token ${GATEWAY_TOKEN}`, error_type: 'validation' },
					}
				: undefined;
		const { error, run } = await runChat({ items: [{ q: 'a' }], credentials: credential() });
		expect(error?.message).toContain('bad gateway token');
		expect(leaked(JSON.stringify(run), GATEWAY_TOKEN)).toEqual([]);
	});

	it.each([
		['not JSON', '{"X-A": ', 'are not valid JSON'],
		['not an object', '["X-A"]', 'must be a JSON object'],
		['an empty name', '{" ": "x"}', 'have a header with an empty name'],
		[
			'a line break in a value',
			'{"X-A": "x\\r\\nX-Injected: 1"}',
			'give X-A a value with a line break',
		],
		[
			'Authorization',
			'{"authorization": "Bearer other"}',
			'may not set authorization: the API Key field sets it',
		],
		['a name with a space', '{"X A": "x"}', 'have a header name that is not allowed'],
	])(
		'%s: refused before anything is sent, naming the field',
		async (_case, customHeaders, words) => {
			const { error } = await runChat({
				items: [{ q: 'a' }],
				credentials: credential(customHeaders),
			});
			expect(error?.message).toContain(`The credential's Custom Headers ${words}`);
			expect(error?.description).toContain('Fix Custom Headers in the Hugging Face TGI credential');
			expect(server.requests).toHaveLength(0);
		},
	);

	it('the credential test sends them too, and explains ones that cannot be sent', async () => {
		const tested = await testCredential('huggingFaceTgiApi', credential());
		expect(tested.status).toBe('OK');
		expect(server.requests[0].headers['x-hf-bill-to']).toBe('my-org');
		const refused = await testCredential('huggingFaceTgiApi', credential('{"Host": "evil"}'));
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain("The credential's Custom Headers may not set Host");
		expect(server.requests).toHaveLength(1);
	});
});

describe('Custom Headers on a TEI', () => {
	const server = startServer({ mode: 'tei' });

	it('go with the embeddings batches too', async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a', 'b'] }],
			mode: 'documents',
			embeddings: {},
			credentials: selfHosted(server, { serverType: 'auto', customHeaders: HEADERS }),
		});
		expect(result.error).toBeUndefined();
		expect(server.requests.map((request) => request.url)).toEqual(['/info', '/embed']);
		for (const request of server.requests) expect(request.headers['x-hf-bill-to']).toBe('my-org');
	});
});
