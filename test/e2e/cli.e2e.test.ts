/**
 * The packed tarball inside real n8n installs, driven by n8n's own CLI: import:credentials,
 * import:workflow, execute --rawOutput. Same workflows on every version, in both URL shapes: a
 * self-hosted TGI, and an HF router provider (the test server in router mode, OpenAI's dialect).
 * The credentials leave Server Type on Auto-detect: each `n8n execute` asks GET {Base URL}/info once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { leaked } from '../helpers/leaks';
import { API_KEY, type LoggedRequest, type TestServer } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import {
	credentialsFor,
	E2E_WORKFLOWS_DIR,
	EXAMPLES_DIR,
	nodeOutput,
	pairedIndexes,
	type UrlShape,
	workflowFiles,
} from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);
const shapes: UrlShape[] = ['self-hosted', 'router'];
const examples = workflowFiles(EXAMPLES_DIR);
const e2eWorkflows = workflowFiles(E2E_WORKFLOWS_DIR);

const chatRequests = (server: TestServer) =>
	server.requests.filter((request) => request.url.endsWith('/chat/completions'));
const userText = (request: LoggedRequest) =>
	request.body?.messages
		?.filter((m: { role: string }) => m.role === 'user')
		.map((m: { content: unknown }) => m.content)
		.join(' ');

/** The Code-node branch of item-reads.json: the item reads equal n8n's evaluation, item by item. */
function expectCodeItemsRead(run: Parameters<typeof nodeOutput>[0]) {
	const fromCode = nodeOutput(run, 'Item reads (Code)');
	expect(fromCode).toHaveLength(9);
	expect(fromCode).toEqual(nodeOutput(run, 'n8n evaluates (Code)'));
	expect(pairedIndexes(fromCode)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
	expect(fromCode.map((item) => item.json.error ?? item.json.content).slice(0, 5)).toEqual([
		'Echo: spaced',
		'Echo: x', // content parts built in the Code node, read as a list
		'Messages: message 1 (user) needs "content": a string or a list of content parts [item 2]',
		'Echo: a part another',
		'Messages: message 1, content part 1 must have type "text" or "image_url" [item 4]',
	]);
	expect(JSON.stringify(fromCode)).not.toContain('could not be cloned');
}

describe.each(versions)('n8n %s', (version) => {
	const server = new TgiTestServer({
		apiKey: API_KEY,
		model: 'served-model',
	});
	const router = new TgiTestServer({ apiKey: API_KEY, model: 'served-model', mode: 'router' });
	let home: N8nHome;

	beforeAll(async () => {
		await server.start();
		await router.start();
		home = new N8nHome(version);
		home.installPackage(process.env.E2E_TARBALL as string);
		for (const workflow of [...examples, ...e2eWorkflows]) await home.importWorkflow(workflow.file);
	});
	afterAll(async () => {
		await server.stop();
		await router.stop();
		home?.remove();
	});

	test('the examples reference only the two documented credentials', () => {
		const ids = new Set(
			[...examples, ...e2eWorkflows].flatMap((workflow) => workflow.credentialIds),
		);
		expect([...ids].sort()).toEqual(['hfTgiRouterCred1', 'hfTgiSelfHost001']);
	});

	describe.each(shapes)('%s URL shape', (shape) => {
		const isTgi = shape === 'self-hosted';
		const target = isTgi ? server : router;
		const prefix = isTgi ? '/v1/' : '/novita/v3/openai/';
		const probe = isTgi ? '/info' : '/novita/info';
		const execute = async (workflowId: string, env?: Record<string, string>) => {
			target.reset();
			const run = await home.execute(workflowId, env);
			// Detection first (a new n8n process each run), then only the API's routes.
			expect(target.requests[0].url).toBe(probe);
			for (const request of target.requests.slice(1))
				expect(request.url.startsWith(prefix)).toBe(true);
			return run;
		};

		beforeAll(async () => {
			await home.importCredentials(credentialsFor(shape, target));
		});

		test('examples/chat-per-item.json: one completion per item, in order, paired', async () => {
			const run = await execute('hfTgiExampleChat');
			const output = nodeOutput(run, 'Hugging Face TGI');
			expect(output.map((item) => item.json.content)).toEqual([
				'Echo: What is Text Generation Inference?',
				'Echo: Name one benefit of a self-hosted LLM.',
				'Echo: Summarise n8n in five words.',
			]);
			expect(pairedIndexes(output)).toEqual([0, 1, 2]);
			expect(output[0].json).toMatchObject({ finish_reason: 'stop', model: 'served-model' });
			// n8n's own token bookkeeping (2.x: the run's metadata, read by Evaluations and Insights).
			const usage = output.map((item) => item.json.usage as Record<string, number>);
			const tokenUsage = run.data.resultData.runData['Hugging Face TGI'][0].metadata?.tokenUsage;
			if (version.startsWith('2.'))
				expect(tokenUsage).toEqual({
					inputTokens: usage.reduce((sum, u) => sum + u.prompt_tokens, 0),
					outputTokens: usage.reduce((sum, u) => sum + u.completion_tokens, 0),
				});
			else expect(tokenUsage).toBeUndefined(); // n8n 1.x has no accumulateTokenUsage

			// Sent concurrently: the order they reach the server is not the contract (the output's order is).
			const requests = chatRequests(target);
			expect(requests.map(userText).sort()).toEqual([
				'Name one benefit of a self-hosted LLM.',
				'Summarise n8n in five words.',
				'What is Text Generation Inference?',
			]);
			for (const request of requests) {
				expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
				expect(request.body).toMatchObject({
					model: 'meta-llama/Llama-3.1-8B-Instruct',
					max_tokens: 200,
					temperature: 0.3,
					messages: [
						{ role: 'system', content: 'You answer in one short sentence.' },
						{ role: 'user' },
					],
				});
				expect(request.body).not.toHaveProperty('top_p'); // options not added are not sent
			}
		});

		test("examples/json-output-with-schema.json: the server's own JSON form reaches it, output parses", async () => {
			const run = await execute('hfTgiExampleJson');
			// The node hands over the answer as data (Output Content as JSON, validated against the schema).
			const parsed = nodeOutput(run, 'Use product');
			expect(parsed.map((item) => [item.json.product, item.json.product_name])).toEqual([
				[{ name: 'sample', price: 42 }, 'sample'],
				[{ name: 'sample', price: 42 }, 'sample'],
			]);
			expect(pairedIndexes(parsed)).toEqual([0, 1]);
			const schema = {
				type: 'object',
				properties: { name: { type: 'string' }, price: { type: 'number' } },
				required: ['name', 'price'],
			};
			expect(chatRequests(target)).toHaveLength(2);
			for (const request of chatRequests(target)) {
				// TGI's grammar form for TGI; OpenAI's json_schema (as HF's router guide writes it) for the router.
				expect(request.body.response_format).toEqual(
					isTgi
						? { type: 'json', value: schema }
						: { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } },
				);
				expect(request.body.temperature).toBe(0);
			}
		});

		test('examples/self-hosted-tgi.json: messages from JSON, stop/seed/top_p/max_tokens sent', async () => {
			const run = await execute('hfTgiExampleSelf');
			const output = nodeOutput(run, 'Classify ticket');
			expect(output.map((item) => item.json.content)).toEqual([
				'Echo: Ticket 101: The invoice PDF will not open.',
				'Echo: Ticket 102: Please change my delivery address.',
			]);
			expect(pairedIndexes(output)).toEqual([0, 1]);
			for (const request of chatRequests(target)) {
				expect(request.body).toMatchObject({
					model: 'tgi',
					stop: ['\n'],
					seed: 42,
					top_p: 0.95,
					max_tokens: 16,
				});
				expect(request.body.messages?.[0]).toEqual({
					role: 'system',
					content: 'Answer with one word: billing, shipping or other.',
				});
			}
		});

		test('examples/tgi-native-generate.json: /info, then /generate at the server root (self-hosted only)', async () => {
			target.reset();
			if (shape === 'router') {
				// The HF router has no native routes: detected as OpenAI-compatible, nothing more is sent.
				const printed = await home.cli(['execute', '--id=hfTgiExampleNatv', '--rawOutput'], {
					allowFailure: true,
				});
				expect(target.requests.map((request) => request.url)).toEqual(['/novita/info']);
				expect(printed).toContain(
					"Get Server Info needs a TGI server; this credential's server is OpenAI-compatible (detected)",
				);
				return;
			}
			const run = await home.execute('hfTgiExampleNatv');
			// Detection's GET /info, then the workflow's own.
			expect(target.requests.map((request) => [request.method, request.url])).toEqual([
				['GET', '/info'],
				['GET', '/info'],
				['POST', '/generate'],
			]);
			expect(nodeOutput(run, 'Get Server Info')[0].json).toMatchObject({
				model_id: 'served-model',
				max_total_tokens: 4096,
			});
			expect(target.requests[2].body).toEqual({
				inputs:
					'Text Generation Inference serves served-model with up to 4096 tokens per request. In one sentence, it is',
				parameters: {
					max_new_tokens: 60,
					do_sample: true,
					temperature: 0.7,
					top_k: 50,
					repetition_penalty: 1.1,
					seed: 42,
					stop: ['\n'],
					details: true,
				},
			});
			const [generated] = nodeOutput(run, 'Generate Text');
			expect(generated.json).toEqual({
				generated_text: expect.stringMatching(/^ Echo: Text Generation Inference serves/),
				finish_reason: 'stop',
				finish_reason_raw: 'eos_token',
				generated_tokens: expect.any(Number),
				seed: 42,
			});
			expect(pairedIndexes([generated])).toEqual([0]);
		});

		test('Continue On Fail: failed items carry the server message, the others complete', async () => {
			const run = await execute('hfTgiE2eContFail');
			const regular = nodeOutput(run, 'Continue');
			expect(pairedIndexes(regular)).toEqual([0, 1, 2, 3]);
			expect(regular[0].json.content).toBe('Echo: first');
			// Retried under real n8n (its sleep, its cancel signal): Max Retries 2 there.
			expect(regular[1].json.error).toBe(
				'Model is overloaded (gave up after 3 attempts: Max Retries (2) reached)',
			);
			expect(regular[2].json.content).toBe('Echo: third');
			expect(regular[3].json.error).toMatch(/CUDA out of memory/);
			expect(regular[1].json.message).toContain('HTTP 429');
			expect(regular[3].json.message).toContain('HTTP 424');

			const [ok, failed] = [nodeOutput(run, 'Error output', 0), nodeOutput(run, 'Error output', 1)];
			expect(ok.map((item) => item.json.content)).toEqual(['Echo: first', 'Echo: third']);
			expect(pairedIndexes(ok)).toEqual([0, 2]);
			expect(pairedIndexes(failed)).toEqual([1, 3]);
			expect(failed.map((item) => item.json.prompts)).toEqual([
				'[[status:429]] second',
				'[[status:424]] fourth',
			]);
			expect(failed.map((item) => item.json.error)).toEqual([
				'Model is overloaded', // Max Retries 0 there
				expect.stringMatching(/CUDA out of memory/),
			]);

			const bodies = chatRequests(target).map((request) => request.body);
			// 3 answered, the 429 item 3 times.
			expect(
				bodies.filter((body) => body.frequency_penalty === 0.5 && body.presence_penalty === 0.25),
			).toHaveLength(6);
			expect(bodies.filter((body) => body.top_k === 5)).toHaveLength(4);
		});

		test("a whole {{ $json.<path> }}, read from the item, gives what n8n's own evaluation gives", async () => {
			// The same messages twice: as users write them (read from each item), and wrapped in
			// parentheses (no longer a bare path, so n8n evaluates them), over items of every shape.
			const run = await execute('hfTgiE2eItemRead');
			const read = nodeOutput(run, 'Item reads');
			const evaluated = nodeOutput(run, 'n8n evaluates');
			expect(read).toHaveLength(12);
			expect(read).toEqual(evaluated);
			expect(pairedIndexes(read)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
			// Both kinds of outcome are compared: answers, and items refused naming the item and field.
			const content = (n: number) =>
				`needs "content": a string or a list of content parts [item ${n}]`;
			expect(read.slice(0, 10).map((item) => item.json.error ?? item.json.content)).toEqual([
				'Echo: spaced',
				`Messages: message 1 (user) ${content(1)}`, // 42
				`Messages: message 1 (user) ${content(2)}`, // an object
				'Messages: message 1, content part 1 must have type "text" or "image_url" [item 3]', // ["x", "y"]
				`Messages: message 1 (user) ${content(4)}`, // missing
				`Messages: message 1 (user) ${content(5)}`, // null
				`Messages: message 1 (user) ${content(6)}`, // true
				'Messages: message 1 (user) has empty content [item 7]',
				`Messages: message 2 (user) ${content(8)}`, // {"deep": "y"}
				'Echo: a "quoted" ☃\nline',
			]);
			// Items 10 and 11 are n8n's own sentinel shapes (__isError, isLuxonDateTime): n8n's answer
			// either way, equal above.
			const bodies = chatRequests(target).map((request) => JSON.stringify(request.body.messages));
			const counts = new Map<string, number>();
			for (const body of bodies) counts.set(body, (counts.get(body) ?? 0) + 1);
			for (const [body, count] of counts)
				expect({ body, count: count % 2 }).toEqual({ body, count: 0 });

			// Items from a Code node, run in a task runner (n8n 2.x's way; the suite's default).
			expectCodeItemsRead(run);
		});

		test("items from a Code node run in-process (n8n 1.x's default: objects behind proxies) read as n8n reads them", async () => {
			// N8N_RUNNERS_ENABLED=false: n8n 1.x's default, where the Code node runs in vm2 and hands its
			// objects on behind proxies, which structuredClone refuses ("#<Object> could not be cloned").
			const run = await execute('hfTgiE2eItemRead', { N8N_RUNNERS_ENABLED: 'false' });
			expectCodeItemsRead(run);
			expect(nodeOutput(run, 'Item reads')).toEqual(nodeOutput(run, 'n8n evaluates'));
		});
	});

	describe('a hostile server (self-hosted URL shape)', () => {
		const elsewhere = new TgiTestServer({ model: 'elsewhere' });
		beforeAll(async () => {
			await elsewhere.start();
			await home.importCredentials(credentialsFor('self-hosted', server));
		});
		afterAll(async () => await elsewhere.stop());

		test('the key never follows a redirect elsewhere; Timeout caps a dripping answer; resets and cut-off answers are retried and named', async () => {
			server.reset();
			const long = {
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: 'x'.repeat(400) },
						finish_reason: 'stop',
					},
				],
			};
			server.script = (request) => {
				const prompt = userText(request);
				if (prompt === 'redirect')
					return { status: 307, headers: { location: `${elsewhere.url}${request.url}` } };
				if (prompt === 'drip') return { status: 200, body: long, dripMs: 100 };
				if (prompt === 'reset') return { status: 0, destroy: true };
				if (prompt === 'cut') return { status: 200, body: long, cut: true };
				return undefined;
			};
			const run = await home.execute('hfTgiE2eHostile');
			server.script = undefined;
			const output = nodeOutput(run, 'Hostile');
			expect(pairedIndexes(output)).toEqual([0, 1, 2, 3, 4]);
			const url = `${server.url}/v1/chat/completions`;
			expect(output.map((item) => item.json.content ?? item.json.error)).toEqual([
				`The server redirected to ${elsewhere.url}; the key is only sent to the Base URL's origin (${server.url}) — update the Base URL`,
				`No complete answer from ${url} within the Timeout option (1500 ms) (gave up after 2 attempts: Max Retries (1) reached)`,
				`Could not reach ${url}: the connection was reset by the server or a proxy (gave up after 2 attempts: Max Retries (1) reached)`,
				`The answer from ${url} was cut off: the server sent HTTP 200, then closed the connection before the whole body arrived (gave up after 2 attempts: Max Retries (1) reached)`,
				'Echo: fine',
			]);
			expect(elsewhere.requests).toHaveLength(0);
			const attempts = (prompt: string) =>
				chatRequests(server).filter((request) => userText(request) === prompt);
			expect(attempts('redirect')).toHaveLength(1);
			// Both drip attempts were closed by the node at its Timeout, not by the server.
			expect(attempts('drip').map((request) => request.aborted)).toEqual([true, true]);
			expect(attempts('reset')).toHaveLength(2);
			expect(attempts('cut')).toHaveLength(2);
		});
	});

	/** The AI Agent's model runs from the sub-node (n8n's AI tracing records one per model call). */
	const agentTurns = (run: unknown) =>
		nodeOutput(run as Parameters<typeof nodeOutput>[0], 'AI Agent');
	const hasAiNodeSdk = !version.startsWith('1.');

	if (hasAiNodeSdk)
		describe('AI Agent with the Hugging Face TGI Chat Model (AI node SDK)', () => {
			beforeAll(async () => {
				await home.importCredentials(credentialsFor('router', router));
			});

			test("under n8n's AI root nodes: Sentiment Analysis, Text Classifier, Basic LLM Chain with a Structured Output Parser, Information Extractor", async () => {
				router.reset();
				// The test server answers format instructions as a model that follows them: a sample of
				// the schema they carry (enum values: the first; booleans: true; numbers: 42).
				const run = await home.execute('hfTgiE2eAiRoots');
				const text = 'My parcel arrived broken and nobody answers my emails.';
				// Sentiment Analysis: the model's category picks the output (Negative, the first).
				expect(nodeOutput(run, 'Sentiment Analysis', 0).map((item) => item.json)).toEqual([
					{ text, sentimentAnalysis: { category: 'Negative' } },
				]);
				expect(nodeOutput(run, 'Sentiment Analysis', 1)).toEqual([]);
				// Text Classifier: the item reaches the category the model said true for.
				expect(nodeOutput(run, 'Text Classifier', 0).map((item) => item.json.text)).toEqual([text]);
				// Basic LLM Chain: the Structured Output Parser's object, parsed from the model's answer.
				expect(nodeOutput(run, 'Basic LLM Chain').map((item) => item.json.output)).toEqual([
					{ topic: 'sample', urgent: true, score: 42 },
				]);
				// Information Extractor: the attributes, from the model's answer.
				expect(nodeOutput(run, 'Information Extractor').map((item) => item.json.output)).toEqual([
					{ product: 'sample', broken: true },
				]);
				// One completion per root node, each through this package's Chat Model.
				expect(chatRequests(router)).toHaveLength(4);
				for (const request of chatRequests(router))
					expect(JSON.stringify(request.body.messages)).toContain('JSON Schema');
			});

			test("under more of n8n's AI root nodes: Summarization Chain, Guardrails' model-based checks, an Evaluation's Correctness metric, a Model Selector", async () => {
				router.reset();
				const run = await home.execute('hfTgiE2eAiMore1');
				const text = 'My parcel arrived broken and nobody answers my emails.';
				const requests = chatRequests(router);
				const asked = (words: string) =>
					requests.filter((request) => JSON.stringify(request.body.messages).includes(words));
				// Summarization Chain: its prompt answered by the model (the test server echoes it). It
				// counts tokens through the Chat Model, which fetches no tiktoken encoding (no internet here).
				expect(asked('CONCISE SUMMARY')).toHaveLength(1);
				expect(nodeOutput(run, 'Summarization Chain')[0].json.output).toEqual({
					text: expect.stringMatching(/^Echo: Write a concise summary of the following:/),
				});
				// Guardrails: each model-based check parses the model's {confidenceScore, flagged} (a sample
				// of the schema in its format instructions: 0.5, true) and compares it to its threshold.
				const check = (node: string, output: number) =>
					nodeOutput(run, node, output).map((item) => item.json.checks);
				expect(check('Guardrails (Jailbreak)', 0)).toEqual([
					[
						{
							name: 'jailbreak',
							triggered: false,
							confidenceScore: 0.5,
							executionFailed: false,
							info: {},
						},
					],
				]);
				expect(nodeOutput(run, 'Guardrails (Jailbreak)', 1)).toEqual([]);
				expect(check('Guardrails (NSFW)', 1)).toEqual([
					[
						{
							name: 'nsfw',
							triggered: true,
							confidenceScore: 0.5,
							executionFailed: false,
							info: {},
						},
					],
				]);
				// Evaluation, Correctness: the judge's score through LangChain's structured output (the schema
				// sent as a tool, its call read back): an integer from 1 to 5.
				const judged = asked('Ground truth');
				expect(judged).toHaveLength(1);
				expect(judged[0].body.tools[0].function.parameters.properties.score).toMatchObject({
					type: 'integer',
					minimum: 1,
					maximum: 5,
				});
				expect(nodeOutput(run, 'Correctness').map((item) => item.json)).toEqual([
					{ Correctness: 3 },
				]);
				// Model Selector: its first rule (text contains "broken") picks Model 2, the Large Model.
				expect(asked('Answer the customer').map((request) => request.body.model)).toEqual([
					'meta-llama/Llama-3.3-70B-Instruct',
				]);
				expect(nodeOutput(run, 'Routed Chain').map((item) => item.json.text)).toEqual([
					`Echo: Answer the customer: ${text}`,
				]);
				expect(requests).toHaveLength(5);
			});

			test("the Chat Model's controls reach the server: tool choice required on the first call only, thinking, reasoning effort, extra body fields", async () => {
				router.reset();
				const run = await home.execute('hfTgiE2eAgentOpt');
				// "What is 6 times 7?": the test server asks n8n's Calculator for 6 * 7, and answers with its result.
				expect(agentTurns(run)[0].json.output).toMatch(
					/^The tool \(call .+\) said: \[\{"response":"42"\}\]$/,
				);
				const bodies = chatRequests(router).map((request) => request.body);
				expect(bodies.map((body) => body.tool_choice)).toEqual(['required', 'auto']);
				for (const body of bodies) {
					expect(body).toMatchObject({
						chat_template_kwargs: { enable_thinking: false },
						reasoning_effort: 'low',
						top_k: 5,
					});
					expect(body).not.toHaveProperty('stream');
				}
			});

			test('a tool-call round trip through the router’s dialect: Calculator called with the model’s arguments, its answer sent back', async () => {
				router.reset();
				const run = await home.execute('hfTgiE2eAgentCal');
				const requests = chatRequests(router);
				expect(requests).toHaveLength(2);
				for (const request of requests) {
					expect(request.url).toBe('/novita/v3/openai/chat/completions');
					expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
					expect(request.body).toMatchObject({
						model: 'meta-llama/Llama-3.1-8B-Instruct',
						temperature: 0.2,
						max_tokens: 256,
						tool_choice: 'auto',
					});
					expect(request.body.tools).toEqual([
						expect.objectContaining({
							type: 'function',
							function: expect.objectContaining({ name: 'Calculator' }),
						}),
					]);
				}
				// The router answered turn 1 as OpenAI does (content null, finish_reason "tool_calls"); the node sends it back without content.
				const messages = requests[1].body.messages as unknown as Array<
					Record<string, unknown> & {
						tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
					}
				>;
				const assistant = messages.find((message) => message.role === 'assistant');
				const toolReply = messages.find((message) => message.role === 'tool');
				expect(assistant).not.toHaveProperty('content');
				expect(assistant?.tool_calls?.[0].function).toEqual({
					name: 'Calculator',
					arguments: '{"input":"6*7"}',
				});
				// n8n's agent hands the tool node's output items over as JSON text, for every model.
				expect(toolReply).toEqual({
					role: 'tool',
					tool_call_id: assistant?.tool_calls?.[0].id,
					content: '[{"response":"42"}]',
				});
				expect(agentTurns(run).map((item) => item.json.output)).toEqual([
					expect.stringMatching(/said: \[\{"response":"42"\}\]$/),
				]);
			});

			test('examples/ai-agent-with-tool.json runs: the agent calls the tool and answers', async () => {
				router.reset();
				const run = await home.execute('hfTgiExampleAgnt');
				expect(chatRequests(router)).toHaveLength(2);
				expect(chatRequests(router)[0].body.messages?.[0]).toEqual({
					role: 'system',
					content: 'You are a helpful assistant. Use the calculator for arithmetic.',
				});
				// "What is 6 times 7?": the test server asks n8n's Calculator for 6 * 7, and answers with its result.
				expect(agentTurns(run)[0].json.output).toMatch(
					/^The tool \(call .+\) said: \[\{"response":"42"\}\]$/,
				);
				// n8n's AI log of each model call holds the server's token counts, not an estimate.
				const calls = run.data.resultData.runData['Hugging Face TGI Chat Model'].map(
					(entry: {
						data: { ai_languageModel: Array<Array<{ json: Record<string, unknown> }>> };
					}) => entry.data.ai_languageModel[0][0].json,
				);
				expect(calls).toHaveLength(2);
				for (const call of calls) {
					expect(call.tokenUsageEstimate).toBeUndefined();
					expect(call.tokenUsage).toMatchObject({ completionTokens: expect.any(Number) });
				}
			});
		});
	else
		describe('on n8n 1.x, which has no AI node SDK', () => {
			test('the package still loads (the examples above ran) and the sub-node fails with a clear message', async () => {
				await home.importCredentials(credentialsFor('router', router));
				router.reset();
				const printed = await home.cli(['execute', '--id=hfTgiE2eAgentCal', '--rawOutput'], {
					allowFailure: true,
				});
				expect(printed).toContain('Error in sub-node Hugging Face TGI Chat Model');
				expect(printed).toContain(
					'Hugging Face TGI Chat Model needs n8n 2.x: this n8n has no AI node SDK (@n8n/ai-node-sdk)',
				);
				expect(chatRequests(router)).toHaveLength(0);
			});
		});

	describe('Server Type HF Router, for a gateway in front of the router (the test server at its own address)', () => {
		const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
		beforeAll(async () => {
			await home.importCredentials([
				{
					id: 'hfTgiRouterCred1',
					name: 'Hugging Face router',
					type: 'huggingFaceTgiApi',
					data: { apiKey: API_KEY, baseUrl: router.url, apiVersion: 'v1', serverType: 'router' },
				},
			]);
		});
		afterAll(() => {
			router.script = undefined;
		});

		test("Routing Policy Cheapest at the gateway's root, and the answer's cost from the router's price for the provider that answered", async () => {
			router.reset();
			router.script = (request) => {
				if (request.url === `/v1/models/${MODEL}`)
					return {
						status: 200,
						body: {
							id: MODEL,
							providers: [{ provider: 'together', pricing: { input: 0.18, output: 0.18 } }],
						},
					};
				if (request.url.endsWith('/chat/completions'))
					return { status: 200, headers: { 'x-inference-provider': 'together' } };
				return undefined;
			};
			const run = await home.execute('hfTgiE2eRouterGw');
			const [answer] = nodeOutput(run, 'Cheapest Provider');
			expect(chatRequests(router).map((request) => [request.url, request.body.model])).toEqual([
				['/v1/chat/completions', `${MODEL}:cheapest`],
			]);
			expect(answer.json.estimated_cost).toMatchObject({
				provider: 'together',
				price_per_million_tokens: { input: 0.18, output: 0.18 },
			});
			// Known from the Server Type: no detection request.
			expect(router.requests.some((request) => request.url.endsWith('/info'))).toBe(false);
		});
	});

	test('the API key appears nowhere in n8n output, logs or database', () => {
		const logs = home.logs();
		// The capture is real: the last run and its completions are in it.
		expect(logs).toContain('$ n8n execute --id=hfTgiE2eContFail');
		expect(logs).toContain('Echo: third');
		// The key, its URL-encoded and base64 forms, and every 12-character piece of it.
		expect(leaked(logs, API_KEY)).toEqual([]);
		const database = path.join(home.userFolder, '.n8n', 'database.sqlite');
		expect(fs.existsSync(database)).toBe(true);
		expect(leaked(fs.readFileSync(database).toString('latin1'), API_KEY)).toEqual([]);
	});
});
