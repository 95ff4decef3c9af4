import { testCredential } from '../../testing/harness/credentialTest';
import { runRetrievalWorkflow } from '../../testing/harness/runRetrieval';
import {
	API_KEY,
	chatParameters,
	runChat,
	searchModels,
	selfHosted,
	startServer,
	type TestServer,
} from '../helpers/tgi';
import { leaked } from '../helpers/leaks';

/** Everything a run leaves behind: output items, errors (with their causes) and what was logged. */
async function capture<T>(work: () => Promise<T>): Promise<{ result: T; logs: string }> {
	const written: string[] = [];
	const spies = [process.stdout, process.stderr].map((stream) =>
		jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
			written.push(String(chunk));
			return true;
		}),
	);
	const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
		jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
			written.push(
				args
					.map((a) =>
						a instanceof Error
							? `${a.message} ${a.stack} ${JSON.stringify(a)}`
							: (JSON.stringify(a) ?? String(a)),
					)
					.join(' '),
			);
		}),
	);
	try {
		return { result: await work(), logs: written.join('\n') };
	} finally {
		[...spies, ...consoleSpies].forEach((spy) => spy.mockRestore());
	}
}

/** Serializes an error with every own property, cause and context included. */
function dump(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, function (_key, v: unknown) {
		if (typeof v === 'object' && v !== null) {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
			if (v instanceof Error) {
				return Object.fromEntries(
					[...Object.getOwnPropertyNames(v), 'cause'].map((name) => [
						name,
						(v as unknown as Record<string, unknown>)[name],
					]),
				);
			}
		}
		return v;
	});
}

describe('the API key never leaks', () => {
	const server = startServer();

	it('not in outputs, errors, causes or logs — for successes and every failure kind', async () => {
		// A proxy that echoes the Authorization header back in its error body.
		server.script = (request) =>
			request.body?.messages?.[0].content === 'echo'
				? {
						status: 400,
						body: { error: { message: `Invalid header: ${request.headers.authorization}` } },
					}
				: undefined;
		const items = [
			{ q: 'fine' },
			{ q: 'echo' },
			{ q: 'x [[status:401]]' },
			{ q: 'x [[status:500]]' },
			{ q: 'x [[reset:]]' },
		];
		// Retried failures too (their final message lists every attempt), with short waits.
		const fastRetries = chatParameters({ options: { retryDelay: 5 } });
		const runs = await capture(async () => [
			await runChat({
				items,
				parameters: fastRetries,
				credentials: selfHosted(server),
				continueOnFail: true,
			}),
			await runChat({ items: [{ q: 'echo' }], credentials: selfHosted(server) }),
			// A key pasted with whitespace around it: sent trimmed, so redacted trimmed too.
			await runChat({
				items: [{ q: 'echo' }],
				credentials: selfHosted(server, { apiKey: ` ${API_KEY}\n` }),
			}),
			await runChat({
				items: [{ q: 'x [[status:429]]' }],
				parameters: fastRetries,
				credentials: selfHosted(server),
			}),
			await runChat({
				items: [{ q: 'x' }],
				credentials: { ...selfHosted(server), baseUrl: 'http://127.0.0.1:1' },
			}),
			await runChat({
				items: [{ q: 'x' }],
				parameters: chatParameters({ options: { topP: 2 } }),
				credentials: selfHosted(server),
			}),
			await runChat({
				items: [{ q: 'slow [[delay:1000]]' }],
				parameters: chatParameters({ options: { timeout: 100, retryDelay: 5 } }),
				credentials: selfHosted(server),
			}),
			await testCredential(
				'huggingFaceTgiApi',
				selfHosted(server, { baseUrl: 'http://127.0.0.1:1' }),
			),
			await searchModels(selfHosted(server)),
		]);
		// The key did reach the server (so the check below is not vacuous)…
		expect(server.requests.some((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
		const [withContinue, echoed, padded] = runs.result as Array<{
			output: Array<{ json: Record<string, unknown> }>;
			error?: { message: string };
		}>;
		expect(withContinue.output[1].json.error).toBe('Invalid header: Bearer [redacted]');
		expect(echoed.error?.message).toBe('Invalid header: Bearer [redacted]');
		expect(padded.error?.message).toBe('Invalid header: Bearer [redacted]');
		expect(withContinue.output[4].json.error).toMatch(
			/connection was reset.*gave up after 4 attempts/,
		);
		// …and nowhere in what n8n keeps or prints.
		const everything = dump(runs.result) + runs.logs;
		expect(everything.length).toBeGreaterThan(1000);
		expect(leaked(everything, API_KEY)).toEqual([]);
	});

	it('not even a piece of it where long texts are cut, nor its encodings, nor part of it echoed', async () => {
		// A key with characters that URL-encoding changes.
		const key = 'sk-t3st/k3y+w1th=odd&chars_0123456789';
		const credentials = selfHosted(server, { apiKey: key });
		server.apiKey = key;
		const base64 = (text: string) => Buffer.from(text).toString('base64');
		const echoes: Record<
			string,
			() => { status: number; body: unknown; headers?: Record<string, string> }
		> = {
			// The key across the 500-character cut of a message, and of the 200-character quote of a 200 body.
			straddle: () => ({
				status: 400,
				// The key across the cut of a long message (its first 1,097 characters are kept, then its end).
				body: {
					error: {
						message: `${'x'.repeat(1080)} header Bearer ${key} ${'y'.repeat(600)} the point`,
					},
				},
			}),
			quoted: () => ({
				status: 200,
				body: `${'y'.repeat(180)}${key}${'y'.repeat(50)}`,
				headers: { 'content-type': 'text/plain' },
			}),
			encoded: () => ({ status: 401, body: { error: `bad key ${encodeURIComponent(key)}` } }),
			base64: () => ({
				status: 403,
				body: {
					error: `token ${base64(key)} / ${base64(`Bearer ${key}`)} / ${base64(`{"auth":"${key}"}`)}`,
				},
			}),
			part: () => ({ status: 401, body: { error: `Invalid API key ${key.slice(0, 20)}…` } }),
			html: () => ({ status: 502, body: `<html><title>Bad gateway for ${key}</title></html>` }),
		};
		server.script = (request) => echoes[String(request.body?.messages?.[0].content)]?.();
		const items = Object.keys(echoes).map((q) => ({ q }));
		try {
			const runs = await capture(async () => [
				await runChat({
					items,
					parameters: chatParameters({ options: { maxRetries: 0 } }),
					credentials,
					continueOnFail: true,
				}),
				await runChat({ items: [{ q: 'straddle' }], credentials }),
			]);
			const [withContinue] = runs.result as Array<{
				output: Array<{ json: Record<string, unknown> }>;
			}>;
			expect(withContinue.output.map((item) => item.json.error)).toEqual([
				// Redacted first, then cut: the cut falls inside the marker, never inside the key.
				expect.stringMatching(/^x{1080} header Bearer \[r … y+ the point$/),
				'The server answered with a body that is not a JSON object',
				'bad key [redacted]',
				// In a longer base64 text, only the characters that hold nothing but the key's bytes go.
				expect.stringMatching(
					/^token \[redacted\] \/ \[redacted\] \/ eyJhdXRoIjoi\[redacted\].{0,4}$/,
				),
				'Invalid API key [redacted]…',
				'Bad gateway for [redacted]',
			]);
			expect(withContinue.output[1].json.message).toContain('[redacted]');
			const everything = dump(runs.result) + runs.logs;
			expect(server.requests.length).toBeGreaterThan(0);
			expect(leaked(everything, key)).toEqual([]);
		} finally {
			server.apiKey = API_KEY;
		}
	});
});

describe("a reader's message never quotes the key a server echoed into its answer", () => {
	const tei = startServer({ mode: 'tei', modelType: 'classifier' });
	const reranker = startServer({ mode: 'tei', modelType: 'reranker' });
	const tgi = startServer();
	const header = 'X-Gateway-Token';
	const headerSecret = 'gw_s3cret_header_value_0123456789';

	it('Classify, Count Tokens, Embed, Rerank and Message a Model: each answer echoing the Authorization header fails, redacted', async () => {
		// A gateway that answers 200 with what it was sent, in place of the answer's values.
		const echo = (request: {
			url: string;
			headers: Record<string, string | undefined>;
			body?: { inputs?: unknown[] };
		}) => {
			const auth = `${request.headers.authorization} ${request.headers[header.toLowerCase()]}`;
			const answers: Record<string, unknown> = {
				'/predict': [
					[
						{ label: auth, score: 1 },
						{ label: auth, score: 0 },
					],
				],
				'/tokenize': [[{ id: auth, text: 'x' }]],
				'/embed': (request.body?.inputs ?? []).map(() => [auth]),
				'/rerank': [{ index: auth, score: 1 }],
				'/v1/chat/completions': { echo: auth },
			};
			return request.url in answers ? { status: 200, body: answers[request.url] } : undefined;
		};
		for (const server of [tei, reranker, tgi]) server.script = echo;
		const credentials = (server: TestServer) =>
			selfHosted(server, {
				serverType: 'auto',
				customHeaders: JSON.stringify({ [header]: headerSecret }),
			});
		const item = [{ text: 'hello', documents: ['a', 'b'], q: 'hi' }];
		const runs = await capture(async () => [
			await runChat({
				items: item,
				credentials: credentials(tei),
				parameters: {
					resource: 'classification',
					operation: 'classify',
					text: '={{ $json.text }}',
				},
				continueOnFail: true,
			}),
			await runChat({
				items: item,
				credentials: credentials(tei),
				parameters: {
					resource: 'token',
					operation: 'count',
					input: 'text',
					text: '={{ $json.text }}',
				},
				continueOnFail: true,
			}),
			await runChat({
				items: item,
				credentials: credentials(tei),
				parameters: { resource: 'embedding', operation: 'embed', text: '={{ $json.text }}' },
				continueOnFail: true,
			}),
			await runChat({
				items: item,
				credentials: credentials(reranker),
				parameters: {
					resource: 'ranking',
					operation: 'rerank',
					query: '={{ $json.text }}',
					documents: '={{ $json.documents }}',
				},
				continueOnFail: true,
			}),
			await runChat({ items: item, credentials: credentials(tgi), continueOnFail: true }),
			await runChat({ items: item, credentials: credentials(tgi) }),
			// The Embeddings sub-node reads its batches through the same door.
			await runRetrievalWorkflow({
				items: [{ texts: ['a', 'b'] }],
				mode: 'documents',
				embeddings: {},
				credentials: credentials(tei),
			}),
		]);
		for (const server of [tei, reranker, tgi]) server.script = undefined;
		const errors = (runs.result as Array<{ output: Array<{ json: { error?: string } }> }>)
			.slice(0, 5)
			.map((run) => run.output[0].json.error);
		// Each answer was read and refused, quoting what came back — with the secrets taken out (the chat reader quotes nothing).
		expect(errors).toEqual([
			expect.stringContaining('[redacted]'),
			expect.stringContaining('[redacted]'),
			expect.stringContaining('[redacted]'),
			expect.stringContaining('[redacted]'),
			'The response has no "choices": this does not look like a chat completion. Check the Base URL and API Version.',
		]);
		const subNode = (runs.result as Array<{ error?: { message: string } }>)[6];
		expect(subNode.error?.message).toContain('[redacted]');
		const everything = dump(runs.result) + runs.logs;
		expect(leaked(everything, API_KEY)).toEqual([]);
		expect(leaked(everything, headerSecret)).toEqual([]);
	});
});

describe('a secret typed into a credential field the node parses never reaches an error', () => {
	const server = startServer();
	const tei = startServer({ mode: 'tei' });
	const SECRET = 'gw_live_Zq8R2mX4vT6wK9pL3nB7';
	const headers = (text: string) => ({ customHeaders: text });

	/** Each field the node parses, with a value that fails to parse and holds the secret. */
	const CASES: Array<[string, Record<string, unknown>]> = [
		['Custom Headers, a value unquoted', headers(`{"X-Gw": ${SECRET}}`)],
		['Custom Headers, cut short', headers(`{"X-Gw": "${SECRET}`)],
		['Custom Headers, single quotes', headers(`{'X-Gw': '${SECRET}'}`)],
		['Custom Headers, the value typed as the name', headers(`{"X-Gw: ${SECRET}": ""}`)],
		['Custom Headers, a value outside Latin-1', headers(`{"X-Gw": "${SECRET}ключ"}`)],
		['Custom Headers, a control character', headers(`{"X-Gw": "${SECRET}\\u0007"}`)],
		['Custom Headers, a list', headers(`{"X-Gw": ["${SECRET}"]}`)],
		['API Key, outside Latin-1', { apiKey: `${SECRET}ключ` }],
		['API Key, a control character', { apiKey: `${SECRET}\u0007x` }],
		['Base URL, the token alone', { baseUrl: SECRET }],
		['Base URL, in the query string', { baseUrl: `URL?token=${SECRET}` }],
		['Base URL, as the port', { baseUrl: `http://127.0.0.1:${SECRET}` }],
		['API Version, in a query string', { apiVersion: `v1?key=${SECRET}` }],
		['Max Concurrent Requests', { maxConcurrentRequests: SECRET }],
	];

	it.each(CASES)(
		'%s: the chat node, the Embeddings sub-node, the model picker and the credential test',
		async (_case, field) => {
			const on = (target: TestServer) => {
				const credentials = selfHosted(target, field);
				if (typeof field.baseUrl === 'string')
					credentials.baseUrl = field.baseUrl.replace('URL', target.url);
				return credentials;
			};
			const failures: unknown[] = [];
			const runs = await capture(async () => {
				const chat = await runChat({ items: [{ q: 'a' }], credentials: on(server) });
				failures.push(chat.error);
				const embeddings = await runRetrievalWorkflow({
					items: [{ texts: ['a'] }],
					mode: 'documents',
					embeddings: {},
					credentials: on(tei),
				});
				failures.push(embeddings.error);
				try {
					await searchModels(on(server));
					failures.push(undefined);
				} catch (error) {
					failures.push(error);
				}
				const tested = await testCredential('huggingFaceTgiApi', on(server));
				return [chat, embeddings, tested];
			});
			// Each failed, before anything was sent: the checks ran…
			expect(failures.map((failure) => failure !== undefined)).toEqual([true, true, true]);
			expect((runs.result[2] as { status: string }).status).toBe('Error');
			expect(server.requests.filter((request) => request.url !== '/info')).toEqual([]);
			// …and nothing they left behind holds the secret or a piece of it.
			const everything = dump([runs.result, failures]) + runs.logs;
			expect(leaked(everything, SECRET)).toEqual([]);
		},
	);
});
