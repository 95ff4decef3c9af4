/**
 * One request budget per server and n8n process: many executions at once (as a chat webhook or a
 * queue consumer makes them), each with its own Concurrency, share the credential's Max Concurrent
 * Requests — through n8n-core's engine, against a test server that answers 429 beyond its limit.
 */
import { API_KEY, chatParameters, runChat, selfHosted, startServer } from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';

const EXECUTIONS = 20;
const ITEMS = 10;

const runMany = async (credentials: Record<string, unknown>) =>
	await Promise.all(
		Array.from(
			{ length: EXECUTIONS },
			async (_, execution) =>
				await runChat({
					items: Array.from({ length: ITEMS }, (_, item) => ({ q: `e${execution} i${item}` })),
					parameters: chatParameters({
						options: { concurrency: 5, retryDelay: 20, maxRetries: 10 },
					}),
					credentials,
				}),
		),
	);

const allAnswered = (runs: Awaited<ReturnType<typeof runMany>>) =>
	runs.every(
		(run, execution) =>
			run.error === undefined &&
			run.output.map((item) => item.json.content).join('|') ===
				Array.from({ length: ITEMS }, (_, item) => `Echo: e${execution} i${item}`).join('|'),
	);

describe('Max Concurrent Requests: one budget per server for every execution in the process', () => {
	const server = startServer({ maxConcurrent: 8, latencyMs: 20 });

	it(`${EXECUTIONS} executions × Concurrency 5 with the cap at 8: never more than 8 at once, no 429, nothing lost`, async () => {
		const runs = await runMany(selfHosted(server, { maxConcurrentRequests: 8 }));
		expect(allAnswered(runs)).toBe(true);
		expect(server.maxInFlight).toBeLessThanOrEqual(8);
		expect(server.maxInFlight).toBeGreaterThanOrEqual(6); // the budget is used, not just obeyed
		expect(server.overloaded).toBe(0);
		const chats = server.requests.filter((request) => request.url.endsWith('/chat/completions'));
		expect(chats).toHaveLength(EXECUTIONS * ITEMS); // each item once: nothing retried, nothing lost
	});

	it('without the cap the server answers 429s, which are retried: nothing is lost either', async () => {
		const runs = await runMany(selfHosted(server));
		expect(allAnswered(runs)).toBe(true);
		expect(server.overloaded).toBeGreaterThan(0);
		expect(server.maxInFlight).toBeGreaterThan(8);
	});

	it('leaves no connection open once the executions end', async () => {
		await runMany(selfHosted(server, { maxConcurrentRequests: 8 }));
		await waitFor(() => server.openConnections === 0, 'every connection to close');
	});

	it('refuses a cap that is not a whole number, saying where to fix it', async () => {
		const { error } = await runChat({
			items: [{ q: 'x' }],
			credentials: selfHosted(server, { maxConcurrentRequests: -3 }),
		});
		expect(error?.message).toBe(
			"The credential's Max Concurrent Requests must be a whole number from 0 to 100000 (got -3)",
		);
		expect(server.requests).toHaveLength(0);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	it('with Continue On Fail, a bad cap makes every item an error item naming it (nothing is sent)', async () => {
		const { output, error } = await runChat({
			items: [{ q: 'a' }, { q: 'b' }],
			credentials: selfHosted(server, { maxConcurrentRequests: 2.5 }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[
				expect.stringMatching(/^The credential's Max Concurrent Requests must be a whole number/),
				{ item: 0 },
			],
			[
				expect.stringMatching(/^The credential's Max Concurrent Requests must be a whole number/),
				{ item: 1 },
			],
		]);
		expect(server.requests).toHaveLength(0);
	});
});
