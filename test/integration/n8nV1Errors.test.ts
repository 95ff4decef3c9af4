/**
 * n8n 1.x's request helper throws network failures as n8n-workflow 1.x's NodeApiError, which
 * drops the cause and keeps only n8n's own sentence ("The connection was aborted, perhaps the
 * server is offline") and the code in `httpCode`. The same workflows as on 2.x, with the helper's
 * errors re-thrown exactly as 1.123's helper throws them (n8n-workflow 1.120.31, n8n 1.123.81's).
 */
import * as authentication from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/authentication';
import { NodeApiError as NodeApiErrorV1 } from 'n8n-workflow-v1';

import { chatParameters, runChat, selfHosted, startServer } from '../helpers/tgi';

/** The client's own error under n8n 2.x's wrapper: what 1.x's helper wraps instead. */
const clientError = (error: unknown) => (error as { cause?: unknown }).cause ?? error;

describe('retries and timeouts on n8n 1.x’s error shapes', () => {
	const server = startServer();
	const original = authentication.httpRequestWithAuthentication;
	const thrown: Array<{ message: string; httpCode: unknown; cause: unknown }> = [];
	let spy: jest.SpyInstance;

	beforeEach(() => {
		thrown.length = 0;
		spy = jest
			.spyOn(authentication, 'httpRequestWithAuthentication')
			.mockImplementation(async function (this: never, ...args) {
				try {
					return await original.apply(this, args);
				} catch (error) {
					const node = args[3] as ConstructorParameters<typeof NodeApiErrorV1>[0];
					const v1 = new NodeApiErrorV1(node, clientError(error) as never);
					thrown.push({ message: v1.message, httpCode: v1.httpCode, cause: v1.cause });
					throw v1;
				}
			});
	});
	afterEach(() => spy.mockRestore());

	const perAttempt = (
		reply: (attempt: number) => ReturnType<NonNullable<typeof server.script>>,
	) => {
		let attempt = 0;
		server.script = () => reply(++attempt);
	};

	it('a reset connection is recognised, retried, and reported as a reset', async () => {
		perAttempt(() => ({ status: 0, destroy: true }));
		const parameters = chatParameters({ options: { retryDelay: 5 } });
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(thrown[0]).toEqual({
			message: expect.stringMatching(/^The connection to the server was closed unexpectedly/),
			httpCode: 'ECONNRESET',
			cause: undefined,
		});
		expect(server.requests).toHaveLength(4);
		expect(error?.message).toBe(
			`Could not reach ${server.url}/v1/chat/completions: the connection was reset by the server or a proxy (gave up after 4 attempts: Max Retries (3) reached)`,
		);
	});

	it('a timeout is recognised, retried, and reported as a timeout', async () => {
		perAttempt((attempt) => (attempt === 1 ? { status: 200, delayMs: 2000 } : undefined));
		const parameters = chatParameters({ options: { timeout: 300, retryDelay: 5 } });
		const { output, error } = await runChat({
			items: [{ q: 'late' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.content).toBe('Echo: late');
		expect(thrown).toHaveLength(1);
		expect(server.requests.map((request) => request.aborted ?? false)).toEqual([true, false]);
	});

	it('axios\'s own timeout under 1.x\'s wrapper ("The connection was aborted…") counts as a timeout', async () => {
		perAttempt(() => ({ status: 200, delayMs: 2000 }));
		// The client's socket timeout fires before the node's deadline, as a connect timeout would.
		spy.mockImplementation(async function (this: never, ...args) {
			const options = args[1] as { timeout?: number };
			try {
				return await original.apply(this, [
					args[0],
					{ ...options, timeout: 100 },
					...args.slice(2),
				] as never);
			} catch (error) {
				const v1 = new NodeApiErrorV1(args[3] as never, clientError(error) as never);
				thrown.push({ message: v1.message, httpCode: v1.httpCode, cause: v1.cause });
				throw v1;
			}
		});
		const parameters = chatParameters({ options: { timeout: 1500, retryDelay: 5, maxRetries: 1 } });
		const { error } = await runChat({
			items: [{ q: 'late' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(thrown[0]).toEqual({
			message: 'The connection was aborted, perhaps the server is offline',
			httpCode: 'ECONNABORTED',
			cause: undefined,
		});
		expect(server.requests).toHaveLength(2);
		expect(error?.message).toBe(
			`No complete answer from ${server.url}/v1/chat/completions within the Timeout option (1500 ms) (gave up after 2 attempts: Max Retries (1) reached)`,
		);
	});

	it('an answer cut off midway is reported as cut off, not as unreachable', async () => {
		perAttempt(() => ({
			status: 200,
			body: { choices: [{ message: { role: 'assistant', content: 'x'.repeat(500) } }] },
			cut: true,
		}));
		const parameters = chatParameters({ options: { maxRetries: 0 } });
		const { error } = await runChat({
			items: [{ q: 'x' }],
			parameters,
			credentials: selfHosted(server),
		});
		expect(thrown[0].httpCode).toBe('200');
		expect(error?.message).toMatch(/^The answer from .* was cut off: the server sent HTTP 200/);
	});
});
