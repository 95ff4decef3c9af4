/**
 * n8n's queue mode, as self-hosted users scale it: Postgres for the data, Redis for the queue, a
 * main instance (`EXECUTIONS_MODE=queue`) taking webhook calls and two `n8n worker` processes, each
 * with its own user folder and this package installed in it (`~/.n8n/nodes`, as a Docker image
 * for queue mode installs community packages), running the executions.
 */
import path from 'node:path';

import { leaked } from '../helpers/leaks';
import { API_KEY } from '../helpers/tgi';
import { waitFor } from '../helpers/waitFor';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { Postgres, Redis } from './support/services';
import { credentialsFor } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '')
	.split(',')
	.filter((version) => version.startsWith('2.'));
const WORKFLOW = path.join(__dirname, 'queue', 'webhook-chat.json');
const CALLS = 200;
const BATCH = 2000;

interface Answer {
	content: string;
	finish_reason: string;
}

async function call(url: string, items: Array<{ q: string }>): Promise<Answer[]> {
	const response = await fetch(`${url}/webhook/tgi-queue`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as Answer[];
}

/** The executions a worker's debug log says it ran. */
function executionsIn(logs: string): Set<string> {
	const ids = new Set<string>();
	for (const line of logs.split('\n')) {
		if (!line.includes('"Worker started execution') || !line.includes('hfTgiE2eQueueHook'))
			continue;
		const id = /"executionId":"(\d+)"/.exec(line)?.[1];
		if (id) ids.add(id);
	}
	return ids;
}

/** The webhook is registered once the published workflow is activated after start. */
const webhookRegistered = (url: string) =>
	waitFor(
		async () => (await fetch(`${url}/webhook/tgi-queue`, { method: 'OPTIONS' })).status !== 404,
		'the webhook to be registered',
		{ timeoutMs: 120_000, everyMs: 500 },
	);

describe.each(versions)('n8n %s in queue mode (Postgres, Redis, two workers)', (version) => {
	const server = new TgiTestServer({ apiKey: API_KEY, latencyMs: 20 });
	const redis = new Redis();
	const postgres = new Postgres();
	let main: N8nHome;
	let workers: N8nHome[] = [];
	let url: string;

	beforeAll(async () => {
		await server.start();
		await Promise.all([redis.start(), postgres.start()]);
		const env = {
			...postgres.env(),
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		main = new N8nHome(version, { env });
		workers = [new N8nHome(version, { env }), new N8nHome(version, { env })];
		for (const home of [main, ...workers]) home.installPackage(process.env.E2E_TARBALL as string);
		await main.importCredentials(credentialsFor('self-hosted', server));
		await main.importWorkflow(WORKFLOW);
		await main.cli(['publish:workflow', '--id=hfTgiE2eQueueHook']);
		url = await main.start();
		for (const worker of workers) await worker.startWorker(10);
		await webhookRegistered(url);
	});
	afterAll(async () => {
		for (const home of [main, ...workers]) {
			await home?.stop();
			home?.remove();
		}
		await Promise.all([redis.stop(), postgres.stop(), server.stop()]);
	});

	test(`${CALLS} webhook calls at once: each answered with its own completion, run by both workers`, async () => {
		server.reset();
		const answers = await Promise.all(
			Array.from({ length: CALLS }, async (_, index) => await call(url, [{ q: `call ${index}` }])),
		);
		expect(answers.map((answer) => answer.map((item) => item.content))).toEqual(
			Array.from({ length: CALLS }, (_, index) => [`Echo: call ${index}`]),
		);
		// Each call reached the server once: nothing lost, nothing duplicated.
		const prompts = server.requests.map((request) => request.body?.messages?.[0]?.content);
		expect(prompts.sort()).toEqual(Array.from({ length: CALLS }, (_, i) => `call ${i}`).sort());
		// Both workers ran executions of the workflow (their own logs say so).
		const ran = workers.map((worker) => executionsIn(worker.logs()));
		console.log(`executions per worker: ${ran.map((ids) => ids.size).join(', ')}`);
		for (const ids of ran) expect(ids.size).toBeGreaterThan(0);
		// One execution per call, each run by exactly one worker.
		expect(ran[0].size + ran[1].size).toBe(CALLS);
		expect([...ran[0]].filter((id) => ran[1].has(id))).toEqual([]);
	});

	test(`one execution of ${BATCH} items on a worker: every item, in order`, async () => {
		server.reset();
		const before = workers.map((worker) => executionsIn(worker.logs()).size);
		const items = Array.from({ length: BATCH }, (_, index) => ({ q: `item ${index}` }));
		const answers = await call(url, items);
		expect(answers).toHaveLength(BATCH);
		expect(answers.every((answer, index) => answer.content === `Echo: item ${index}`)).toBe(true);
		expect(server.requests).toHaveLength(BATCH);
		const after = workers.map((worker) => executionsIn(worker.logs()).size);
		expect(after[0] + after[1] - before[0] - before[1]).toBe(1); // run by a worker, once
	});

	test('the API key is nowhere in plain text: Postgres, Redis, every log', () => {
		expect(leaked(postgres.dump(), API_KEY)).toEqual([]);
		expect(leaked(redis.dump(), API_KEY)).toEqual([]);
		for (const home of [main, ...workers]) expect(leaked(home.logs(), API_KEY)).toEqual([]);
	});
});
