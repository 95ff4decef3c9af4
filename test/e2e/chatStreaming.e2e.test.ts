/**
 * A chat as users have it in n8n 2.x: a published Chat Trigger (Response Mode "Streaming") →
 * AI Agent ← Hugging Face TGI Chat Model, `n8n start` on loopback, and a chat message posted to the
 * chat webhook. n8n answers with a chunked stream of JSON lines ({"type": "item", "content"}, …);
 * the test reads it as it arrives, against the test server streaming token by token. Then the same
 * chat with a tool, against a server that cannot stream with tools (as llama.cpp answered before
 * it could): the Chat Model's Disable Streaming keeps it working.
 */
import path from 'node:path';

import { leaked } from '../helpers/leaks';
import { API_KEY } from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { parse as parseFlatted } from 'flatted';

import { N8nHome } from './support/n8nHome';
import { N8nRest } from './support/rest';
import { credentialsFor, E2E_WORKFLOWS_DIR } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '')
	.split(',')
	.filter((version) => version.startsWith('2.'));
const WEBHOOK_ID = '5f0c3b7e-1d2a-4c6b-9e8f-7a6b5c4d3e2f';
/** chat-streaming-tools.json (Disable Streaming on) and -streamed.json (off): Calculator as the tool. */
const TOOL_WEBHOOK_ID = '6a1d4c8f-2e3b-4d7c-8f9a-8b7c6d5e4f30';
const STREAMED_TOOL_WEBHOOK_ID = '6a1d4c8f-2e3b-4d7c-8f9a-8b7c6d5e4f31';
const TOOL_WORKFLOWS = {
	'chat-streaming-tools.json': 'hfTgiE2eChatTool',
	'chat-streaming-tools-streamed.json': 'hfTgiE2eChatToSt',
};

interface ChatLine {
	type: string;
	content?: string;
	at: number;
}

/** Posts a chat message and reads n8n's streamed answer line by line, noting when each arrived. */
async function chat(url: string, chatInput: string, webhookId = WEBHOOK_ID): Promise<ChatLine[]> {
	const response = await fetch(`${url}/webhook/${webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: `s-${Date.now()}`, chatInput }),
	});
	if (!response.body) throw new Error(`no body: HTTP ${response.status}`);
	const lines: ChatLine[] = [];
	const decoder = new TextDecoder();
	let buffer = '';
	for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
		buffer += decoder.decode(piece, { stream: true });
		const complete = buffer.split('\n');
		buffer = complete.pop() ?? '';
		for (const line of complete.filter((text) => text.trim() !== ''))
			lines.push({ ...JSON.parse(line), at: Date.now() });
	}
	if (buffer.trim() !== '') lines.push({ ...JSON.parse(buffer), at: Date.now() });
	return lines;
}

/** n8n 2.x registers a published workflow's trigger after it is ready: wait for the chat URL. */
const webhookRegistered = (url: string, webhookId = WEBHOOK_ID) =>
	waitFor(
		async () => (await fetch(`${url}/webhook/${webhookId}/chat`)).status !== 404,
		'the chat webhook to be registered',
		{ timeoutMs: 90_000, everyMs: 250 },
	);

describe.each(versions)('n8n %s: a streaming chat with the AI Agent on this model', (version) => {
	const server = new TgiTestServer({
		apiKey: API_KEY,
		mode: 'router',
		model: 'served-model',
		streamDelayMs: 60,
	});
	const home = new N8nHome(version);
	let url: string;

	beforeAll(async () => {
		await server.start();
		home.installPackage(process.env.E2E_TARBALL as string);
		await home.importCredentials(credentialsFor('router', server));
		await home.importWorkflow(path.join(E2E_WORKFLOWS_DIR, 'chat-streaming.json'));
		await home.cli(['publish:workflow', '--id=hfTgiE2eChatStrm']);
		for (const [file, id] of Object.entries(TOOL_WORKFLOWS)) {
			await home.importWorkflow(path.join(E2E_WORKFLOWS_DIR, file));
			await home.cli(['publish:workflow', `--id=${id}`]);
		}
		url = await home.start();
		await webhookRegistered(url);
		await webhookRegistered(url, TOOL_WEBHOOK_ID);
		await webhookRegistered(url, STREAMED_TOOL_WEBHOOK_ID);
	});
	afterAll(async () => {
		await home.stop();
		await server.stop();
		home.remove();
	});

	test('the answer reaches the chat in several chunks, over time, as the server writes it', async () => {
		const words = 'one two three four five six seven eight nine ten';
		const lines = await chat(url, words);
		const items = lines.filter((line) => line.type === 'item');
		expect(items.map((line) => line.content).join('')).toBe(`Echo: ${words}`);
		expect(items.length).toBeGreaterThan(5);

		const request = server.requests.find((r) => r.url.endsWith('/chat/completions'));
		expect(request?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
		// From the server's log: the chat had its first words before the server wrote its last ones.
		const sent = request?.sentAt ?? [];
		expect(items[0].at).toBeLessThan(sent[sent.length - 3]);
		expect(items[items.length - 1].at - items[0].at).toBeGreaterThan(0);
	});

	test("n8n's AI log of the streamed answer holds the server's token counts, not an estimate", async () => {
		const rest = new N8nRest(url);
		await rest.setupOwner();
		// The chat above is this workflow's only finished execution so far.
		const list = await rest.request<{ results: Array<{ id: string; status: string }> }>(
			'GET',
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'hfTgiE2eChatStrm' }))}`,
		);
		const finished = list.data.results.filter((execution) => execution.status === 'success');
		expect(finished.length).toBeGreaterThan(0);
		const execution = await rest.request<{ data: string }>(
			'GET',
			`/rest/executions/${finished[0].id}`,
		);
		const runData = parseFlatted(execution.data.data).resultData.runData;
		const calls = runData['Hugging Face TGI Chat Model'].map(
			(entry: { data: { ai_languageModel: Array<Array<{ json: Record<string, unknown> }>> } }) =>
				entry.data.ai_languageModel[0][0].json,
		);
		expect(calls.length).toBeGreaterThan(0);
		for (const call of calls) {
			expect(call.tokenUsageEstimate).toBeUndefined();
			expect(call.tokenUsage).toMatchObject({ completionTokens: expect.any(Number) });
		}
	});

	test('an error the server sends mid-stream reaches the chat in its own words', async () => {
		server.reset();
		const lines = await chat(url, 'one two three four five [[stream-error:4]]');
		const text = JSON.stringify(lines);
		expect(lines.filter((line) => line.type === 'item').length).toBeGreaterThan(0);
		expect(text).toContain('CUDA out of memory');
		expect(leaked(text, API_KEY)).toEqual([]);
	});

	describe('a server that cannot stream with tools', () => {
		const QUESTION = 'What is 6 times 7? [[args:{"input": "6*7"}]]';
		beforeEach(() => {
			server.reset();
			// What llama.cpp's server answered a streamed request with tools, before it could do both.
			server.script = (request) =>
				request.body?.stream === true && request.body?.tools?.length > 0
					? {
							status: 400,
							body: {
								error: {
									code: 400,
									message: 'Cannot use tools with stream',
									type: 'invalid_request_error',
								},
							},
						}
					: undefined;
		});

		test('with Disable Streaming the agent calls the tool and its answer reaches the chat', async () => {
			const lines = await chat(url, QUESTION, TOOL_WEBHOOK_ID);
			const text = lines
				.filter((line) => line.type === 'item')
				.map((line) => line.content)
				.join('');
			expect(text).toMatch(/said: .*\b42\b/); // the Calculator's answer to 6*7
			const requests = server.requests.filter((r) => r.url.endsWith('/chat/completions'));
			expect(requests.length).toBeGreaterThanOrEqual(2); // the tool call, then the answer
			expect(
				requests[0].body.tools.map((tool: { function: { name: string } }) => tool.function.name),
			).toEqual(['Calculator']);
			for (const request of requests) {
				expect(request.status).toBe(200);
				expect(request.body.stream).not.toBe(true);
			}
		});

		test('with streaming left on, the server’s refusal reaches the chat in its own words', async () => {
			const lines = await chat(url, QUESTION, STREAMED_TOOL_WEBHOOK_ID);
			expect(JSON.stringify(lines)).toContain('Cannot use tools with stream');
		});
	});

	test('the API key appears nowhere in n8n’s logs', () => {
		expect(leaked(home.logs(), API_KEY)).toEqual([]);
	});
});
