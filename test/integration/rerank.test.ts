/**
 * The action node's Rerank operation through n8n-core's engine against the test server playing
 * TEI (a reranker model), vLLM and llama.cpp over real HTTP: each item's documents scored against
 * its query, best first, Top N, every document whole beside its score; more documents than TEI
 * takes at once sent in batches and merged; a bad item failing alone; a server answering wrong
 * never giving a silently wrong ranking; servers without reranking refused before sending.
 */
import { rank, tokensOf } from '../../testing/server/retrieval';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { detected, posts, runChat, startServer } from '../helpers/tgi';

const QUERY = 'capital of France';
const DOCUMENTS = [
	'Bananas are rich in potassium',
	'Paris is the capital of France',
	'Berlin is the capital of Germany',
	'The Eiffel Tower is in Paris, France',
];

const rerankParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'ranking',
	operation: 'rerank',
	query: '={{ $json.query }}',
	documents: '={{ $json.documents }}',
	...extra,
});

/** The test server's ranking, as the node should put it in the item. */
const expected = (query: string, documents: unknown[], texts: string[], topN = texts.length) =>
	rank(query, texts)
		.slice(0, topN)
		.map(({ index, score }) => ({ index, score, document: documents[index] }));

beforeEach(() => forgetDetectedServers());

describe('Rerank against TEI serving a reranker', () => {
	const server = startServer({
		mode: 'tei',
		model: 'BAAI/bge-reranker-base',
		modelType: 'reranker',
	});
	afterEach(() => {
		server.maxClientBatchSize = 32;
	});

	it("ranks each item's documents best first, Top N kept, beside the item's fields", async () => {
		const items = [
			{ id: 1, query: QUERY, documents: DOCUMENTS },
			{ id: 2, query: 'potassium in fruit', documents: DOCUMENTS.slice(0, 2) },
		];
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: rerankParameters({ options: { topN: 2 } }),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const { query, documents } = items[index];
			expect(item.json).toEqual({
				...items[index],
				reranked: expected(query, documents, documents, 2),
			});
		});
		expect(output[0].json.reranked[0].document).toBe('Paris is the capital of France');
		expect(posts(server, '/rerank')[0].body).toMatchObject({
			query: QUERY,
			texts: DOCUMENTS,
			truncate: false,
			raw_scores: false,
		});
	});

	it("sends more documents than TEI's max_client_batch_size in batches, merged into one ranking", async () => {
		server.maxClientBatchSize = 3;
		const documents = Array.from({ length: 10 }, (_, index) =>
			index === 7 ? 'Paris is the capital of France' : `Document ${index} about topic ${index % 3}`,
		);
		const { output, error } = await runChat({
			items: [{ query: QUERY, documents }],
			credentials: detected(server),
			parameters: rerankParameters(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.reranked).toEqual(expected(QUERY, documents, documents));
		expect(output[0].json.reranked[0].index).toBe(7);
		expect(posts(server, '/rerank').map((request) => request.body.texts.length)).toEqual([
			3, 3, 3, 1,
		]);
	});

	it('documents as objects: the text under Document Text Field, each object back whole', async () => {
		const documents = DOCUMENTS.map((text, id) => ({
			id,
			pageContent: text,
			metadata: { source: `doc-${id}` },
		}));
		const { output, error } = await runChat({
			items: [{ query: QUERY, documents }],
			credentials: detected(server),
			parameters: rerankParameters({
				options: { textField: 'pageContent', outputField: 'ranked' },
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.ranked).toEqual(expected(QUERY, documents, DOCUMENTS));
	});

	it('a bad item fails alone, naming the item and Documents; nothing is sent for it (Continue On Fail)', async () => {
		const items = [
			{ query: QUERY, documents: DOCUMENTS },
			{ query: QUERY, documents: 'not a list' },
			{ query: QUERY, documents: [{ id: 1, body: 'no text field' }] },
			{ query: QUERY, documents: ['fine', '  '] },
			{ query: '', documents: DOCUMENTS },
			{ query: QUERY, documents: DOCUMENTS.slice(1) },
		];
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: rerankParameters({ options: { textField: 'text' } }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error ?? 'ok')).toEqual([
			'ok',
			'Documents: must be a list of texts, or of objects with a text field (got text) [item 1]',
			'Documents: entry 1 of 1 has no "text" (Document Text Field) [item 2]',
			'Documents: entry 2 of 2 is empty: rerank servers refuse empty texts [item 3]',
			'Query: is empty: rerank servers refuse empty texts [item 4]',
			'ok',
		]);
		expect(posts(server, '/rerank')).toHaveLength(2);
	});

	it('an answer that leaves a document out fails that item, never a shorter ranking', async () => {
		server.script = (request) =>
			request.url === '/rerank' ? { status: 200, body: [{ index: 1, score: 0.9 }] } : undefined;
		try {
			const { output } = await runChat({
				items: [{ query: QUERY, documents: DOCUMENTS.slice(0, 3) }],
				credentials: detected(server),
				parameters: rerankParameters(),
				continueOnFail: true,
			});
			expect(output[0].json.reranked).toBeUndefined();
			expect(output[0].json.error).toMatch(
				/^The rerank answer scores 1 of the 3 documents sent: document 1 and 3 are missing/,
			);
		} finally {
			server.script = undefined;
		}
	});
});

describe('Rerank against vLLM and llama.cpp (/rerank)', () => {
	const vllm = startServer({ mode: 'vllm', prefixes: ['/v1'], model: 'BAAI/bge-reranker-v2-m3' });
	const llamaCpp = startServer({ mode: 'llamacpp', prefixes: ['/v1'], model: 'bge-reranker' });

	it.each([
		['vLLM', vllm, '/v1/rerank'],
		['llama.cpp', llamaCpp, '/v1/rerank'],
	] as const)(
		'%s: the model sent, relevance scores read, best first',
		async (_name, server, path) => {
			const { output, error, run } = await runChat({
				items: [{ query: QUERY, documents: DOCUMENTS }],
				credentials: detected(server),
				parameters: rerankParameters({
					modelId: { __rl: true, mode: 'id', value: 'BAAI/bge-reranker-v2-m3' },
				}),
			});
			expect(error).toBeUndefined();
			expect(output[0].json.reranked).toEqual(expected(QUERY, DOCUMENTS, DOCUMENTS));
			// The tokens the server reports it read (usage.total_tokens) count as the run's input tokens.
			const usage = run.data.resultData.runData['Hugging Face TGI'][0].metadata?.tokenUsage;
			expect(usage).toMatchObject({
				inputTokens: tokensOf(`${QUERY} ${DOCUMENTS.join(' ')}`).length,
				outputTokens: 0,
			});
			expect(posts(server, path)[0].body).toEqual({
				model: 'BAAI/bge-reranker-v2-m3',
				query: QUERY,
				documents: DOCUMENTS,
			});
		},
	);
});

describe('Rerank where the server does not rerank', () => {
	const embedder = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });
	const tgi = startServer({ mode: 'tgi', prefixes: ['/v1'] });

	it("is refused before sending on a TEI serving an embedding model, naming the model and what's needed", async () => {
		const { error } = await runChat({
			items: [{ query: QUERY, documents: DOCUMENTS }],
			credentials: detected(embedder),
			parameters: rerankParameters(),
		});
		expect(error?.message).toBe(
			'This credential\'s TEI serves an embedding model (BAAI/bge-small-en-v1.5), which does not rerank (TEI answers /rerank with 424 "model is not a re-ranker model") [item 0]',
		);
		expect(error?.description).toMatch(/reranker model \(such as BAAI\/bge-reranker-base\)/);
		expect(posts(embedder, '/rerank')).toEqual([]);
	});

	it('is refused before sending on TGI', async () => {
		const { error } = await runChat({
			items: [{ query: QUERY, documents: DOCUMENTS }],
			credentials: detected(tgi),
			parameters: rerankParameters(),
		});
		expect(error?.message).toMatch(
			/^This credential's server is TGI \(detected\), which serves text generation, not reranking/,
		);
		expect(tgi.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});
});
