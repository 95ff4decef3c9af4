/**
 * Soak: 5,000 items through n8n-core's engine against a server where about 20 % of requests fail
 * in mixed ways. Every item must end exactly once, in order, as a completion or (retries spent, or
 * not retryable) as an error; the server never sees more requests at once than configured.
 *
 * The fault a request gets is a function of the request alone — the seed, its item's question and
 * which attempt of that item it is — never of arrival order or retry jitter. So each item's
 * whole story (its statuses, its outcome) is known before the run, and asserted exactly.
 * SOAK_SEED=<n> runs another schedule (the default is fixed, so CI runs one known schedule).
 */
import { ERROR_BODIES } from '../../testing/server/tgiServer';
import {
	chatParameters,
	runChat,
	selfHosted,
	startServer,
	type LoggedRequest,
	type Reply,
} from '../helpers/tgi';

const ITEMS = 5000;
const CONCURRENCY = 8;
const MAX_ATTEMPTS = 4; // 1 + the default Max Retries (3)
const SEED = Number(process.env.SOAK_SEED ?? 20261123);

/** A number in [0, 1) from a text: FNV-1a, then a Mulberry32 round to spread the bits. */
function unitHash(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	let t = (hash + 0x6d2b79f5) >>> 0;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** About 20 % of requests: [share, reply]. Status 0 is a reset connection. */
const FAULTS: Array<[number, Reply]> = [
	[0.03, { status: 429, body: ERROR_BODIES[429], headers: { 'retry-after': '0' } }],
	[0.02, { status: 429, body: ERROR_BODIES[429], headers: { 'retry-after-ms': '5' } }],
	[0.04, { status: 429, body: { error: { message: 'Rate limit reached', type: 'rate_limit' } } }],
	[0.04, { status: 503, body: { error: 'Model x is currently loading', estimated_time: 0.005 } }],
	[0.03, { status: 500, body: ERROR_BODIES[500] }],
	[0.04, { status: 0, destroy: true }],
];
const RETRYABLE = new Set([0, 429, 503]);

/**
 * The fault for attempt `attempt` (1-based) of item `index`, or undefined for a normal answer.
 * Every 500th item fails every attempt with a retryable fault, so "retries spent" always occurs.
 */
function faultFor(index: number, attempt: number): Reply | undefined {
	const retryable = FAULTS.filter(([, reply]) => RETRYABLE.has(reply.status));
	if (index % 500 === 499) return retryable[(index + attempt) % retryable.length][1];
	let roll = unitHash(`${SEED}:${index}:${attempt}`);
	for (const [share, reply] of FAULTS) {
		if (roll < share) return reply;
		roll -= share;
	}
	return undefined;
}

/** The statuses item `index` will see, attempt after attempt, as the retry policy goes. */
function expectedStatuses(index: number): number[] {
	const statuses: number[] = [];
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const status = faultFor(index, attempt)?.status ?? 200;
		statuses.push(status);
		if (!RETRYABLE.has(status)) break;
	}
	return statuses;
}

describe(`soak: 5,000 items with 20 % mixed faults (seed ${SEED})`, () => {
	const server = startServer();

	it('loses none, duplicates none, keeps order, stays within the concurrency', async () => {
		const attemptsSoFar = new Map<string, number>();
		server.script = (request) => {
			const question = String(request.body?.messages?.[0]?.content);
			const attempt = (attemptsSoFar.get(question) ?? 0) + 1;
			attemptsSoFar.set(question, attempt);
			return faultFor(Number(question.replace('soak ', '')), attempt);
		};
		const items = Array.from({ length: ITEMS }, (_, i) => ({ q: `soak ${i}` }));
		const parameters = chatParameters({ options: { concurrency: CONCURRENCY, retryDelay: 5 } });
		const { output, error } = await runChat({
			items,
			parameters,
			credentials: selfHosted(server),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(server.maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
		expect(output).toHaveLength(ITEMS);
		expect(output.every((item, i) => item.pairedItem?.item === i)).toBe(true);

		const byItem = new Map<string, LoggedRequest[]>();
		for (const request of server.requests) {
			const question = String(request.body?.messages?.[0]?.content);
			byItem.set(question, [...(byItem.get(question) ?? []), request]);
		}
		const tally = { completed: 0, notRetryable: 0, retriesSpent: 0, retried: 0 };
		const mismatches: string[] = [];
		output.forEach((item, i) => {
			const statuses = (byItem.get(`soak ${i}`) ?? []).map((request) => request.status);
			const expected = expectedStatuses(i);
			if (JSON.stringify(statuses) !== JSON.stringify(expected))
				mismatches.push(`item ${i}: ${JSON.stringify(statuses)} ≠ ${JSON.stringify(expected)}`);
			const last = expected[expected.length - 1];
			if (expected.length > 1) tally.retried++;
			if (last === 200) {
				tally.completed++;
				expect(item.json.content).toBe(`Echo: soak ${i}`);
			} else if (last === 500) {
				tally.notRetryable++;
				expect(item.json.error).toBe(
					'Incomplete generation' +
						(expected.length > 1 ? ` (after ${expected.length} attempts)` : ''),
				);
			} else {
				tally.retriesSpent++;
				expect(item.json.error).toMatch(
					/ \(gave up after 4 attempts: Max Retries \(3\) reached\)$/,
				);
			}
		});
		// Each item saw exactly the attempts its schedule gives: none lost, none sent twice.
		expect(mismatches).toEqual([]);
		expect(server.requests).toHaveLength(
			Array.from({ length: ITEMS }, (_, i) => expectedStatuses(i).length).reduce((a, b) => a + b),
		);
		// Every path was taken: completions, errors not retried, retries, retries spent.
		expect(tally.completed).toBeGreaterThan(ITEMS * 0.9);
		expect(tally.notRetryable).toBeGreaterThan(0);
		expect(tally.retried).toBeGreaterThan(ITEMS * 0.1);
		expect(tally.retriesSpent).toBeGreaterThanOrEqual(ITEMS / 500);
	}, 180_000);
});
