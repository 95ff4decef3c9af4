/**
 * Retrieval in real n8n, as a user builds it from examples/retrieval/: the Embeddings and Reranker
 * sub-nodes with n8n's own Simple Vector Store (insert through the Default Data Loader, Get Many
 * with Rerank Results), Vector Store Retriever + Question and Answer Chain, and the store as an AI
 * Agent tool with this package's Chat Model — against the test server as a TEI embedder, a TEI
 * reranker and a TGI, through `n8n execute`. On n8n 1.x the package loads and the sub-nodes say
 * what they need.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { leaked } from '../helpers/leaks';
import { API_KEY, type TestServer } from '../helpers/tgi';
import {
	postgresCredential,
	startPgvector,
	type PgvectorServer,
} from '../../testing/postgres/pgvector';
import { embed, rank } from '../../testing/server/retrieval';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { nodeOutput, workflowFiles } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);
const RETRIEVAL_DIR = path.resolve(__dirname, '..', '..', 'examples', 'retrieval');
const examples = workflowFiles(RETRIEVAL_DIR);

/** A sub-node's entry in n8n's execution log: what it was asked, what it answered. */
interface LogEntry {
	inputOverride: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
	data: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
}

/** What the examples' Documents node emits. */
const DOCUMENTS = [
	'Paris is the capital of France.',
	'Berlin is the capital of Germany.',
	'Bananas are rich in potassium.',
	'The Eiffel Tower stands in Paris, France.',
	'Madrid is the capital of Spain.',
	'Rome is the capital of Italy.',
];

const posts = (server: TestServer, route: string) =>
	server.requests.filter((request) => request.method === 'POST' && request.url === route);

/** The three credentials the retrieval examples use. */
function credentials(embedder: TestServer, reranker: TestServer, tgi: TestServer) {
	const data = (server: TestServer, serverType: string) => ({
		apiKey: API_KEY,
		baseUrl: server.url,
		apiVersion: 'v1',
		serverType,
	});
	return [
		{
			id: 'hfTeiEmbedder001',
			name: 'TEI embeddings',
			type: 'huggingFaceTgiApi',
			data: data(embedder, 'auto'),
		},
		{
			id: 'hfTeiReranker001',
			name: 'TEI reranker',
			type: 'huggingFaceTgiApi',
			data: data(reranker, 'tei'),
		},
		{
			id: 'hfTgiSelfHost001',
			name: 'Self-hosted TGI',
			type: 'huggingFaceTgiApi',
			data: data(tgi, 'tgi'),
		},
	];
}

describe.each(versions)('n8n %s', (version) => {
	const embedder = new TgiTestServer({
		apiKey: API_KEY,
		mode: 'tei',
		model: 'BAAI/bge-small-en-v1.5',
	});
	const reranker = new TgiTestServer({
		apiKey: API_KEY,
		mode: 'tei',
		model: 'BAAI/bge-reranker-base',
		modelType: 'reranker',
	});
	const tgi = new TgiTestServer({ apiKey: API_KEY, model: 'meta-llama/Llama-3.1-8B-Instruct' });
	let home: N8nHome;

	beforeAll(async () => {
		for (const server of [embedder, reranker, tgi]) await server.start();
		home = new N8nHome(version);
		home.installPackage(process.env.E2E_TARBALL as string);
		await home.importCredentials(credentials(embedder, reranker, tgi));
		for (const workflow of examples) await home.importWorkflow(workflow.file);
	});
	afterAll(async () => {
		for (const server of [embedder, reranker, tgi]) await server.stop();
		home?.remove();
	});

	if (version.startsWith('2.'))
		describe('examples/retrieval/rag-simple-vector-store.json', () => {
			/** The `n8n execute --rawOutput` run. */
			let run: Awaited<ReturnType<N8nHome['execute']>>;
			beforeAll(async () => {
				run = await home.execute('hfTeiRagSimple01');
			});

			test('inserts every document through the Default Data Loader, in batches TEI takes', () => {
				expect(run.finished).toBe(true);
				expect(nodeOutput(run, 'Insert Documents')).toHaveLength(6);
				const batches = posts(embedder, '/embed');
				// The six documents in one batch, then one query per search (Get Many, the chain's
				// retriever, the agent's tool), each with the query prompt.
				expect(batches[0].body).toEqual({
					inputs: expect.arrayContaining(['Paris is the capital of France.']),
					truncate: false, // said, not left to TEI 1.9's default (--auto-truncate on)
				});
				expect(batches[0].body.inputs).toHaveLength(6);
				const queries = batches.slice(1);
				expect(queries.length).toBeGreaterThanOrEqual(3);
				for (const query of queries) expect(query.body).toMatchObject({ prompt_name: 'query' });
				// Detection asked /info once per server (a new n8n process per run).
				expect(embedder.requests[0].url).toBe('/info');
			});

			test('Get Many with Rerank Results: the reranker orders, Top N kept, scores shown', () => {
				const found = nodeOutput(run, 'Get Many (Reranked)');
				expect(found).toHaveLength(2);
				expect((found[0].json.document as { pageContent: string }).pageContent).toBe(
					'Paris is the capital of France.',
				);
				expect(typeof found[0].json.score).toBe('number');
				expect(found[0].json.score as number).toBeGreaterThanOrEqual(found[1].json.score as number);
				const rerank = posts(reranker, '/rerank');
				expect(rerank.length).toBeGreaterThanOrEqual(1);
				expect(rerank[0].body).toMatchObject({
					query: 'What is the capital of France?',
					raw_scores: false,
					return_text: false,
				});
			});

			test('the Question and Answer Chain gets the retrieved documents as context', () => {
				const answer = nodeOutput(run, 'Question and Answer Chain')[0].json;
				expect(answer.response).toBeDefined();
				const chat = posts(tgi, '/v1/chat/completions').map((request) =>
					JSON.stringify(request.body),
				);
				expect(chat.some((body) => body.includes('Paris is the capital of France.'))).toBe(true);
			});

			test('the AI Agent calls the vector store tool (reranked) and answers from it', () => {
				const output = String(nodeOutput(run, 'AI Agent')[0].json.output);
				expect(output).toMatch(/^The tool \(call .+\) said: /);
				expect(output).toContain('Paris is the capital of France.');
			});

			test("n8n's execution log shows the sub-nodes' inputs and outputs", () => {
				const runData: Record<string, LogEntry[]> = run.data.resultData.runData;
				const embeddings = runData['Embeddings Hugging Face TEI'];
				expect(embeddings.length).toBeGreaterThanOrEqual(4);
				const inserted = embeddings.find(
					(entry) => entry.inputOverride?.ai_embedding?.[0]?.[0]?.json?.documents,
				) as LogEntry;
				expect(inserted.inputOverride.ai_embedding[0][0].json.documents).toHaveLength(6);
				expect(inserted.data.ai_embedding[0][0].json.response).toHaveLength(6);
				const reranked = runData['Reranker Hugging Face TEI'];
				expect(reranked[0].inputOverride.ai_reranker[0][0].json.query).toBe(
					'What is the capital of France?',
				);
				expect(reranked[0].data.ai_reranker[0][0].json.response).toHaveLength(2);
			});
		});
	if (version.startsWith('2.'))
		describe('examples/retrieval/rag-pgvector.json, on Postgres with pgvector', () => {
			let postgres: PgvectorServer;
			let run: Awaited<ReturnType<N8nHome['execute']>>;
			beforeAll(async () => {
				postgres = await startPgvector();
				await home.importCredentials([
					postgresCredential(postgres, 'hfTeiPostgres001', 'Postgres with pgvector'),
				]);
				embedder.reset();
				reranker.reset();
				run = await home.execute('hfTeiRagPgVect01');
			});
			afterAll(async () => await postgres?.stop());

			test('inserts one row per document, with the vectors TEI answered', async () => {
				expect(run.finished).toBe(true);
				const rows = await postgres.query<{ text: string; vector: string }>(
					'SELECT text, embedding::text AS vector FROM hf_tei_documents ORDER BY text',
				);
				expect(rows.map((row) => row.text).sort()).toEqual([...DOCUMENTS].sort());
				for (const row of rows) {
					const stored = JSON.parse(row.vector) as number[];
					const answered = embed(row.text);
					expect(stored).toHaveLength(answered.length);
					stored.forEach((value, i) => expect(value).toBeCloseTo(answered[i], 6));
				}
			});

			test('searches by cosine distance, reranks, keeps Top N', () => {
				const found = nodeOutput(run, 'Search PGVector (Reranked)');
				expect(found).toHaveLength(2);
				expect((found[0].json.document as { pageContent: string }).pageContent).toBe(
					'Paris is the capital of France.',
				);
				expect(posts(reranker, '/rerank')).toHaveLength(1);
				expect(posts(embedder, '/embed').at(-1)?.body).toMatchObject({ prompt_name: 'query' });
			});
		});
	else
		describe('on n8n 1.x, which has no @n8n/ai-utilities', () => {
			test('the package loads and the Embeddings sub-node says what it needs', async () => {
				embedder.reset();
				const printed = await home.cli(['execute', '--id=hfTeiRagSimple01', '--rawOutput'], {
					allowFailure: true,
				});
				expect(printed).toContain(
					'Embeddings Hugging Face TEI needs n8n 2.x: this n8n has no @n8n/ai-utilities',
				);
				expect(posts(embedder, '/embed')).toHaveLength(0);
			});
		});

	describe('examples/retrieval/embed-rows-pgvector.json: Embed, then n8n’s Postgres node (n8n 1.x and 2.x)', () => {
		let postgres: PgvectorServer;
		let run: Awaited<ReturnType<N8nHome['execute']>>;
		const ROWS = [
			'Paris is the capital of France.',
			'Berlin is the capital of Germany.',
			'Bananas are rich in potassium.',
			'The Eiffel Tower stands in Paris.',
			'Madrid is the capital of Spain.',
		];
		beforeAll(async () => {
			postgres = await startPgvector();
			await home.importCredentials([
				postgresCredential(postgres, 'hfTeiPostgres001', 'Postgres with pgvector'),
			]);
			embedder.reset();
			run = await home.execute('hfTeiEmbedRows01');
		});
		afterAll(async () => await postgres?.stop());

		test('embeds every row in one batch, each vector in its own item', () => {
			expect(run.finished).toBe(true);
			expect(posts(embedder, '/embed').map((request) => request.body.inputs)).toEqual([ROWS]);
			const embedded = nodeOutput(run, 'Embed Rows');
			expect(embedded.map((item) => item.json.text)).toEqual(ROWS);
			embedded.forEach((item) => {
				expect(item.json.embedding).toEqual(embed(item.json.text as string));
				expect(item.json).toMatchObject({ embeddingModel: 'BAAI/bge-small-en-v1.5' });
			});
		});

		test('the Postgres node stores each row with the vector TEI answered', async () => {
			expect(nodeOutput(run, 'Insert Rows').map((item) => item.json.dimensions)).toEqual(
				ROWS.map((text) => embed(text).length),
			);
			const stored = await postgres.query<{ id: number; text: string; vector: string }>(
				'SELECT id, text, embedding::text AS vector FROM hf_tei_rows ORDER BY id',
			);
			expect(stored.map((row) => row.text)).toEqual(ROWS);
			for (const row of stored) {
				const answered = embed(row.text);
				(JSON.parse(row.vector) as number[]).forEach((value, i) =>
					expect(value).toBeCloseTo(answered[i], 6),
				);
			}
		});
	});

	describe('examples/retrieval/rerank-documents.json: Rerank in the action node (n8n 1.x and 2.x)', () => {
		let run: Awaited<ReturnType<N8nHome['execute']>>;
		beforeAll(async () => {
			reranker.reset();
			run = await home.execute('hfTeiRerankDoc1');
		});

		/** The example's candidates, and the test server's ranking of them for a question, Top N 2. */
		const CANDIDATES = [
			'Bananas are rich in potassium.',
			'Paris is the capital of France.',
			'Berlin is the capital of Germany.',
			'The Eiffel Tower stands in Paris, France.',
		];
		const topTwo = (question: string) => rank(question, CANDIDATES).slice(0, 2);

		test("ranks each question's documents best first, Top N, each document back whole", () => {
			expect(run.finished).toBe(true);
			const ranked = nodeOutput(run, 'Rerank Documents');
			expect(ranked.map((item) => item.json.question)).toEqual([
				'What is the capital of France?',
				'Which fruit has potassium?',
			]);
			for (const item of ranked) {
				const entries = item.json.reranked as Array<{
					index: number;
					score: number;
					document: { id: string; text: string };
				}>;
				const expected = topTwo(String(item.json.question));
				expect(entries.map(({ index, score }) => ({ index, score }))).toEqual(expected);
				for (const entry of entries) {
					expect(entry.document).toEqual(
						expect.objectContaining({ id: `d${entry.index + 1}`, text: CANDIDATES[entry.index] }),
					);
				}
			}
			expect((ranked[0].json.reranked as Array<{ index: number }>)[0].index).toBe(1); // Paris
			expect((ranked[1].json.reranked as Array<{ index: number }>)[0].index).toBe(0); // Bananas
			expect(posts(reranker, '/rerank').map((request) => request.body.query)).toEqual([
				'What is the capital of France?',
				'Which fruit has potassium?',
			]);
		});

		test("n8n's Split Out makes one item per ranked document, with its question", () => {
			const split = nodeOutput(run, 'One Item per Document');
			expect(split).toHaveLength(4);
			expect(split[0].json).toMatchObject({
				question: 'What is the capital of France?',
				reranked: { index: 1, document: { id: 'd2' } },
			});
		});
	});

	test('the API key appears nowhere in n8n output, logs or database', () => {
		const logs = home.logs();
		expect(logs).toContain('$ n8n execute --id=hfTeiRagSimple01');
		expect(leaked(logs, API_KEY)).toEqual([]);
		const database = path.join(home.userFolder, '.n8n', 'database.sqlite');
		expect(fs.existsSync(database)).toBe(true);
		expect(leaked(fs.readFileSync(database).toString('latin1'), API_KEY)).toEqual([]);
	});
});
