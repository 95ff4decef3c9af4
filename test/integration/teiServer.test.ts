/**
 * The test server speaks Text Embeddings Inference (and the embeddings and rerank routes of vLLM,
 * llama.cpp and the HF router) over real HTTP, as the real servers do: answers checked against
 * TEI's OpenAPI document (test/fixtures/tei), the facts of its router (test/fixtures/tei/SOURCE.md).
 */
import { openApiValidator } from '../helpers/contracts';
import { API_KEY, startServer, type TestServer } from '../helpers/tgi';

const auth = { authorization: `Bearer ${API_KEY}` };

async function call(server: TestServer, path: string, body?: unknown, headers = auth) {
	const response = await fetch(`${server.url}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

const tei = (schema: string) => openApiValidator(schema, 'tei');
const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
const DOCS = [
	'Berlin is the capital of Germany',
	'Paris is the capital of France',
	'Bananas are rich in potassium',
];

describe('the test server as TEI', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it('checks the key on /info too, answering 401 with an empty body; its Info says it embeds', async () => {
		const refused = await call(server, '/info', undefined, { authorization: 'Bearer wrong' });
		expect(refused).toMatchObject({ status: 401, text: '' });
		const { status, json } = await call(server, '/info');
		expect(status).toBe(200);
		expect(tei('Info')(json)).toEqual([]);
		expect(json).toMatchObject({
			model_id: 'BAAI/bge-small-en-v1.5',
			model_type: { embedding: { pooling: 'cls' } },
			max_client_batch_size: 32,
			max_input_length: 512,
		});
	});

	it('has no /v1/models and no chat completions', async () => {
		expect(await call(server, '/v1/models')).toMatchObject({ status: 404, text: '' });
		const chat = await call(server, '/v1/chat/completions', { messages: [] });
		expect(chat.status).toBe(404);
	});

	it('/embed: one vector per input, deterministic, unit length unless normalize is false', async () => {
		const { status, json } = await call(server, '/embed', { inputs: DOCS });
		expect(status).toBe(200);
		expect(tei('EmbedResponse')(json)).toEqual([]);
		expect(json).toHaveLength(3);
		for (const vector of json) expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
		const again = await call(server, '/embed', { inputs: DOCS[1] });
		expect(again.json).toEqual([json[1]]);
		const raw = await call(server, '/embed', { inputs: 'a a b', normalize: false });
		expect(Math.max(...raw.json[0])).toBe(2);
		const short = await call(server, '/embed', { inputs: 'x', dimensions: 16 });
		expect(short.json[0]).toHaveLength(16);
	});

	it('vectors of texts that share words are closer: the query finds its document', async () => {
		const { json } = await call(server, '/embed', {
			inputs: ['What is the capital of France?', ...DOCS],
		});
		const [query, ...docs] = json as number[][];
		const dots = docs.map((doc) => doc.reduce((sum, value, i) => sum + value * query[i], 0));
		expect(dots.indexOf(Math.max(...dots))).toBe(1);
	});

	it('a prompt name is prepended (query/passage), an unknown one is a 422', async () => {
		const plain = await call(server, '/embed', { inputs: 'Paris' });
		const query = await call(server, '/embed', { inputs: 'Paris', prompt_name: 'query' });
		expect(query.json).not.toEqual(plain.json);
		const unknown = await call(server, '/embed', { inputs: 'Paris', prompt_name: 'nope' });
		expect(unknown.status).toBe(422);
		expect(tei('ErrorResponse')(unknown.json)).toEqual([]);
	});

	it('more inputs than max_client_batch_size: 422 (TEI 1.9), 413 (TEI 1.8), in its native shape', async () => {
		const inputs = Array.from({ length: 33 }, (_, i) => `text ${i}`);
		for (const [version, expected] of [
			['1.9', 422],
			['1.8', 413],
		] as const) {
			server.teiVersion = version;
			const { status, json } = await call(server, '/embed', { inputs });
			expect({ version, status }).toEqual({ version, status: expected });
			expect(tei('ErrorResponse')(json)).toEqual([]);
			expect(json).toEqual({
				error: 'batch size 33 > maximum allowed batch size 32',
				error_type: 'Validation',
			});
		}
		server.teiVersion = '1.9';
	});

	it('a text over max_input_length: TEI 1.8 answers 422 unless truncate; TEI 1.9 cuts it unless truncate is false', async () => {
		const tooLong = 'Input validation error: `inputs` must have less than 512 tokens. Given: 600';
		server.teiVersion = '1.8';
		const info18 = await call(server, '/info');
		expect(info18.json).toMatchObject({ auto_truncate: false, version: '1.8.0' });
		const refused = await call(server, '/embed', { inputs: [words(600)] });
		expect(refused.status).toBe(422);
		expect(refused.json.error).toBe(tooLong);
		const cut = await call(server, '/embed', { inputs: [words(600)], truncate: true });
		expect(cut.status).toBe(200);
		const left = await call(server, '/embed', {
			inputs: [words(600)],
			truncate: true,
			truncation_direction: 'Left',
		});
		expect(left.json).not.toEqual(cut.json);
		server.teiVersion = '1.9';
		const info19 = await call(server, '/info');
		expect(info19.json).toMatchObject({ auto_truncate: true, version: '1.9.0' });
		// TEI 1.9: req.truncate.unwrap_or(info.auto_truncate) — silence cuts, false refuses.
		const silent = await call(server, '/embed', { inputs: [words(600)] });
		expect(silent).toMatchObject({ status: 200, json: cut.json });
		const asked = await call(server, '/embed', { inputs: [words(600)], truncate: false });
		expect(asked.status).toBe(422);
		expect(asked.json.error).toBe(tooLong);
		// The OpenAI route has no truncate: the server's default decides.
		const openAi = await call(server, '/v1/embeddings', { input: [words(600)] });
		expect(openAi.status).toBe(200);
	});

	it('an empty batch: 400 Empty', async () => {
		const { status, json } = await call(server, '/embed', { inputs: [] });
		expect(status).toBe(400);
		expect(json.error_type).toBe('Empty');
	});

	it('/rerank: [{index, score}] best first, ties by index; text and raw scores on request', async () => {
		const query = 'What is the capital of France?';
		const { status, json } = await call(server, '/rerank', { query, texts: DOCS });
		expect(status).toBe(200);
		expect(tei('RerankResponse')(json)).toEqual([]);
		expect(json.map((rank: { index: number }) => rank.index)).toEqual([1, 0, 2]);
		const ties = await call(server, '/rerank', { query: 'zzz', texts: ['a', 'b', 'c'] });
		expect(ties.json.map((rank: { index: number }) => rank.index)).toEqual([0, 1, 2]);
		const withText = await call(server, '/rerank', {
			query,
			texts: DOCS,
			return_text: true,
			raw_scores: true,
		});
		expect(withText.json[0]).toMatchObject({ index: 1, text: DOCS[1] });
		expect(withText.json[2].score).toBeLessThan(0);
	});

	it('/v1/embeddings: OpenAI’s shape with index; its errors as {message, code, error_type}', async () => {
		const { status, json } = await call(server, '/v1/embeddings', { input: DOCS, model: 'x' });
		expect(status).toBe(200);
		expect(tei('OpenAICompatResponse')(json)).toEqual([]);
		expect(json.data.map((entry: { index: number }) => entry.index)).toEqual([0, 1, 2]);
		const native = await call(server, '/embed', { inputs: DOCS });
		expect(json.data.map((entry: { embedding: number[] }) => entry.embedding)).toEqual(native.json);
		const inputs = Array.from({ length: 40 }, () => 'x');
		const tooMany = await call(server, '/v1/embeddings', { input: inputs });
		expect(tooMany.status).toBe(422);
		expect(tei('OpenAICompatErrorResponse')(tooMany.json)).toEqual([]);
	});

	it('POST / and /invocations embed, as /embed does (an embedding model)', async () => {
		const embedded = await call(server, '/embed', { inputs: DOCS });
		for (const route of ['/', '/invocations']) {
			expect(await call(server, route, { inputs: DOCS })).toMatchObject({
				status: 200,
				json: embedded.json,
			});
		}
	});

	it('checks the key on every non-public route: 401, empty', async () => {
		for (const path of ['/embed', '/rerank', '/v1/embeddings']) {
			const refused = await call(server, path, { inputs: 'x' }, { authorization: '' });
			expect(refused).toMatchObject({ status: 401, text: '' });
		}
	});
});

describe('a TEI serving a reranker', () => {
	const server = startServer({ mode: 'tei', modelType: 'reranker', maxClientBatchSize: 4 });

	it('says so in /info, with its own batch size', async () => {
		const { json } = await call(server, '/info');
		expect(tei('Info')(json)).toEqual([]);
		expect(json.model_type).toHaveProperty('reranker');
		expect(json.max_client_batch_size).toBe(4);
		const tooMany = await call(server, '/rerank', { query: 'q', texts: ['a', 'b', 'c', 'd', 'e'] });
		expect(tooMany.status).toBe(422); // TEI 1.9: validation errors are 422
	});

	it('POST / reranks, as /rerank does', async () => {
		const body = { query: 'capital', texts: ['a capital', 'bananas'] };
		const reranked = await call(server, '/rerank', body);
		expect(await call(server, '/', body)).toMatchObject({ status: 200, json: reranked.json });
	});
});

describe('embeddings and rerank on the other servers', () => {
	const vllm = startServer({ mode: 'vllm' });
	const llamaCpp = startServer({ mode: 'llamacpp' });
	const router = startServer({ mode: 'router', model: 'BAAI/bge-m3' });

	it('vLLM: /v1/embeddings with index, /v1/rerank with results[{index, relevance_score}] and top_n', async () => {
		const embeddings = await call(vllm, '/v1/embeddings', { model: 'm', input: DOCS });
		expect(embeddings.json.data).toHaveLength(3);
		const reranked = await call(vllm, '/v1/rerank', {
			model: 'm',
			query: 'capital of France',
			documents: DOCS,
			top_n: 2,
		});
		expect(reranked.status).toBe(200);
		expect(reranked.json.results).toEqual([
			{ index: 1, relevance_score: expect.any(Number) },
			{ index: 0, relevance_score: expect.any(Number) },
		]);
	});

	it('llama.cpp: /rerank too, and its own error shape', async () => {
		const reranked = await call(llamaCpp, '/rerank', { query: 'q', documents: ['a', 'q'] });
		expect(reranked.json.results[0].index).toBe(1);
		const refused = await call(llamaCpp, '/v1/embeddings', { input: [] });
		expect(refused).toMatchObject({
			status: 400,
			json: { error: { code: 400, type: 'invalid_request_error' } },
		});
	});

	it('the HF router: feature-extraction answers bare arrays (one text: a vector; several: a list)', async () => {
		const path = '/hf-inference/models/BAAI/bge-m3/pipeline/feature-extraction';
		const one = await call(router, path, { inputs: 'Paris' });
		expect(one.json).toHaveLength(64);
		expect(typeof one.json[0]).toBe('number');
		const several = await call(router, path, { inputs: ['Paris', 'Berlin'] });
		expect(several.json).toHaveLength(2);
		expect(several.json[0]).toEqual(one.json);
	});
});

describe('the test server as TEI with a classifier model', () => {
	const server = startServer({
		mode: 'tei',
		model: 'SamLowe/roberta-base-go_emotions',
		modelType: 'classifier',
	});

	it('says it classifies, with its labels (Info.model_type.classifier)', async () => {
		const { json } = await call(server, '/info');
		expect(tei('Info')(json)).toEqual([]);
		expect(json.model_type).toEqual({
			classifier: {
				id2label: { '0': 'negative', '1': 'neutral', '2': 'positive' },
				label2id: { negative: 0, neutral: 1, positive: 2 },
			},
		});
	});

	it('/predict: every label with its score, best first, for a text, a pair or a batch of them', async () => {
		const request = { inputs: 'The app is broken, I want a refund' };
		expect(tei('PredictRequest')(request)).toEqual([]);
		const single = await call(server, '/predict', request);
		expect(single.status).toBe(200);
		expect(tei('PredictResponse')(single.json)).toEqual([]);
		expect(single.json.map((prediction: { label: string }) => prediction.label)).toEqual([
			'negative',
			'neutral',
			'positive',
		]);
		const total = single.json.reduce((sum: number, p: { score: number }) => sum + p.score, 0);
		expect(total).toBeCloseTo(1, 10);
		const batch = { inputs: [['I love it, thanks'], ['Is it good?', 'It is the best']] };
		expect(tei('PredictRequest')(batch)).toEqual([]);
		const answered = await call(server, '/predict', batch);
		expect(tei('PredictResponse')(answered.json)).toEqual([]);
		expect(
			answered.json.map((predictions: Array<{ label: string }>) => predictions[0].label),
		).toEqual(['positive', 'positive']);
		const raw = await call(server, '/predict', { ...request, raw_scores: true });
		expect(raw.json[0].score).toBeGreaterThan(1); // logits, not probabilities
	});

	it('/predict refuses what TEI refuses: too many inputs, a text too long, an entry of three texts', async () => {
		const many = { inputs: Array.from({ length: 33 }, () => ['ok']) };
		// TEI 1.9 and later (what the test server plays) answer a batch too large with 422, not 413.
		const tooMany = await call(server, '/predict', many);
		expect(tooMany).toMatchObject({ status: 422, json: { error_type: 'Validation' } });
		expect(tooMany.json.error).toMatch(/batch size 33 > maximum allowed batch size 32/);
		const long = await call(server, '/predict', { inputs: words(600), truncate: false });
		expect(long).toMatchObject({ status: 422, json: { error_type: 'Validation' } });
		// Without truncate, TEI 1.9's default (--auto-truncate on) cuts it and answers.
		expect(await call(server, '/predict', { inputs: words(600) })).toMatchObject({ status: 200 });
		expect(long.json.error).toMatch(/must have less than 512 tokens/);
		const three = await call(server, '/predict', { inputs: [['a', 'b', 'c']] });
		expect(three.status).toBe(422);
	});

	it('answers its own model type at / and /invocations', async () => {
		const { json } = await call(server, '/', { inputs: 'great' });
		expect(json[0].label).toBe('positive');
	});
});

describe('the test server as TEI: /tokenize', () => {
	const server = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });

	it('one token list per text, special tokens unless add_special_tokens is false, offsets in characters', async () => {
		const request = { inputs: ['Hello world', 'Hi'] };
		expect(tei('TokenizeRequest')(request)).toEqual([]);
		const { status, json } = await call(server, '/tokenize', request);
		expect(status).toBe(200);
		expect(tei('TokenizeResponse')(json)).toEqual([]);
		expect(
			json.map((tokens: Array<{ text: string }>) => tokens.map((token) => token.text)),
		).toEqual([
			['[CLS]', 'hello', 'world', '[SEP]'],
			['[CLS]', 'hi', '[SEP]'],
		]);
		expect(json[0][2]).toMatchObject({ special: false, start: 6, stop: 11 });
		const plain = await call(server, '/tokenize', { inputs: 'Hello', add_special_tokens: false });
		expect(plain.json).toEqual([[expect.objectContaining({ text: 'hello', special: false })]]);
	});
});
