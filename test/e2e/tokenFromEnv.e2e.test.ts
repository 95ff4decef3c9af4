/**
 * The token kept in the environment, not typed into n8n — Hugging Face's own advice — in real n8n,
 * the two ways a self-hosted admin has: CREDENTIALS_OVERWRITE_DATA (n8n puts the value into every
 * credential of the type at run time; it is never stored) and an expression in the API Key field
 * (`{{ $env.HF_TOKEN }}`, where n8n lets expressions read the environment). And a rotated (revoked)
 * token: what the 401 says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { API_KEY } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { credentialsFor, EXAMPLES_DIR, nodeOutput, workflowFiles } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);

/** Webhook → Split Out → Hugging Face TGI on the self-hosted credential, answering with the items. */
const WEBHOOK_WORKFLOW = path.join(__dirname, 'queue', 'webhook-chat.json');

/** What n8n keeps of its credentials, decrypted: n8n's own export, as one JSON text. */
async function exportedCredentials(home: N8nHome): Promise<string> {
	const file = path.join(home.userFolder, `export-${Date.now()}.json`);
	try {
		await home.cli(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
	} finally {
		fs.rmSync(file, { force: true });
	}
}

async function callWebhook(url: string, questions: string[]): Promise<Array<{ content: string }>> {
	// n8n registers a published (2.x) or active (1.x) workflow's webhook just after it is ready.
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(`${url}/webhook/tgi-queue`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ items: questions.map((q) => ({ q })) }),
		});
		const text = await response.text();
		if (response.status === 404 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			continue;
		}
		if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
		return JSON.parse(text) as Array<{ content: string }>;
	}
}

/** The example that answers each item (examples/chat-per-item.json), on the router credential. */
const CHAT_EXAMPLE = 'hfTgiExampleChat';

describe.each(versions)('n8n %s: the token from the environment', (version) => {
	const server = new TgiTestServer({ apiKey: API_KEY, model: 'served-model', mode: 'router' });
	let home: N8nHome;

	/** The credentials as saved in n8n: the router one with this API Key field. */
	const saveCredentials = (apiKey: string) =>
		home.importCredentials(
			credentialsFor('router', server).map((credential) => ({
				...credential,
				data: { ...credential.data, apiKey },
			})),
		);

	/** What n8n keeps of the credentials, decrypted (n8n's own export). */
	const stored = async () => await exportedCredentials(home);

	/** A run that fails: what `n8n execute` printed. */
	const failing = async (env?: Record<string, string>) =>
		await home.cli(['execute', `--id=${CHAT_EXAMPLE}`, '--rawOutput'], { allowFailure: true, env });

	const answered = (run: Awaited<ReturnType<N8nHome['execute']>>) =>
		nodeOutput(run, 'Hugging Face TGI').map((item) => item.json.error ?? item.json.content);

	beforeAll(async () => {
		await server.start();
		home = new N8nHome(version);
		home.installPackage(process.env.E2E_TARBALL as string);
		const chat = workflowFiles(EXAMPLES_DIR).find((workflow) => workflow.id === CHAT_EXAMPLE);
		await home.importWorkflow(chat?.file as string);
	});
	afterAll(async () => {
		await server.stop();
		home?.remove();
	});

	test('CREDENTIALS_OVERWRITE_DATA: the key comes from the environment, and n8n never stores it', async () => {
		// n8n reads the variable in `n8n start` and `n8n worker` (not in `n8n execute`): a running n8n,
		// a published webhook workflow on the self-hosted credential, saved with no key.
		const overwrite = JSON.stringify({ huggingFaceTgiApi: { apiKey: API_KEY } });
		const running = new N8nHome(version, { env: { CREDENTIALS_OVERWRITE_DATA: overwrite } });
		const tgi = new TgiTestServer({ apiKey: API_KEY, model: 'served-model' });
		await tgi.start();
		try {
			running.installPackage(process.env.E2E_TARBALL as string);
			await running.importCredentials(
				credentialsFor('self-hosted', tgi).map((credential) => ({
					...credential,
					data: { ...credential.data, apiKey: '' },
				})),
			);
			await running.importWorkflow(WEBHOOK_WORKFLOW);
			await running.cli(
				version.startsWith('1.')
					? ['update:workflow', '--id=hfTgiE2eQueueHook', '--active=true']
					: ['publish:workflow', '--id=hfTgiE2eQueueHook'],
			);
			const url = await running.start();
			const answers = await callWebhook(url, ['from the environment']);
			expect(answers.map((answer) => answer.content)).toEqual(['Echo: from the environment']);
			const chats = tgi.requests.filter((request) => request.url.endsWith('/chat/completions'));
			expect(chats.map((request) => request.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);
			await running.stop();
			// What n8n stores for the credential: no key, decrypted or not.
			const exported = await exportedCredentials(running);
			expect(exported).toContain('"apiKey":""');
			expect(exported).not.toContain(API_KEY);
			expect(
				fs.readFileSync(path.join(running.userFolder, '.n8n', 'database.sqlite')).includes(API_KEY),
			).toBe(false);
		} finally {
			await running.stop();
			await tgi.stop();
			running.remove();
		}
	});

	test('an expression in the API Key field reads it from the environment ({{ $env.HF_TOKEN }})', async () => {
		await saveCredentials('={{ $env.HF_TOKEN }}');
		server.reset();
		const run = await home.execute(CHAT_EXAMPLE, {
			HF_TOKEN: API_KEY,
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		});
		expect(answered(run).every((text) => String(text).startsWith('Echo:'))).toBe(true);
		const chats = server.requests.filter((request) => request.url.endsWith('/chat/completions'));
		for (const request of chats) expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		const exported = await stored();
		expect(exported).toContain('"apiKey":"={{ $env.HF_TOKEN }}"');
		expect(exported).not.toContain(API_KEY);
	});

	test("a rotated (revoked) token: the 401 says to check the key, in the server's words", async () => {
		await saveCredentials('hf_revoked_token_0123456789');
		server.reset();
		const printed = await failing();
		// The server's own words, and the hint to check the key.
		expect(printed).toContain('Invalid credentials in Authorization header');
		expect(printed).toContain('Check the API Key in the Hugging Face TGI credential');
		expect(printed).not.toContain('hf_revoked_token_0123456789');
	});
});
