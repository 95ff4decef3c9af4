/**
 * The action node's Classify and Count Tokens in real n8n (1.x and 2.x: no LangChain needed), as a
 * user runs examples/tasks/: support tickets labelled by a TEI classifier and routed by n8n's IF
 * node; prompts counted by a TGI's own tokenizer before the chat, the one too long kept from the
 * model — through `n8n execute` against the test server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { leaked } from '../helpers/leaks';
import { API_KEY, type TestServer } from '../helpers/tgi';
import { predict } from '../../testing/server/teiTasks';
import { llmTokens } from '../../testing/server/tokenizeRoutes';
import { MAX_INPUT_TOKENS } from '../../testing/server/tgiValidation';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { EXAMPLES_DIR, nodeOutput, workflowFiles } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);
const examples = workflowFiles(path.join(EXAMPLES_DIR, 'tasks'));

const posts = (server: TestServer, route: string) =>
	server.requests.filter((request) => request.method === 'POST' && request.url === route);

/** The items an IF node sent to its second output (false). */
const falseBranch = (run: Awaited<ReturnType<N8nHome['execute']>>, node: string) =>
	run.data.resultData.runData[node][0].data.main[1] as Array<{ json: Record<string, unknown> }>;

describe.each(versions)('n8n %s', (version) => {
	const classifier = new TgiTestServer({
		apiKey: API_KEY,
		mode: 'tei',
		model: 'SamLowe/roberta-base-go_emotions',
		modelType: 'classifier',
	});
	const tgi = new TgiTestServer({ apiKey: API_KEY, model: 'meta-llama/Llama-3.1-8B-Instruct' });
	let home: N8nHome;

	beforeAll(async () => {
		for (const server of [classifier, tgi]) await server.start();
		home = new N8nHome(version);
		home.installPackage(process.env.E2E_TARBALL as string);
		const data = (server: TestServer) => ({
			apiKey: API_KEY,
			baseUrl: server.url,
			apiVersion: 'v1',
			serverType: 'auto',
		});
		await home.importCredentials([
			{
				id: 'hfTeiClassify001',
				name: 'TEI classifier',
				type: 'huggingFaceTgiApi',
				data: data(classifier),
			},
			{
				id: 'hfTgiSelfHost001',
				name: 'Self-hosted TGI',
				type: 'huggingFaceTgiApi',
				data: data(tgi),
			},
		]);
		for (const workflow of examples) await home.importWorkflow(workflow.file);
	});
	afterAll(async () => {
		for (const server of [classifier, tgi]) await server.stop();
		home?.remove();
	});

	describe('examples/tasks/classify-support-tickets.json', () => {
		let run: Awaited<ReturnType<N8nHome['execute']>>;
		beforeAll(async () => {
			run = await home.execute('hfTeiClassify01');
		});

		test('labels every ticket in one /predict batch, all scores kept, beside the ticket', () => {
			expect(run.finished).toBe(true);
			const predicts = posts(classifier, '/predict');
			expect(predicts).toHaveLength(1);
			expect(predicts[0].body.inputs).toHaveLength(5);
			const labelled = nodeOutput(run, 'Classify Tickets');
			expect(labelled).toHaveLength(5);
			labelled.forEach((item, index) => {
				const scores = predict(String(item.json.text));
				expect(item.json.ticket).toBe(1000 + index);
				expect(item.json.sentiment).toEqual({
					label: scores[0].label,
					score: scores[0].score,
					scores,
					model: 'SamLowe/roberta-base-go_emotions',
				});
			});
		});

		test("n8n's IF node routes the negative tickets to a human, the others to the automatic answer", () => {
			const ticketsOf = (items: Array<{ json: Record<string, unknown> }>) =>
				items.map((item) => item.json.ticket);
			expect(ticketsOf(nodeOutput(run, 'Escalate to a Human'))).toEqual([1000, 1003]);
			expect(ticketsOf(nodeOutput(run, 'Answer Automatically'))).toEqual([1001, 1002, 1004]);
		});
	});

	describe('examples/tasks/count-tokens-before-chat.json', () => {
		let run: Awaited<ReturnType<N8nHome['execute']>>;
		beforeAll(async () => {
			run = await home.execute('hfTgiCountTok01');
		});

		test("counts each prompt with TGI's /tokenize, beside TGI's max_input_tokens", () => {
			expect(run.finished).toBe(true);
			const counted = nodeOutput(run, 'Count Tokens');
			expect(counted).toHaveLength(3);
			counted.forEach((item) => {
				expect(item.json.tokenization).toEqual({
					count: llmTokens(String(item.json.prompt), true).length,
					maxInputTokens: MAX_INPUT_TOKENS,
				});
			});
			expect(posts(tgi, '/tokenize')).toHaveLength(3);
		});

		test('only the prompts that fit reach the model; the long one is kept from it', () => {
			const chats = posts(tgi, '/v1/chat/completions');
			expect(chats.map((request) => request.body.messages[0].content)).toEqual([
				'Summarise Text Generation Inference in one sentence.',
				'Name one benefit of a self-hosted LLM.',
			]);
			expect(nodeOutput(run, 'Message a Model')).toHaveLength(2);
			const tooLong = falseBranch(run, 'Fits with Room for the Answer?');
			expect(tooLong).toHaveLength(1);
			expect(String(tooLong[0].json.prompt)).toMatch(/^Summarise this log: /);
			expect(nodeOutput(run, 'Too Long for the Model')).toHaveLength(1);
		});
	});

	test('the API key appears nowhere in n8n output, logs or database', () => {
		const logs = home.logs();
		expect(logs).toContain('$ n8n execute --id=hfTeiClassify01');
		expect(leaked(logs, API_KEY)).toEqual([]);
		const database = path.join(home.userFolder, '.n8n', 'database.sqlite');
		expect(leaked(fs.readFileSync(database).toString('latin1'), API_KEY)).toEqual([]);
	});
});
