/**
 * What each dialect sends for embeddings and rerank (pure: dialects/*.ts, wire/retrievalBodies.ts),
 * checked against the routes' own contracts (TEI's OpenAPI document), and the sub-nodes' options
 * read and checked against what the server takes (settings/retrieval.ts).
 */
import {
	HF_ROUTER,
	OPENAI_COMPATIBLE,
	servedTask,
	TEI,
	TGI,
	WrongServerError,
} from '../../nodes/shared/dialects';
import { readEmbeddingsSettings, readRerankSettings } from '../../nodes/shared/settings/retrieval';
import { FieldError } from '../../nodes/shared/wire/fieldError';
import { UnexpectedResponseError } from '../../nodes/shared/wire/response';
import { openApiValidator } from '../helpers/contracts';

const selfHosted = { baseUrl: 'http://127.0.0.1:8080', apiVersion: 'v1' };
const hfInference = { baseUrl: 'https://router.huggingface.co/hf-inference', apiVersion: '' };
const bareRouter = { baseUrl: 'https://router.huggingface.co', apiVersion: 'v1' };
const together = { baseUrl: 'https://router.huggingface.co/together', apiVersion: 'v1' };
const ALL = {
	model: 'BAAI/bge-m3',
	normalize: false,
	truncate: true,
	truncationDirection: 'left' as const,
	promptName: 'query',
	dimensions: 256,
};

describe('TEI', () => {
	const tei = { embed: TEI.tasks.embed!, rerank: TEI.tasks.rerank! };

	it("POSTs /embed at the root with every option in TEI's spelling, valid by its OpenAPI document", () => {
		const route = tei.embed.request(['a', 'b'], ALL, selfHosted);
		expect(route).toEqual({
			method: 'POST',
			path: 'embed',
			root: true,
			body: {
				inputs: ['a', 'b'],
				normalize: false,
				truncate: true,
				truncation_direction: 'Left',
				prompt_name: 'query',
				dimensions: 256,
			},
		});
		expect(openApiValidator('EmbedRequest', 'tei')(route.body)).toEqual([]);
		// Unset options are not sent, TEI's defaults apply — but for truncate, always sent: TEI 1.9's
		// default (--auto-truncate on) would cut an over-long text without a word.
		expect(tei.embed.request(['a'], {}, selfHosted).body).toEqual({
			inputs: ['a'],
			truncate: false,
		});
		expect(tei.rerank.request('q', ['a'], {}).body).toMatchObject({ truncate: false });
		// A direction only goes with truncation.
		expect(tei.embed.request(['a'], { truncationDirection: 'left' }, selfHosted).body).toEqual({
			inputs: ['a'],
			truncate: false,
		});
	});

	it('POSTs /rerank asking for scores only, valid by its OpenAPI document', () => {
		const route = tei.rerank.request('q', ['a'], { truncate: true, truncationDirection: 'right' });
		expect(route).toEqual({
			method: 'POST',
			path: 'rerank',
			root: true,
			body: {
				query: 'q',
				texts: ['a'],
				truncate: true,
				truncation_direction: 'Right',
				raw_scores: false,
				return_text: false,
			},
		});
		expect(openApiValidator('RerankRequest', 'tei')(route.body)).toEqual([]);
	});

	it('lists its model from /info', () => {
		const { models } = TEI.tasks;
		expect(models.request()).toEqual({ method: 'GET', path: 'info', root: true });
		expect(models.read({ model_id: 'BAAI/bge-m3' })).toEqual([{ id: 'BAAI/bge-m3' }]);
		expect(models.read({})).toEqual([]);
		expect(() => models.read(['BAAI/bge-m3'])).toThrow(UnexpectedResponseError);
	});

	it('reads its answers checked: one vector per text, each text scored once', () => {
		expect(tei.embed.read([[0.1, 0.2]], 1)).toEqual([[0.1, 0.2]]);
		expect(() => tei.embed.read([[0.1]], 2)).toThrow(/1 embedding for 2 texts/);
		const place = { noun: 'document', offset: 4 };
		expect(
			tei.rerank.read(
				[
					{ index: 1, score: 0.9 },
					{ index: 0, score: 0.1 },
				],
				2,
				place,
			),
		).toEqual([
			{ index: 1, score: 0.9 },
			{ index: 0, score: 0.1 },
		]);
		// A text left out is named by its place in the whole call (offset 4: document 6).
		expect(() => tei.rerank.read([{ index: 0, score: 0.1 }], 2, place)).toThrow(/document 6/);
		expect(() => tei.rerank.read([{ index: 0, score: 0.1 }], 2, place)).toThrow(
			UnexpectedResponseError,
		);
	});
});

describe('OpenAI-compatible', () => {
	const openai = { embed: OPENAI_COMPATIBLE.tasks.embed!, rerank: OPENAI_COMPATIBLE.tasks.rerank! };

	it('POSTs {API Version}/embeddings with the model, floats and Dimensions; takes no TEI-only option', () => {
		const route = openai.embed.request(['a'], { model: 'm', dimensions: 8 }, selfHosted);
		expect(route).toEqual({
			method: 'POST',
			path: 'embeddings',
			body: { model: 'm', input: ['a'], encoding_format: 'float', dimensions: 8 },
		});
		expect(openApiValidator('OpenAICompatRequest', 'tei')(route.body)).toEqual([]);
		expect(openai.embed.options(selfHosted)).toEqual(['model', 'dimensions']);
		expect(openai.embed.request(['a'], {}, selfHosted).body).not.toHaveProperty('model');
	});

	it('reranks through {API Version}/rerank', () => {
		expect(openai.rerank.request('q', ['a', 'b'], { model: 'r' })).toEqual({
			method: 'POST',
			path: 'rerank',
			body: { model: 'r', query: 'q', documents: ['a', 'b'] },
		});
	});
});

describe('the HF router', () => {
	const router = { embed: HF_ROUTER.tasks.embed!, rerank: HF_ROUTER.tasks.rerank };

	it("its hf-inference provider (and the bare router): the model's feature-extraction pipeline; another provider: OpenAI's embeddings", () => {
		const route = router.embed.request(['a'], { ...ALL, dimensions: undefined }, hfInference);
		expect(route).toEqual({
			method: 'POST',
			path: 'models/BAAI/bge-m3/pipeline/feature-extraction',
			root: true,
			body: {
				inputs: ['a'],
				normalize: false,
				truncate: true,
				truncation_direction: 'Left',
				prompt_name: 'query',
			},
		});
		expect(router.embed.request(['a'], { model: 'org/m' }, bareRouter).path).toBe(
			'hf-inference/models/org/m/pipeline/feature-extraction',
		);
		expect(router.embed.request(['a'], { model: 'org/m' }, together).path).toBe('embeddings');
		expect(router.embed.options(together)).toEqual(['model', 'dimensions']);
		expect(() => router.embed.request(['a'], {}, hfInference)).toThrow(FieldError);
		expect(router.embed.options(hfInference)).not.toContain('dimensions');
	});

	it('a gateway in front of the router (Server Type HF Router): its root is the unified endpoint', () => {
		const gateway = { baseUrl: 'https://gateway.example', apiVersion: 'v1' };
		expect(router.embed.request(['a'], { model: 'org/m' }, gateway).path).toBe(
			'hf-inference/models/org/m/pipeline/feature-extraction',
		);
	});

	it("reads the Hub's model search: each model's ID; an answer that is not a list is an error, not an empty list", () => {
		const search = router.embed.models!;
		expect(search.read([{ id: 'a/b' }, { id: '' }, 'x', { name: 'c' }])).toEqual([{ id: 'a/b' }]);
		expect(() => search.read({ error: 'Invalid credentials' })).toThrow(UnexpectedResponseError);
		expect(search.url(together, ' e5 ')).toBe(
			'https://huggingface.co/api/models?inference_provider=together&pipeline_tag=feature-extraction&limit=100&search=e5',
		);
	});

	it('has no rerank route: refused before sending, naming the server', () => {
		expect(router.rerank).toBeUndefined();
		const profile = { dialect: HF_ROUTER, how: 'address' as const };
		expect(() => servedTask(profile, 'rerank')).toThrow(
			"This credential's server is HF router (its address), which serves chat completions and embeddings (feature extraction), not reranking",
		);
	});
});

describe('a server that does not embed', () => {
	it('TGI has no embed task: refused before sending, saying what it serves', () => {
		expect(TGI.tasks.embed).toBeUndefined();
		const profile = { dialect: TGI, how: 'detected' as const };
		expect(() => servedTask(profile, 'embed')).toThrow(WrongServerError);
		expect(() => servedTask(profile, 'embed')).toThrow(
			"This credential's server is TGI (detected), which serves text generation, not embeddings or reranking",
		);
	});
});

describe('the sub-nodes’ options, read and checked', () => {
	const server = 'OpenAI-compatible (detected)';

	it('take defaults when unset', () => {
		const settings = readEmbeddingsSettings('', {}, TEI.tasks.embed!.options(selfHosted), 'TEI');
		expect(settings).toMatchObject({
			batchSize: 32,
			concurrency: 8,
			options: { model: undefined, normalize: undefined, truncate: undefined },
			prompts: { document: undefined, query: undefined },
		});
	});

	it('send the direction only with Truncate on, and the prompt names per kind, trimmed', () => {
		const takes = TEI.tasks.embed!.options(selfHosted);
		const off = readEmbeddingsSettings('m', { truncationDirection: 'left' }, takes, 'TEI');
		expect(off.options.truncationDirection).toBeUndefined();
		const on = readEmbeddingsSettings(
			' m ',
			{
				truncate: true,
				truncationDirection: 'left',
				documentPromptName: ' passage ',
				queryPromptName: '',
			},
			takes,
			'TEI',
		);
		expect(on.options).toMatchObject({ model: 'm', truncate: true, truncationDirection: 'left' });
		expect(on.prompts).toEqual({ document: 'passage', query: undefined });
	});

	it('names who takes an option it refuses: Dimensions on the router’s hf-inference', () => {
		const takes = HF_ROUTER.tasks.embed!.options(hfInference);
		expect(() =>
			readEmbeddingsSettings('m', { dimensions: 8 }, takes, 'HF router (its address)'),
		).toThrow(
			expect.objectContaining({
				field: 'dimensions',
				problem: expect.stringContaining('only TEI and OpenAI-compatible servers'),
			}),
		);
	});

	it.each([
		['normalize', { normalize: true }],
		['truncate', { truncate: true }],
		['documentPromptName', { documentPromptName: 'passage' }],
		['queryPromptName', { queryPromptName: 'query' }],
	])('refuse %s on a server that does not take it, naming the option', (field, values) => {
		const takes = OPENAI_COMPATIBLE.tasks.embed!.options(selfHosted);
		expect(() => readEmbeddingsSettings('m', values, takes, server)).toThrow(
			expect.objectContaining({ field, problem: expect.stringContaining(`server, ${server}`) }),
		);
	});

	it.each([
		['batchSize', { batchSize: 0 }],
		['batchSize', { batchSize: 1.5 }],
		['dimensions', { dimensions: -1 }],
		['concurrency', { concurrency: 0 }],
		['timeout', { timeout: 'soon' }],
		['truncationDirection', { truncate: true, truncationDirection: 'up' }],
		['normalize', { normalize: 'yes' }],
	])('refuse a bad %s, naming it', (field, values) => {
		const takes = TEI.tasks.embed!.options(selfHosted);
		expect(() => readEmbeddingsSettings('m', values, takes, 'TEI')).toThrow(
			expect.objectContaining({ field }),
		);
	});

	it('Reranker: Top N, and Truncate only where the server takes it', () => {
		expect(readRerankSettings('', { topN: 5 }, TEI.tasks.rerank!.options, 'TEI').topN).toBe(5);
		expect(() => readRerankSettings('', { topN: 0 }, TEI.tasks.rerank!.options, 'TEI')).toThrow(
			expect.objectContaining({ field: 'topN' }),
		);
		expect(() =>
			readRerankSettings('', { truncate: true }, OPENAI_COMPATIBLE.tasks.rerank!.options, server),
		).toThrow(expect.objectContaining({ field: 'truncate' }));
	});
});
