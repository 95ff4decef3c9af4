/**
 * The retrieval sub-nodes against servers that answer subtly wrong, through n8n-core's engine
 * over real HTTP: indexes on some entries only, vectors of different lengths across batches,
 * Dimensions ignored, rerank answers that leave documents out, 1e999, a body over TEI's
 * --payload-limit, a stalled or dripping server, and model IDs that would walk out of their route.
 * Each must fail readably, naming what is wrong — never hand a vector store something wrong.
 */
import { runRetrievalWorkflow } from '../../testing/harness/runRetrieval';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { embed, rank } from '../../testing/server/retrieval';
import { selfHosted, startServer, type TestServer } from '../helpers/tgi';

const credentialFor = (server: TestServer, extra: Record<string, unknown> = {}) =>
	selfHosted(server, { serverType: 'auto', ...extra });

const texts = (count: number) => Array.from({ length: count }, (_, i) => `text number ${i}`);

/** The error the sub-node itself shows (the root node shows "Error in sub-node …"). */
const subNodeError = (result: Awaited<ReturnType<typeof runRetrievalWorkflow>>) =>
	result.embeddingRuns[0]?.error ?? result.rerankerRuns[0]?.error ?? result.error;

beforeEach(() => forgetDetectedServers());

describe('embeddings answers that are subtly wrong', () => {
	const vllm = startServer({ mode: 'vllm', model: 'BAAI/bge-small-en-v1.5' });
	const tei = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it('some entries with an index and some without: refused, naming the entries, never read in arrival order', async () => {
		vllm.script = (request) => {
			if (!request.url.endsWith('/embeddings')) return undefined;
			const inputs = request.body.input as string[];
			// Entries in reverse order, only the first carrying its index.
			const data = inputs
				.map((text, index) => ({ object: 'embedding', embedding: embed(text), index }))
				.reverse()
				.map((entry, position) => (position === 0 ? entry : { ...entry, index: undefined }));
			return { status: 200, body: { object: 'list', data } };
		};
		const result = await runRetrievalWorkflow({
			items: [{ texts: texts(3) }],
			mode: 'documents',
			embeddings: { modelId: { __rl: true, mode: 'id', value: 'BAAI/bge-small-en-v1.5' } },
			credentials: credentialFor(vllm, { serverType: 'openai' }),
		});
		expect(result.output).toEqual([]);
		expect(subNodeError(result)?.message).toContain(
			"The embeddings answer gives an index to some entries but not to entry 2 and 3 (of 3): which text each vector belongs to can't be known [documents 1–3 of 3",
		);
	});

	it('batches answered with vectors of different lengths: refused, naming the documents and batch', async () => {
		tei.maxClientBatchSize = 2;
		try {
			tei.script = (request) => {
				if (request.url !== '/embed') return undefined;
				const inputs = request.body.inputs as string[];
				// The second batch comes from another model behind the load balancer: 12 numbers.
				const second = inputs[0] === 'text number 2';
				return {
					status: 200,
					body: inputs.map((text) => (second ? embed(text).slice(0, 12) : embed(text))),
				};
			};
			const result = await runRetrievalWorkflow({
				items: [{ texts: texts(4) }],
				mode: 'documents',
				embeddings: {},
				credentials: credentialFor(tei),
			});
			expect(result.output).toEqual([]);
			expect(subNodeError(result)?.message).toContain(
				`The embeddings are not all of one length: document 1 has ${embed('x').length} dimensions, document 3 has 12 [documents 3–4 of 4`,
			);
			expect(tei.requests.filter((request) => request.url === '/embed')).toHaveLength(2);
		} finally {
			tei.maxClientBatchSize = 32;
		}
	});

	it('Dimensions the server ignores: refused, saying it did not apply them', async () => {
		tei.script = (request) =>
			request.url === '/embed'
				? { status: 200, body: (request.body.inputs as string[]).map((text) => embed(text)) }
				: undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: texts(2) }],
			mode: 'documents',
			embeddings: { options: { dimensions: 8 } },
			credentials: credentialFor(tei),
		});
		expect(tei.requests.find((request) => request.url === '/embed')?.body.dimensions).toBe(8);
		expect(subNodeError(result)?.message).toContain(
			`The server answered ${embed('x').length} dimensions for document 1, where Dimensions asks for 8: it did not apply Dimensions`,
		);
	});

	it('1e999 in a vector is named as Infinity, not as "null"', async () => {
		tei.script = (request) =>
			request.url === '/embed'
				? {
						status: 200,
						body: `[[1e999, 0.5], [0.25, 0.5]]`,
						headers: { 'content-type': 'application/json' },
					}
				: undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: texts(2) }],
			mode: 'documents',
			embeddings: {},
			credentials: credentialFor(tei),
		});
		expect(subNodeError(result)?.message).toContain(
			'The embedding of text 1 has Infinity at position 0, not a finite number',
		);
	});

	it('a body over TEI\'s --payload-limit (one 3 MB document): the size hint, not "more texts"', async () => {
		const big = 'word '.repeat(600_000); // 3 MB
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['short', big] }],
			mode: 'documents',
			embeddings: { options: { batchSize: 1, maxRetries: 0 } },
			credentials: credentialFor(tei),
		});
		const error = subNodeError(result);
		expect(error?.message).toContain(
			'Failed to buffer the request body: length limit exceeded [document 2 of 2]',
		);
		for (const text of [error?.message, error?.description]) {
			expect(text).toContain(
				'larger than TEI reads (its --payload-limit, 2 MB unless started otherwise',
			);
			expect(text).not.toContain('more texts than TEI takes at once');
		}
		expect(tei.requests.map((request) => request.status)).toEqual([200, 200, 413]);
	});

	it.each([
		[413, 'TEI before 1.9'],
		[422, 'TEI 1.9 and later'],
	])('too many texts for TEI (%i, %s): the batch hint', async (status) => {
		tei.script = (request) =>
			request.url === '/embed'
				? {
						status,
						body: {
							error: 'batch size 2 > maximum allowed batch size 1',
							error_type: 'Validation',
						},
					}
				: undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: texts(2) }],
			mode: 'documents',
			embeddings: { options: { maxRetries: 0 } },
			credentials: credentialFor(tei),
		});
		expect(subNodeError(result)?.description).toContain(
			'The request carries more texts than TEI takes at once',
		);
	});

	it.each([
		['stalls', { status: 200, body: [[1, 2]], delayMs: 3_000 }],
		['drips its answer', { status: 200, body: [[1, 2, 3, 4, 5, 6, 7, 8]], dripMs: 100 }],
	])(
		'a server that %s: the Timeout in the title and the description, after every retry',
		async (_case, reply) => {
			tei.script = (request) => (request.url === '/embed' ? reply : undefined);
			const result = await runRetrievalWorkflow({
				items: [{ texts: ['a'] }],
				mode: 'documents',
				embeddings: { options: { timeout: 300, retryDelay: 10, maxRetries: 1 } },
				credentials: credentialFor(tei),
			});
			const error = subNodeError(result);
			for (const text of [error?.message, error?.description])
				expect(text).toMatch(
					/^No complete answer from http:\/\/127\.0\.0\.1:\d+\/embed within the Timeout option \(300 ms\) \(gave up after 2 attempts/,
				);
			expect(error?.message).not.toMatch(/ECONNABORTED|perhaps the server is offline/i);
		},
	);
});

describe('rerank answers that leave documents out', () => {
	const tei = startServer({ mode: 'tei', model: 'BAAI/bge-reranker-base', modelType: 'reranker' });

	it('one batch: refused, naming the documents missing', async () => {
		tei.script = (request) =>
			request.url === '/rerank'
				? { status: 200, body: rank(request.body.query, request.body.texts).slice(0, 2) }
				: undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['alpha', 'beta', 'gamma paris', 'delta'], query: 'paris' }],
			mode: 'rerank',
			reranker: { topN: 2 },
			credentials: credentialFor(tei),
		});
		expect(result.output).toEqual([]);
		const missing = rank('paris', ['alpha', 'beta', 'gamma paris', 'delta'])
			.slice(2)
			.map(({ index }) => index + 1)
			.sort();
		expect(subNodeError(result)?.message).toContain(
			`The rerank answer scores 2 of the 4 documents sent: document ${missing[0]} and ${missing[1]} are missing`,
		);
	});

	it('several batches: the missing one named by its place in the whole call', async () => {
		tei.maxClientBatchSize = 3;
		try {
			tei.script = (request) => {
				if (request.url !== '/rerank') return undefined;
				const ranked = rank(request.body.query, request.body.texts);
				// The second batch (documents 4–5) leaves its last document out.
				return request.body.texts[0] === 'doc 3'
					? { status: 200, body: ranked.filter(({ index }) => index !== 1) }
					: undefined;
			};
			const result = await runRetrievalWorkflow({
				items: [{ texts: ['doc 0', 'doc 1', 'doc 2', 'doc 3', 'doc 4'], query: 'doc' }],
				mode: 'rerank',
				reranker: {},
				credentials: credentialFor(tei),
			});
			expect(subNodeError(result)?.message).toContain(
				'The rerank answer scores 1 of the 2 documents sent: document 5 is missing [documents 4–5 of 5',
			);
		} finally {
			tei.maxClientBatchSize = 32;
		}
	});
});

describe("model IDs on the HF router's feature-extraction route (the test server as n8n's HTTP proxy)", () => {
	const router = startServer({ mode: 'router', model: 'BAAI/bge-small-en-v1.5' });
	const viaRouter = (model: string) => ({
		items: [{ texts: ['a', 'b'] }],
		mode: 'documents' as const,
		embeddings: { modelId: { __rl: true, mode: 'id', value: model } },
		credentials: credentialFor(router, { baseUrl: 'http://router.huggingface.co/hf-inference' }),
	});
	const saved = { ...process.env };
	beforeEach(() => {
		// n8n's HTTP client sends http:// requests through HTTP_PROXY: the address stays the router's.
		process.env.HTTP_PROXY = router.url;
		delete process.env.NO_PROXY;
		delete process.env.no_proxy;
	});
	afterEach(() => {
		process.env = { ...saved };
	});

	it('an ID reaches its own route, each segment encoded', async () => {
		const result = await runRetrievalWorkflow(viaRouter('BAAI/bge-small-en-v1.5'));
		expect(result.error).toBeUndefined();
		expect(router.requests.map((request) => [request.url, request.headers.host])).toEqual([
			[
				'/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction',
				'router.huggingface.co',
			],
		]);
		router.reset();
		await runRetrievalWorkflow(viaRouter('org/a model?x#y'));
		expect(router.requests.map((request) => request.url)).toEqual([
			'/hf-inference/models/org/a%20model%3Fx%23y/pipeline/feature-extraction',
		]);
	});

	it.each(['../../../v1/chat/completions', 'org/../../x', './model', 'org//model', '/model'])(
		'%s is refused before anything is sent, naming the field',
		async (model) => {
			const result = await runRetrievalWorkflow(viaRouter(model));
			expect(subNodeError(result)?.message).toMatch(/^Model: has (a "\.\.?"|an empty) part/);
			expect(router.requests).toEqual([]);
		},
	);
});
