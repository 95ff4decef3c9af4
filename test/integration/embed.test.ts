/**
 * The action node's Embed operation through n8n-core's engine against the test server playing
 * TEI, vLLM and TGI over real HTTP: items batched across the execution within the server's limit,
 * vectors in the right items, one bad item failing alone (a refused batch split until it is found),
 * a server answering wrong never giving a silently wrong vector, a server without embeddings refused.
 */
import { embed } from '../../testing/server/retrieval';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { API_KEY, runChat, startServer, type TestServer } from '../helpers/tgi';

const credentials = (server: TestServer, extra: Record<string, unknown> = {}) => ({
	apiKey: API_KEY,
	baseUrl: server.url,
	apiVersion: 'v1',
	serverType: 'auto',
	...extra,
});

const embedParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'embedding',
	operation: 'embed',
	text: '={{ $json.text }}',
	...extra,
});

const rows = (count: number) =>
	Array.from({ length: count }, (_, id) => ({ id, text: `Row ${id} is about topic ${id % 5}` }));

const posts = (server: TestServer, path: string) =>
	server.requests.filter((request) => request.method === 'POST' && request.url === path);

beforeEach(() => forgetDetectedServers());

describe('Embed against TEI', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });
	afterEach(() => {
		server.maxClientBatchSize = 32;
		server.maxInputLength = 512;
	});

	it("batches the items within TEI's max_client_batch_size, each vector in its own item beside its fields", async () => {
		server.maxClientBatchSize = 16;
		const items = rows(70);
		const { output, error } = await runChat({
			items,
			credentials: credentials(server),
			parameters: embedParameters({ options: { batchSize: 100 } }),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(70);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({
				...items[index],
				embedding: embed(items[index].text),
				embeddingDimensions: embed(items[index].text).length,
				embeddingModel: 'BAAI/bge-small-en-v1.5',
			});
		});
		const sizes = posts(server, '/embed').map((request) => request.body.inputs.length);
		expect(sizes.sort((a, b) => b - a)).toEqual([16, 16, 16, 16, 6]);
		expect(posts(server, '/embed')[0].body.truncate).toBe(false);
	});

	it('one text too long fails alone (Continue On Fail): the batch is split until it is found, every other item gets its vector', async () => {
		server.maxInputLength = 10;
		const items = rows(40);
		items[23] = { id: 23, text: 'word '.repeat(30).trim() };
		const { output, error } = await runChat({
			items,
			credentials: credentials(server),
			parameters: embedParameters({ options: { outputField: 'vector' } }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(40);
		output.forEach((item, index) => {
			if (index === 23) return;
			expect(item.json.vector).toEqual(embed(items[index].text));
		});
		expect(output[23].json.vector).toBeUndefined();
		expect(String(output[23].json.error)).toContain('must have less than 10 tokens');
		expect(output[23].pairedItem).toEqual({ item: 23 });
		// 32 + 8 texts; the 32 split down to the one: 32 → 16 → 8 → 4 → 2 → 1, each with its sibling.
		const sizes = posts(server, '/embed').map((request) => request.body.inputs.length);
		expect(sizes.filter((size) => size === 1)).toHaveLength(2);
		expect(sizes.length).toBeLessThanOrEqual(2 + 2 * Math.ceil(Math.log2(32)));
	});

	it('without Continue On Fail, the node fails naming the item and the server’s words', async () => {
		server.maxInputLength = 10;
		const items = rows(12);
		items[7] = { id: 7, text: 'word '.repeat(30).trim() };
		const { error, output } = await runChat({
			items,
			credentials: credentials(server),
			parameters: embedParameters(),
		});
		expect(output).toEqual([]);
		expect(error?.message).toContain('must have less than 10 tokens');
		expect(JSON.stringify(error)).toContain('"itemIndex":7');
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	it('an empty or missing text is that item’s error naming Text, and is never sent', async () => {
		const items: Array<Record<string, unknown>> = rows(5);
		items[1] = { id: 1, text: '   ' };
		items[3] = { id: 3 };
		const { output, error } = await runChat({
			items,
			credentials: credentials(server),
			parameters: embedParameters(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(String(output[1].json.error)).toMatch(/^Text to Embed: is empty/);
		expect(String(output[3].json.error)).toMatch(/^Text to Embed: must be text/);
		expect(output[0].json.embedding).toEqual(embed('Row 0 is about topic 0'));
		const sent = posts(server, '/embed').flatMap((request) => request.body.inputs);
		expect(sent).toEqual([0, 2, 4].map((index) => items[index].text));
	});

	it('a server answering fewer vectors than texts fails those items, never a vector in the wrong item', async () => {
		server.script = (request) =>
			request.url === '/embed' ? { status: 200, body: [embed('only one')] } : undefined;
		try {
			const { output } = await runChat({
				items: rows(3),
				credentials: credentials(server),
				parameters: embedParameters(),
				continueOnFail: true,
			});
			expect(output).toHaveLength(3);
			for (const item of output) {
				expect(item.json.embedding).toBeUndefined();
				expect(String(item.json.error)).toContain('1 embedding for 3 texts');
			}
		} finally {
			server.script = undefined;
		}
	});
});

describe('Embed when every batch would fail alike (Continue On Fail)', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it.each([401, 403, 404])(
		'a %i stops the batches not yet sent: every item fails with the server’s words, one request made',
		async (status) => {
			server.maxClientBatchSize = 2;
			server.script = (request) =>
				request.url === '/embed'
					? { status, body: { error: `refused (${status})`, error_type: 'Auth' } }
					: undefined;
			try {
				const { output, error } = await runChat({
					items: rows(20),
					credentials: credentials(server),
					parameters: embedParameters({ options: { concurrency: 1 } }),
					continueOnFail: true,
				});
				expect(error).toBeUndefined();
				expect(output).toHaveLength(20);
				for (const item of output) {
					expect(item.json.embedding).toBeUndefined();
					expect(String(item.json.error)).toContain(`refused (${status})`);
				}
				expect(posts(server, '/embed')).toHaveLength(1);
			} finally {
				server.script = undefined;
				server.maxClientBatchSize = 32;
			}
		},
	);

	it('a failure of one batch alone (a 500) does not stop the others', async () => {
		server.maxClientBatchSize = 2;
		let calls = 0;
		server.script = (request) =>
			request.url === '/embed' && ++calls === 1
				? { status: 500, body: { error: 'backend hiccup', error_type: 'Backend' } }
				: undefined;
		try {
			const { output } = await runChat({
				items: rows(6),
				credentials: credentials(server),
				parameters: embedParameters({ options: { concurrency: 1, maxRetries: 0 } }),
				continueOnFail: true,
			});
			expect(output.map((item) => (item.json.error ? 'failed' : 'ok'))).toEqual([
				'failed',
				'failed',
				'ok',
				'ok',
				'ok',
				'ok',
			]);
			expect(posts(server, '/embed')).toHaveLength(3);
		} finally {
			server.script = undefined;
			server.maxClientBatchSize = 32;
		}
	});
});

describe('Embed against TEI behind a load balancer answering two models', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it('a batch answered with vectors of another length fails its items, naming the lengths; the others keep theirs', async () => {
		server.maxClientBatchSize = 2;
		let calls = 0;
		server.script = (request) => {
			if (request.url !== '/embed' || ++calls !== 2) return undefined;
			const inputs = (request.body as { inputs: string[] }).inputs;
			return { status: 200, body: inputs.map(() => [0.6, 0.8]) };
		};
		try {
			const { output } = await runChat({
				items: rows(4),
				credentials: credentials(server),
				parameters: embedParameters({ options: { concurrency: 1 } }),
				continueOnFail: true,
			});
			expect(output.map((item) => item.json.error ?? 'ok')).toEqual([
				'ok',
				'ok',
				'The server answered a vector of 2 dimensions for item 2; the others have 64',
				'The server answered a vector of 2 dimensions for item 3; the others have 64',
			]);
		} finally {
			server.script = undefined;
			server.maxClientBatchSize = 32;
		}
	});
});

describe('Embed against a vLLM-like server (OpenAI’s /v1/embeddings)', () => {
	const server = startServer({ mode: 'vllm', prefixes: ['/v1'], model: 'intfloat/e5-small-v2' });

	it('sends the model and Dimensions, names the model the answer names, and counts its tokens', async () => {
		const { output, error, run } = await runChat({
			items: rows(3),
			credentials: credentials(server),
			parameters: embedParameters({
				modelId: { __rl: true, mode: 'id', value: 'intfloat/e5-small-v2' },
				options: { dimensions: 8 },
			}),
		});
		expect(error).toBeUndefined();
		expect(output[2].json).toMatchObject({
			embeddingModel: 'intfloat/e5-small-v2',
			embeddingDimensions: 8,
		});
		expect(posts(server, '/v1/embeddings')[0].body).toMatchObject({
			model: 'intfloat/e5-small-v2',
			input: rows(3).map((row) => row.text),
			dimensions: 8,
		});
		expect(JSON.stringify(run.data.resultData.runData)).toContain('tokenUsage');
	});
});

describe('Embed against a server that does not embed', () => {
	const server = startServer({ mode: 'tgi', prefixes: ['/v1'] });

	it('is refused before sending, naming the server and what serves embeddings', async () => {
		const { error } = await runChat({
			items: rows(2),
			credentials: credentials(server),
			parameters: embedParameters(),
		});
		expect(error?.message).toMatch(
			/^This credential's server is TGI \(detected\), which serves text generation, not embeddings/,
		);
		expect(server.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});
});
