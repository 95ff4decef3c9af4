import { credentialReads } from '../../testing/harness/runWorkflow';
import { chatParameters, runChat, selfHosted, startServer, type TestServer } from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';

/** Items whose answers come back out of order: later items answer sooner. */
const staggered = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ q: `item ${i} [[delay:${(count - i) * 3}]]` }));

/** Resolves once the server has `count` requests in flight. */
const whenInFlight = (server: TestServer, count: number) =>
	waitFor(() => server.inFlight >= count, `${count} requests in flight`);

describe('concurrency through n8n-core’s execution engine', () => {
	const server = startServer({ latencyMs: 20 });

	it('sends 5 at once by default; output in input order with pairedItem', async () => {
		const items = staggered(30);
		const { output, error } = await runChat({ items, credentials: selfHosted(server) });
		expect(error).toBeUndefined();
		expect(server.maxInFlight).toBe(5);
		expect(output.map((item) => item.json.content)).toEqual(items.map(({ q }) => `Echo: ${q}`));
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it.each([1, 3, 16])(
		'Concurrency %i: never more in flight, and that many reached',
		async (concurrency) => {
			const items = staggered(40);
			const parameters = chatParameters({ options: { concurrency } });
			const { output } = await runChat({ items, parameters, credentials: selfHosted(server) });
			expect(server.maxInFlight).toBe(concurrency);
			expect(output.map((item) => item.pairedItem?.item)).toEqual(items.map((_, i) => i));
		},
	);

	it('Continue On Fail: failures stay in their place among concurrent items', async () => {
		const items = staggered(12).map((item, i) =>
			i % 4 === 1 ? { q: `item ${i} [[status:422]]` } : item,
		);
		const { output } = await runChat({
			items,
			parameters: chatParameters({ options: { concurrency: 4 } }),
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem?.item)).toEqual(items.map((_, i) => i));
		expect(output.map((item) => ('error' in item.json ? 'error' : 'ok'))).toEqual(
			items.map((_, i) => (i % 4 === 1 ? 'error' : 'ok')),
		);
	});

	it('without Continue On Fail: the first failing item stops the node, and no new items start', async () => {
		const items = staggered(40).map((item, i) => (i === 6 ? { q: 'bad [[status:422]]' } : item));
		const { error, output } = await runChat({
			items,
			parameters: chatParameters({ options: { concurrency: 4 } }),
			credentials: selfHosted(server),
		});
		expect(output).toEqual([]);
		expect(error?.context?.itemIndex).toBe(6);
		// Items 0-6 and those already started alongside (at most 3) were sent; nothing after.
		expect(server.requests.length).toBeLessThanOrEqual(7 + 3);
	});
});

describe('a failure that stops the node', () => {
	const server = startServer();

	it('cuts other items’ retry waits short and raises the failure, not a cancellation', async () => {
		server.script = (request) =>
			request.body?.messages?.[0]?.content === 'waits'
				? { status: 429, body: { error: 'Model is overloaded' }, headers: { 'retry-after': '100' } }
				: undefined;
		const items = [{ q: 'waits' }, { q: 'bad [[status:422]]' }, { q: 'never sent' }];
		// Were the 100-second wait of item 0 not cut, this would outlast the test timeout.
		const { error } = await runChat({
			items,
			parameters: chatParameters({ options: { concurrency: 2 } }),
			credentials: selfHosted(server),
		});
		expect(error?.httpCode).toBe('422');
		expect(error?.context?.itemIndex).toBe(1);
		expect(server.requests.map((request) => request.body.messages?.[0].content).sort()).toEqual([
			'bad [[status:422]]',
			'waits',
		]);
	});
});

describe('adaptive concurrency against a TGI with --max-concurrent-requests 2', () => {
	const server = startServer({ latencyMs: 30, maxConcurrent: 2 });

	const run = async (adaptiveConcurrency: boolean) => {
		server.reset();
		const items = Array.from({ length: 60 }, (_, i) => ({ q: `item ${i}` }));
		const parameters = chatParameters({
			options: { concurrency: 8, adaptiveConcurrency, retryDelay: 20 },
		});
		const { output } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		return { output, overloaded: server.overloaded, requests: server.requests.length };
	};

	it('settles at what the server accepts: every item completes, far fewer 429s than a fixed limit', async () => {
		const adaptive = await run(true);
		const fixed = await run(false);
		expect(adaptive.output.map((item) => item.json.content)).toEqual(
			Array.from({ length: 60 }, (_, i) => `Echo: item ${i}`),
		);
		// Without adapting, 8 in flight keep hitting the limit of 2.
		expect(adaptive.overloaded * 3).toBeLessThan(fixed.overloaded);
		expect(adaptive.requests).toBe(60 + adaptive.overloaded);
	});
});

describe('cancelling the execution', () => {
	const server = startServer({ latencyMs: 5000 });

	it('aborts the requests in flight and starts no new ones', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ q: `item ${i}` }));
		const parameters = chatParameters({ options: { concurrency: 3 } });
		await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			cancelOn: whenInFlight(server, 3),
		});
		await waitFor(() => server.inFlight === 0, 'the requests in flight to be aborted');
		expect(server.requests).toHaveLength(3);
		expect(server.requests.map((request) => request.aborted)).toEqual([true, true, true]);
	});

	it('cuts a retry wait short', async () => {
		server.latencyMs = 0;
		try {
			server.script = () => ({
				status: 429,
				body: { error: 'Model is overloaded' },
				headers: { 'retry-after': '50' },
			});
			const answered = waitFor(
				() => server.requests.filter((request) => request.status === 429).length >= 2,
				'two 429 answers',
			);
			const items = [{ q: 'a' }, { q: 'b' }];
			// Without the cancel reaching the 50-second sleep, this would outlast the test timeout.
			await runChat({ items, credentials: selfHosted(server), cancelOn: answered });
			expect(server.requests).toHaveLength(2);
		} finally {
			server.latencyMs = 5000;
		}
	});

	it('reads the credential once per execution, not once per request (n8n would hit its database each time)', async () => {
		credentialReads.count = 0;
		const items = Array.from({ length: 30 }, (_, i) => ({ q: `item ${i}` }));
		const { output } = await runChat({ items, credentials: selfHosted(server) });
		expect(output).toHaveLength(30);
		expect(server.requests).toHaveLength(30);
		expect(credentialReads.count).toBe(1);
	});
});
