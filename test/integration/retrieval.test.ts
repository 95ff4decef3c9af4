/**
 * The Embeddings and Reranker sub-nodes through n8n-core's engine, as a vector store uses them
 * (testing/harness/runRetrieval.ts), against the test server speaking TEI, vLLM and llama.cpp over
 * real HTTP: batches the server takes, order kept, answers checked, errors that name the documents
 * and the fix, n8n's execution log, the key nowhere.
 */
import { forgetDetectedServers, searchModels } from '../../testing/harness/runWorkflow';
import { runRetrievalWorkflow } from '../../testing/harness/runRetrieval';
import { embed, PROMPTS, rank } from '../../testing/server/retrieval';
import { API_KEY, startServer, type TestServer } from '../helpers/tgi';

const credentialFor = (server: TestServer, extra: Record<string, unknown> = {}) => ({
	apiKey: API_KEY,
	baseUrl: server.url,
	apiVersion: 'v1',
	serverType: 'auto',
	...extra,
});

const sentences = (count: number) =>
	Array.from({ length: count }, (_, i) => `Document number ${i} talks about topic ${i % 7}`);

const posts = (server: TestServer, path: string) =>
	server.requests.filter((request) => request.method === 'POST' && request.url === path);

beforeEach(() => forgetDetectedServers());

describe('Embeddings Hugging Face TEI against TEI', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it("embeds documents in batches of TEI's max_client_batch_size (from /info), in order, logged by n8n", async () => {
		const texts = sentences(70);
		const result = await runRetrievalWorkflow({
			items: [{ texts }],
			mode: 'documents',
			embeddings: { options: { batchSize: 100 } },
			credentials: credentialFor(server),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.vectors).toEqual(texts.map((text) => embed(text)));
		const batches = posts(server, '/embed').map((request) => request.body.inputs.length);
		expect(batches.sort((a, b) => b - a)).toEqual([32, 32, 6]);
		// Truncate Long Texts off is said, not left to the server's default (TEI 1.9 cuts by default).
		expect(posts(server, '/embed')[0].body).toEqual({ inputs: expect.any(Array), truncate: false });
		// n8n's logWrapper recognised the sub-node: its input and output are in the execution log.
		const logged = result.embeddingRuns[0];
		expect(logged.inputOverride.ai_embedding[0][0].json).toEqual({ documents: texts });
		expect(logged.data.ai_embedding[0][0].json.response).toHaveLength(70);
	});

	it("the model picker lists the model TEI's /info names (TEI has no /models)", async () => {
		const { results } = await searchModels(credentialFor(server));
		expect(results).toEqual([{ name: 'BAAI/bge-small-en-v1.5', value: 'BAAI/bge-small-en-v1.5' }]);
		expect(server.requests.map((request) => request.url)).toEqual(['/info', '/info']);
		expect((await searchModels(credentialFor(server), 'nomic')).results).toEqual([]);
	});

	it('with Server Type TEI set in the credential, still learns the batch limit from /info (no 413)', async () => {
		server.maxClientBatchSize = 8;
		try {
			const result = await runRetrievalWorkflow({
				items: [{ texts: sentences(20) }],
				mode: 'documents',
				embeddings: {},
				credentials: credentialFor(server, { serverType: 'tei' }),
			});
			expect(result.error).toBeUndefined();
			expect(posts(server, '/embed').map((r) => r.body.inputs.length)).toEqual(
				expect.arrayContaining([8, 8, 4]),
			);
			expect(server.requests.every((request) => request.status !== 413)).toBe(true);
		} finally {
			server.maxClientBatchSize = 32;
		}
	});

	it('sends Normalize, Truncate with its direction, Dimensions and the prompt name per kind of text', async () => {
		const options = {
			normalize: false,
			truncate: true,
			truncationDirection: 'left',
			dimensions: 16,
			documentPromptName: 'passage',
			queryPromptName: 'query',
		};
		const documents = await runRetrievalWorkflow({
			items: [{ texts: ['alpha beta'] }],
			mode: 'documents',
			embeddings: { options },
			credentials: credentialFor(server),
		});
		expect(posts(server, '/embed')[0].body).toEqual({
			inputs: ['alpha beta'],
			normalize: false,
			truncate: true,
			truncation_direction: 'Left',
			prompt_name: 'passage',
			dimensions: 16,
		});
		expect(documents.output[0].json.vectors).toEqual([
			embed(`${PROMPTS.passage}alpha beta`, { normalize: false, dimensions: 16 }),
		]);
		server.reset();
		const query = await runRetrievalWorkflow({
			items: [{ query: 'alpha' }],
			mode: 'query',
			embeddings: { options },
			credentials: credentialFor(server),
		});
		expect(posts(server, '/embed')[0].body.prompt_name).toBe('query');
		expect(query.output[0].json.vector).toEqual(
			embed(`${PROMPTS.query}alpha`, { normalize: false, dimensions: 16 }),
		);
	});

	it('keeps the order when later batches answer first, and retries a 429 "Model is overloaded"', async () => {
		let calls = 0;
		server.script = (request) => {
			if (request.url !== '/embed') return undefined;
			calls++;
			if (calls === 2)
				return { status: 429, body: { error: 'Model is overloaded', error_type: 'Overloaded' } };
			// The first batch answers last.
			const inputs = request.body.inputs as string[];
			return inputs[0] === 'Document number 0 talks about topic 0'
				? { status: 200, body: inputs.map((text) => embed(text)), delayMs: 150 }
				: undefined;
		};
		const texts = sentences(64);
		const result = await runRetrievalWorkflow({
			items: [{ texts }],
			mode: 'documents',
			embeddings: { options: { batchSize: 8, retryDelay: 10 } },
			credentials: credentialFor(server),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.vectors).toEqual(texts.map((text) => embed(text)));
		expect(posts(server, '/embed').filter((request) => request.status === 429)).toHaveLength(1);
		expect(server.maxInFlight).toBeGreaterThan(1);
	});

	it("stays within the credential's Max Concurrent Requests, and retries a 503 and a reset connection", async () => {
		let calls = 0;
		server.script = (request) => {
			if (request.url !== '/embed') return undefined;
			calls++;
			if (calls === 3)
				return { status: 503, body: { error: 'Unhealthy', error_type: 'Unhealthy' } };
			if (calls === 5) return { status: 0, destroy: true };
			const vectors = (request.body.inputs as string[]).map((text) => embed(text));
			return { status: 200, body: vectors, delayMs: 20 };
		};
		const texts = sentences(96);
		const result = await runRetrievalWorkflow({
			items: [{ texts }],
			mode: 'documents',
			embeddings: { options: { batchSize: 8, retryDelay: 10 } },
			credentials: credentialFor(server, { maxConcurrentRequests: 2 }),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.vectors).toEqual(texts.map((text) => embed(text)));
		expect(server.maxInFlight).toBe(2);
		expect(posts(server, '/embed')).toHaveLength(12 + 2);
	});

	it("a text over the input limit: the server's words, which documents, and the fix", async () => {
		const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['short one', long, 'another short one'] }],
			mode: 'documents',
			embeddings: {},
			credentials: credentialFor(server),
		});
		expect(result.error?.message).toContain('must have less than 512 tokens. Given: 600');
		expect(result.error?.message).toContain(
			`documents 1–3 of 3 (the longest: document 2, ${long.length.toLocaleString('en-US')} characters)`,
		);
		expect(result.error?.description).toContain(
			"Turn on Truncate Long Texts (in the Embeddings or Reranker options), or make the text splitter's chunks smaller",
		);
		// The sub-node's own run shows the error too, as n8n's embeddings nodes do.
		expect(result.embeddingRuns[0].error).toBeDefined();
		server.reset();
		const truncated = await runRetrievalWorkflow({
			items: [{ texts: [long] }],
			mode: 'documents',
			embeddings: { options: { truncate: true } },
			credentials: credentialFor(server),
		});
		expect(truncated.error).toBeUndefined();
	});

	it('an answer with fewer vectors than texts is an error saying how many, never a short list', async () => {
		server.script = (request) =>
			request.url === '/embed' ? { status: 200, body: [embed('a'), embed('b')] } : undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a', 'b', 'c'] }],
			mode: 'documents',
			embeddings: {},
			credentials: credentialFor(server),
		});
		expect(result.error?.message).toContain('The server answered 2 embeddings for 3 texts');
		expect(result.error?.message).toContain('[documents 1–3 of 3');
	});

	it('an empty document is refused before sending, naming it', async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a', 'b', '   '] }],
			mode: 'documents',
			embeddings: {},
			credentials: credentialFor(server),
		});
		expect(result.error?.message).toBe('Document 3 of 3 is empty: no request was sent');
		expect(posts(server, '/embed')).toHaveLength(0);
	});

	it('Dimensions that are not a whole number are refused, naming the field', async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a'] }],
			mode: 'documents',
			embeddings: { options: { dimensions: 1.5 } },
			credentials: credentialFor(server),
		});
		expect(result.error?.message).toBe('Error in sub-node Embeddings');
		expect(result.embeddingRuns[0].error.message).toMatch(
			/^Dimensions: must be a whole number from 1 to 1000000 \(got 1.5\) \[item 0\]$/,
		);
		expect(result.embeddingRuns[0].error.description).toBe(
			'No request was sent. Fix "Dimensions" in the Embeddings and run again.',
		);
		expect(posts(server, '/embed')).toHaveLength(0);
	});

	it('the key appears in no output, log entry or error', async () => {
		server.script = (request) =>
			request.url === '/embed'
				? { status: 500, body: { error: `bad key ${API_KEY}`, error_type: 'Backend' } }
				: undefined;
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a'] }],
			mode: 'documents',
			embeddings: { options: { maxRetries: 0 } },
			credentials: credentialFor(server),
		});
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.run)).not.toContain(API_KEY);
	});
});

describe('Reranker Hugging Face TEI against TEI', () => {
	const server = startServer({
		mode: 'tei',
		model: 'BAAI/bge-reranker-base',
		modelType: 'reranker',
	});

	it('splits more documents than TEI takes across requests, merges them, keeps Top N best first', async () => {
		const texts = sentences(40).map((text, i) =>
			i === 37 ? 'the capital of France is Paris' : text,
		);
		const query = 'What is the capital of France?';
		const result = await runRetrievalWorkflow({
			items: [{ texts, query }],
			mode: 'rerank',
			reranker: { topN: 3 },
			credentials: credentialFor(server),
		});
		expect(result.error).toBeUndefined();
		const expected = rank(query, texts).slice(0, 3);
		expect(result.output[0].json.ranked).toEqual(
			expected.map(({ index, score }) => ({
				text: texts[index],
				metadata: { id: index, relevanceScore: score },
			})),
		);
		expect(result.output[0].json.ranked[0].metadata.id).toBe(37);
		expect(
			posts(server, '/rerank')
				.map((r) => r.body.texts.length)
				.sort(),
		).toEqual([32, 8]);
		expect(posts(server, '/rerank')[0].body).toMatchObject({
			query,
			raw_scores: false,
			return_text: false,
		});
		const logged = result.rerankerRuns[0];
		expect(logged.inputOverride.ai_reranker[0][0].json.query).toBe(query);
	});

	it("equal scores come out in the documents' order", async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['same words', 'other', 'same words', 'same words'], query: 'same words' }],
			mode: 'rerank',
			reranker: { topN: 10 },
			credentials: credentialFor(server),
		});
		expect(
			result.output[0].json.ranked.map((d: { metadata: { id: number } }) => d.metadata.id),
		).toEqual([0, 2, 3, 1]);
	});
});

describe('retrieval as a vector store does it: embed, search, rerank', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });
	// TEI serves one model: the reranker is another server.
	const reranker = startServer({
		mode: 'tei',
		model: 'BAAI/bge-reranker-base',
		modelType: 'reranker',
	});

	it("LangChain's MemoryVectorStore finds the right document first, and the reranker reorders", async () => {
		const texts = [
			'Bananas are rich in potassium',
			'Paris is the capital of France',
			'Berlin is the capital of Germany',
			'The Eiffel Tower is in Paris',
		];
		const result = await runRetrievalWorkflow({
			items: [{ texts, query: 'capital of France' }],
			mode: 'search',
			k: 3,
			embeddings: {},
			reranker: { topN: 2 },
			credentials: credentialFor(server),
			rerankerCredentials: credentialFor(reranker),
		});
		expect(result.error).toBeUndefined();
		expect(posts(reranker, '/rerank')).toHaveLength(1);
		const found = result.output[0].json.found;
		expect(found).toHaveLength(2);
		expect(found[0].text).toBe('Paris is the capital of France');
		expect(typeof found[0].metadata.relevanceScore).toBe('number');
		expect(result.embeddingRuns).toHaveLength(2); // the documents, then the query
	});
});

describe('against vLLM and llama.cpp (OpenAI-compatible routes)', () => {
	const server = startServer({ mode: 'vllm', model: 'BAAI/bge-m3' });

	it('POSTs {API Version}/embeddings with the model and float encoding, and maps answers back by index', async () => {
		server.script = (request) => {
			if (request.url !== '/v1/embeddings') return undefined;
			const input = request.body.input as string[];
			const data = input.map((text, index) => ({
				object: 'embedding',
				index,
				embedding: embed(text),
			}));
			return { status: 200, body: { object: 'list', data: data.reverse(), model: 'BAAI/bge-m3' } };
		};
		const texts = sentences(5);
		const result = await runRetrievalWorkflow({
			items: [{ texts }],
			mode: 'documents',
			embeddings: {
				modelId: { __rl: true, mode: 'id', value: 'BAAI/bge-m3' },
				options: { dimensions: 64 },
			},
			credentials: credentialFor(server, { serverType: 'openai' }),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.vectors).toEqual(texts.map((text) => embed(text)));
		expect(posts(server, '/v1/embeddings')[0].body).toEqual({
			model: 'BAAI/bge-m3',
			input: texts,
			encoding_format: 'float',
			dimensions: 64,
		});
	});

	it("refuses TEI's options the server does not take, naming the option, before sending", async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a'] }],
			mode: 'documents',
			embeddings: { options: { normalize: true } },
			credentials: credentialFor(server, { serverType: 'openai' }),
		});
		expect(result.embeddingRuns[0].error.message).toContain(
			"Normalize: is not taken by this credential's server, OpenAI-compatible (set in the credential)",
		);
		expect(server.requests).toHaveLength(0);
	});

	it('reranks through /v1/rerank: {model, query, documents}', async () => {
		const texts = ['Berlin is in Germany', 'Paris is in France'];
		const result = await runRetrievalWorkflow({
			items: [{ texts, query: 'Paris France' }],
			mode: 'rerank',
			reranker: { modelId: { __rl: true, mode: 'id', value: 'BAAI/bge-reranker-v2-m3' }, topN: 1 },
			credentials: credentialFor(server, { serverType: 'openai' }),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.ranked.map((d: { text: string }) => d.text)).toEqual([
			'Paris is in France',
		]);
		expect(posts(server, '/v1/rerank')[0].body).toEqual({
			model: 'BAAI/bge-reranker-v2-m3',
			query: 'Paris France',
			documents: texts,
		});
	});
});

describe('against a server that does not embed', () => {
	const server = startServer({ mode: 'tgi' });

	it('TGI: refused before sending, saying what the server is and what to point at', async () => {
		const result = await runRetrievalWorkflow({
			items: [{ texts: ['a'] }],
			mode: 'documents',
			embeddings: {},
			credentials: credentialFor(server, { serverType: 'tgi' }),
		});
		expect(result.embeddingRuns[0].error.message).toBe(
			"This credential's server is TGI (set in the credential), which serves text generation, not embeddings or reranking [item 0]",
		);
		expect(result.embeddingRuns[0].error.description).toContain('TEI, vLLM, SGLang or llama.cpp');
		expect(server.requests).toHaveLength(0);
	});
});

describe.each(['1.8', '1.9'] as const)(
	'TEI %s: Truncate Long Texts is what the user chose, whatever the server defaults to',
	(teiVersion) => {
		const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5', teiVersion });
		const reranker = startServer({
			mode: 'tei',
			model: 'BAAI/bge-reranker-base',
			modelType: 'reranker',
			teiVersion,
		});
		const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
		const autoTruncates = teiVersion === '1.9';

		it('off: an over-long text fails readably (never embedded cut short), with what this server does by default', async () => {
			const result = await runRetrievalWorkflow({
				items: [{ texts: ['short', long] }],
				mode: 'documents',
				embeddings: { options: { maxRetries: 0 } },
				credentials: credentialFor(server),
			});
			expect(result.output).toEqual([]);
			const error = result.embeddingRuns[0].error;
			expect(error.message).toContain('must have less than 512 tokens. Given: 600');
			expect(error.description).toContain('Turn on Truncate Long Texts');
			expect(error.description).toContain(
				autoTruncates
					? 'This TEI truncates such texts by default (--auto-truncate, on since TEI 1.9): the node tells it not to'
					: 'This TEI does not truncate by default (--auto-truncate off)',
			);
			expect(posts(server, '/embed')[0].body.truncate).toBe(false);
		});

		it('on: the text is cut by TEI and embedded', async () => {
			const result = await runRetrievalWorkflow({
				items: [{ texts: ['short', long] }],
				mode: 'documents',
				embeddings: { options: { truncate: true } },
				credentials: credentialFor(server),
			});
			expect(result.error).toBeUndefined();
			expect(result.output[0].json.vectors).toHaveLength(2);
			expect(posts(server, '/embed')[0].body.truncate).toBe(true);
		});

		it('the reranker too: off refuses an over-long document, on scores it', async () => {
			const run = (options: Record<string, unknown>) =>
				runRetrievalWorkflow({
					items: [{ texts: ['short', long], query: 'w1' }],
					mode: 'rerank',
					reranker: { options },
					credentials: credentialFor(reranker),
				});
			const off = await run({ maxRetries: 0 });
			expect(off.rerankerRuns[0].error.message).toContain('must have less than 512 tokens');
			reranker.reset();
			const on = await run({ truncate: true });
			expect(on.error).toBeUndefined();
			expect(on.output[0].json.ranked).toHaveLength(2);
		});
	},
);
