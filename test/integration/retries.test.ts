import { ERROR_BODIES } from '../../testing/server/tgiServer';
import {
	chatParameters,
	routerStyle,
	runChat,
	selfHosted,
	startServer,
	type LoggedRequest,
	type Reply,
	type TestServer,
} from '../helpers/tgi';

/** Scripts the server per item (its question) and per attempt (1, 2, …) of that item. */
function perAttempt(
	server: TestServer,
	reply: (question: string, attempt: number) => Reply | undefined,
) {
	const attempts = new Map<string, number>();
	server.script = (request) => {
		const question = String(request.body?.messages?.[0]?.content ?? '');
		const attempt = (attempts.get(question) ?? 0) + 1;
		attempts.set(question, attempt);
		return reply(question, attempt);
	};
}

const gaps = (requests: LoggedRequest[]) =>
	requests.slice(1).map((request, i) => request.receivedAt - requests[i].receivedAt);
const quick = (options: Record<string, unknown> = {}) =>
	chatParameters({ options: { retryDelay: 20, ...options } });

describe('retries through n8n-core’s execution engine', () => {
	const server = startServer();

	it('honours Retry-After in seconds (TGI 429 "Model is overloaded")', async () => {
		perAttempt(server, (_q, attempt) =>
			attempt === 1
				? { status: 429, body: ERROR_BODIES[429], headers: { 'retry-after': '1' } }
				: undefined,
		);
		const { output, error } = await runChat({
			items: [{ q: 'hi' }],
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.content).toBe('Echo: hi');
		expect(server.requests).toHaveLength(2);
		expect(gaps(server.requests)[0]).toBeGreaterThanOrEqual(950);
	});

	it('honours retry-after-ms, and Retry-After as an HTTP date', async () => {
		perAttempt(server, (_q, attempt) => {
			if (attempt === 1)
				return { status: 503, body: { error: 'busy' }, headers: { 'retry-after-ms': '300' } };
			if (attempt === 2)
				return {
					status: 429,
					body: ERROR_BODIES[429],
					headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() },
				};
			return undefined;
		});
		const { output } = await runChat({ items: [{ q: 'hi' }], credentials: routerStyle(server) });
		expect(output[0].json.content).toBe('Echo: hi');
		const [first, second] = gaps(server.requests);
		expect(first).toBeGreaterThanOrEqual(290);
		// An HTTP date has whole seconds: at least one second after the 429 went out.
		expect(second).toBeGreaterThanOrEqual(950);
	});

	it('waits the estimated_time of a loading model (legacy 503 body)', async () => {
		perAttempt(server, (_q, attempt) =>
			attempt === 1
				? { status: 503, body: { error: 'Model x is currently loading', estimated_time: 0.4 } }
				: undefined,
		);
		const { output } = await runChat({ items: [{ q: 'hi' }], credentials: selfHosted(server) });
		expect(output[0].json.content).toBe('Echo: hi');
		expect(gaps(server.requests)[0]).toBeGreaterThanOrEqual(390);
	});

	it('backs off exponentially when the server gives no wait (HF router 429)', async () => {
		perAttempt(server, (_q, attempt) =>
			attempt <= 3
				? { status: 429, body: { error: { message: 'Rate limit reached', type: 'rate_limit' } } }
				: undefined,
		);
		const { output } = await runChat({
			items: [{ q: 'hi' }],
			parameters: quick({ retryDelay: 200 }),
			credentials: routerStyle(server),
		});
		expect(output[0].json.content).toBe('Echo: hi');
		const waits = gaps(server.requests);
		// 200, 400, 800 ms, each shortened by at most a quarter of jitter.
		expect(waits[0]).toBeGreaterThanOrEqual(145);
		expect(waits[1]).toBeGreaterThanOrEqual(295);
		expect(waits[2]).toBeGreaterThanOrEqual(595);
	});

	it('retries a reset connection and a timeout (502 and 504 too)', async () => {
		perAttempt(server, (question, attempt) => {
			if (attempt > 1) return undefined;
			if (question === 'reset') return { status: 0, destroy: true };
			if (question === 'slow') return { status: 200, delayMs: 2000 };
			return { status: Number(question), body: ERROR_BODIES[Number(question)] };
		});
		const items = [{ q: 'reset' }, { q: 'slow' }, { q: '502' }, { q: '504' }];
		const { output, error } = await runChat({
			items,
			parameters: quick({ timeout: 300 }),
			credentials: selfHosted(server),
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.content)).toEqual([
			'Echo: reset',
			'Echo: slow',
			'Echo: 502',
			'Echo: 504',
		]);
		expect(server.requests).toHaveLength(8);
		expect(server.requests.find((r) => r.body.messages?.[0].content === 'slow')?.aborted).toBe(
			true,
		);
	});

	it.each([400, 401, 402, 403, 404, 413, 422, 424, 500])(
		'never retries HTTP %i',
		async (status) => {
			const { error } = await runChat({
				items: [{ q: `x [[status:${status}]]` }],
				parameters: quick(),
				credentials: selfHosted(server),
			});
			expect(error?.httpCode).toBe(String(status));
			expect(error?.message).not.toMatch(/attempt/);
			expect(server.requests).toHaveLength(1);
		},
	);

	it('gives up after Max Retries, saying how many attempts and why', async () => {
		const { error } = await runChat({
			items: [{ q: 'x [[status:429]]' }],
			parameters: quick(),
			credentials: selfHosted(server),
		});
		expect(server.requests).toHaveLength(4);
		expect(error?.message).toBe(
			'Model is overloaded (gave up after 4 attempts: Max Retries (3) reached)',
		);
		expect(error?.description).toMatch(
			/Attempts: HTTP 429, HTTP 429, HTTP 429, HTTP 429; waited 0\.\d s in total between them\.$/,
		);
		expect(error?.httpCode).toBe('429');
	});

	it('Max Retries 0: one attempt, the plain message', async () => {
		const { error } = await runChat({
			items: [{ q: 'x [[status:503]]' }],
			parameters: quick({ maxRetries: 0 }),
			credentials: selfHosted(server),
		});
		expect(server.requests).toHaveLength(1);
		expect(error?.message).toBe('Model meta-llama/Llama-3.1-8B-Instruct is currently loading');
	});

	it('does not wait longer than Max Total Wait', async () => {
		// The recorded body says 42.5 s; Max Total Wait allows 10 s.
		const { error } = await runChat({
			items: [{ q: 'x [[status:503]]' }],
			parameters: quick({ maxTotalWait: 10_000 }),
			credentials: selfHosted(server),
		});
		expect(server.requests).toHaveLength(1);
		expect(error?.message).toBe(
			'Model meta-llama/Llama-3.1-8B-Instruct is currently loading (gave up after 1 attempt: the server asked to wait 42.5 s, beyond what is left of Max Total Wait (10 s))',
		);
	});

	it('with Continue On Fail, a spent item is an error in place and the rest complete after their retries', async () => {
		perAttempt(server, (question, attempt) => {
			if (question === 'never') return { status: 502, body: ERROR_BODIES[502] };
			return attempt <= 2
				? { status: 429, body: ERROR_BODIES[429], headers: { 'retry-after-ms': '10' } }
				: undefined;
		});
		const items = [{ q: 'a' }, { q: 'never' }, { q: 'c' }];
		const { output } = await runChat({
			items,
			parameters: quick({ maxRetries: 2 }),
			credentials: selfHosted(server),
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem?.item)).toEqual([0, 1, 2]);
		expect(output[0].json.content).toBe('Echo: a');
		expect(output[2].json.content).toBe('Echo: c');
		expect(output[1].json.error).toBe(
			'502 Bad Gateway (gave up after 3 attempts: Max Retries (2) reached)',
		);
		expect(output[1].json.message).toContain('Attempts: HTTP 502, HTTP 502, HTTP 502');
		expect(server.requests).toHaveLength(9);
	});

	it('refuses bad retry options before sending anything, naming the field', async () => {
		const { error } = await runChat({
			items: [{ q: 'hi' }],
			parameters: quick({ concurrency: 0 }),
			credentials: selfHosted(server),
		});
		expect(error?.message).toBe(
			'Concurrency: must be a whole number from 1 to 256 (got 0) [item 0]',
		);
		expect(server.requests).toHaveLength(0);
	});
});
