/**
 * The action node's Classify operation through n8n-core's engine against the test server playing
 * TEI with a classifier model over real HTTP: items batched across the execution within TEI's
 * max_client_batch_size, each item's best label (every label's score on request, raw scores on
 * request), text pairs, one bad item failing alone, a server answering wrong never giving a
 * silently wrong label, servers that do not classify refused before sending.
 */
import { predict } from '../../testing/server/teiTasks';
import { forgetDetectedServers } from '../../testing/harness/runWorkflow';
import { detected, posts, runChat, startServer } from '../helpers/tgi';

const MODEL = 'SamLowe/roberta-base-go_emotions';

const classifyParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'classification',
	operation: 'classify',
	text: '={{ $json.text }}',
	...extra,
});

const TICKETS = [
	'The app is broken and I want a refund',
	'Thanks, the new release is great',
	'How do I change my password?',
	'Worst update ever, I hate it',
];

const tickets = (count: number) =>
	Array.from({ length: count }, (_, id) => ({ id, text: TICKETS[id % TICKETS.length] }));

beforeEach(() => forgetDetectedServers());

describe('Classify against TEI serving a classifier', () => {
	const server = startServer({ mode: 'tei', model: MODEL, modelType: 'classifier' });
	afterEach(() => {
		server.maxClientBatchSize = 32;
		server.maxInputLength = 512;
	});

	it("batches the items within max_client_batch_size; each item's best label and score beside its fields", async () => {
		server.maxClientBatchSize = 16;
		const items = tickets(40);
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: classifyParameters(),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(40);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const [best] = predict(items[index].text);
			expect(item.json).toEqual({
				...items[index],
				classification: { label: best.label, score: best.score, model: MODEL },
			});
		});
		expect(output.slice(0, 4).map((item) => item.json.classification.label)).toEqual([
			'negative',
			'positive',
			'neutral',
			'negative',
		]);
		const sizes = posts(server, '/predict').map((request) => request.body.inputs.length);
		expect(sizes.sort((a, b) => b - a)).toEqual([16, 16, 8]);
		expect(posts(server, '/predict')[0].body).toMatchObject({
			inputs: items.slice(0, 16).map((item) => [item.text]),
			raw_scores: false,
			truncate: false,
		});
	});

	it('Return All Scores and Raw Scores: every label with its logit, best first', async () => {
		const { output, error } = await runChat({
			items: tickets(2),
			credentials: detected(server),
			parameters: classifyParameters({
				options: { allScores: true, rawScores: true, outputField: 'sentiment' },
			}),
		});
		expect(error).toBeUndefined();
		output.forEach((item, index) => {
			const scores = predict(TICKETS[index], true);
			expect(item.json.sentiment).toEqual({
				label: scores[0].label,
				score: scores[0].score,
				scores,
				model: MODEL,
			});
		});
		expect(posts(server, '/predict')[0].body.raw_scores).toBe(true);
	});

	it('a Second Text sends the item as a pair', async () => {
		const { output, error } = await runChat({
			items: [{ premise: 'The service was great', hypothesis: 'The customer is happy' }],
			credentials: detected(server),
			parameters: classifyParameters({
				text: '={{ $json.premise }}',
				options: { textPair: '={{ $json.hypothesis }}' },
			}),
		});
		expect(error).toBeUndefined();
		const [best] = predict(['The service was great', 'The customer is happy']);
		expect(output[0].json.classification).toMatchObject({ label: best.label, score: best.score });
		expect(posts(server, '/predict')[0].body.inputs).toEqual([
			['The service was great', 'The customer is happy'],
		]);
	});

	it('a Second Text that is not text is its item’s error naming it; the others are classified', async () => {
		const { output, error } = await runChat({
			items: [
				{ text: TICKETS[0], pair: 'fine' },
				{ text: TICKETS[1], pair: 42 },
			],
			credentials: detected(server),
			parameters: classifyParameters({ options: { textPair: '={{ $json.pair }}' } }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output[0].json.classification).toBeDefined();
		expect(output[1].json.error).toBe('Second Text: must be text (got number) [item 1]');
		expect(posts(server, '/predict').flatMap((request) => request.body.inputs)).toEqual([
			[TICKETS[0], 'fine'],
		]);
	});

	it('a text too long fails alone, and an empty one is refused before sending (Continue On Fail)', async () => {
		server.maxInputLength = 12;
		const items = tickets(10);
		items[3] = { id: 3, text: 'word '.repeat(40).trim() };
		items[6] = { id: 6, text: ' ' };
		const { output, error } = await runChat({
			items,
			credentials: detected(server),
			parameters: classifyParameters(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		output.forEach((item, index) => {
			if (index === 3) expect(item.json.error).toMatch(/must have less than 12 tokens/);
			else if (index === 6)
				expect(item.json.error).toBe(
					'Text to Classify: is empty: classification servers refuse empty texts [item 6]',
				);
			else expect(item.json.classification.label).toBe(predict(items[index].text)[0].label);
		});
		const sent = posts(server, '/predict').flatMap((request) => request.body.inputs);
		expect(sent).not.toContainEqual([' ']);
	});

	it.each([
		[
			'one prediction list short',
			(inputs: unknown[]) => inputs.slice(1).map(() => predict('x')),
			/has 2 entries for 3 inputs/,
		],
		[
			'a label named twice',
			(inputs: unknown[]) =>
				inputs.map(() => [
					{ label: 'positive', score: 0.6 },
					{ label: 'positive', score: 0.4 },
				]),
			/entry 1 has the label "positive": not a label named once/,
		],
		[
			'a score that is not a number',
			(inputs: unknown[]) => inputs.map(() => [{ label: 'positive', score: 'high' }]),
			/gives "positive" the score "high", not a finite number/,
		],
	])(
		'an answer with %s fails the batch’s items, never a wrong label',
		async (_case, answer, message) => {
			server.script = (request) =>
				request.url === '/predict'
					? { status: 200, body: answer((request.body as { inputs: unknown[] }).inputs) }
					: undefined;
			try {
				const { output } = await runChat({
					items: tickets(3),
					credentials: detected(server),
					parameters: classifyParameters(),
					continueOnFail: true,
				});
				expect(output).toHaveLength(3);
				for (const item of output) {
					expect(item.json.classification).toBeUndefined();
					expect(String(item.json.error)).toMatch(message);
				}
			} finally {
				server.script = undefined;
			}
		},
	);
});

describe('Classify where the server does not classify', () => {
	const embedder = startServer({ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' });
	const vllm = startServer({ mode: 'vllm', prefixes: ['/v1'] });

	it('is refused before sending on a TEI serving an embedding model, naming the model', async () => {
		const { error } = await runChat({
			items: tickets(2),
			credentials: detected(embedder),
			parameters: classifyParameters(),
		});
		expect(error?.message).toMatch(
			/^This credential's TEI serves an embedding model \(BAAI\/bge-small-en-v1.5\), which does not classify/,
		);
		expect(posts(embedder, '/predict')).toEqual([]);
	});

	it('is refused before sending on an OpenAI-compatible server, saying what classifies', async () => {
		const { error } = await runChat({
			items: tickets(2),
			credentials: detected(vllm),
			parameters: classifyParameters(),
		});
		expect(error?.message).toMatch(
			/^This credential's server is OpenAI-compatible \(detected\), which serves .*, not classification/,
		);
		expect(error?.description).toMatch(/TEI serving a sequence-classification model/);
		expect(vllm.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});
});
