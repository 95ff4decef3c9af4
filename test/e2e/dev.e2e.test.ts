/**
 * `npm run dev`: tsc --watch and the pinned n8n, started with this package loaded, and a playground:
 * every example imported with credentials on local servers. Each example is then run from the editor
 * (chromium), as a newcomer would: open it, click "Execute workflow".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Browser } from 'playwright-core';

import { freePort } from '../../scripts/lib/n8nRuntime';
import { executeFromEditor, launchEditorBrowser, signIn } from './support/browser';
import { N8nRest, OWNER } from './support/rest';
import { EXAMPLES_DIR, workflowFiles } from './support/workflows';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run dev', () => {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dev-e2e-'));
	let dev: ChildProcess;
	let output = '';
	let url: string;

	beforeAll(async () => {
		const port = await freePort();
		const env: NodeJS.ProcessEnv = {
			...process.env,
			N8N_PORT: String(port),
			N8N_DEV_USER_FOLDER: userFolder,
		};
		delete env.NODE_ENV; // Jest's NODE_ENV=test stops n8n from setting up its database
		dev = spawn('npm', ['run', 'dev'], { cwd: ROOT, env, detached: true });
		dev.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		dev.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const ready = `is ready at http://localhost:${port}`;
		const deadline = Date.now() + 180_000;
		while (!output.includes(ready)) {
			if (dev.exitCode !== null || Date.now() > deadline) {
				throw new Error(
					`npm run dev did not get ready (exit ${dev.exitCode}):\n${output.slice(-4000)}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		url = `http://127.0.0.1:${port}`;
		await new N8nRest(url).setupOwner(); // as a newcomer does on the first screen
	});

	afterAll(async () => {
		if (dev?.pid && dev.exitCode === null) {
			const exited = new Promise((resolve) => dev.on('exit', resolve));
			process.kill(-dev.pid, 'SIGTERM'); // npm, the script, tsc --watch and n8n
			await exited;
		}
		fs.rmSync(userFolder, { recursive: true, force: true });
	});

	test('n8n serves the editor with the node and credential loaded', async () => {
		const rest = new N8nRest(url);
		await rest.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		const nodes = await rest.request<Array<{ name: string; displayName: string }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(
			nodes.data.find((type) => type.name === 'n8n-nodes-huggingface-tgi.huggingFaceTgi')
				?.displayName,
		).toBe('Hugging Face TGI');
		const credentials = await rest.request<Array<{ name: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentials.data.map((type) => type.name)).toContain('huggingFaceTgiApi');
		const editor = await fetch(`${url}/`);
		expect(editor.status).toBe(200);
		expect(await editor.text()).toContain('<div id="app"');
	});

	test('a playground at once: the examples imported, their credentials on the local test server, which answers', async () => {
		const rest = new N8nRest(url);
		const login = await rest.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		expect(login.status).toBe(200);
		const workflows = await rest.request<Array<{ id: string }>>('GET', '/rest/workflows');
		const ids = workflows.data.map((workflow) => workflow.id);
		expect(ids).toEqual(expect.arrayContaining(['hfTgiExampleChat', 'hfTeiRagSimple01']));
		expect(ids.length).toBeGreaterThanOrEqual(7);
		const credentials = await rest.request<Array<{ id: string }>>('GET', '/rest/credentials');
		expect(credentials.data.map((credential) => credential.id).sort()).toEqual([
			'hfTeiClassify001',
			'hfTeiEmbedder001',
			'hfTeiPostgres001',
			'hfTeiReranker001',
			'hfTgiRouterCred1',
			'hfTgiSelfHost001',
		]);
		expect(output).toMatch(/\d+ example workflows are imported/);
		// The servers behind them answer: a credential like the self-hosted one passes n8n's test.
		const selfHosted = /Self-hosted TGI \(local test server\): (http:\/\/127\.0\.0\.1:\d+)/.exec(
			output,
		)?.[1];
		expect(selfHosted).toBeDefined();
		const tested = await rest.saveAndTestCredential('copy of the playground TGI', {
			apiKey: 'hf_local_test_server_key',
			baseUrl: selfHosted,
			apiVersion: 'v1',
			serverType: 'auto',
		});
		expect(tested.status).toBe('OK');
	});

	describe('every example runs from the editor', () => {
		const examples = [
			...workflowFiles(EXAMPLES_DIR),
			...workflowFiles(path.join(EXAMPLES_DIR, 'retrieval')),
			...workflowFiles(path.join(EXAMPLES_DIR, 'tasks')),
		];
		let browser: Browser | undefined;
		let run: (id: string) => ReturnType<typeof executeFromEditor>;

		beforeAll(async () => {
			const launched = await launchEditorBrowser();
			browser = launched.browser;
			await signIn(launched.page, url);
			const rest = new N8nRest(url);
			await rest.request('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
			run = (id) => executeFromEditor(launched.page, rest, url, id);
		});
		afterAll(async () => await browser?.close());

		test('all of them are here', () => {
			expect(examples.length).toBe(11);
		});

		test.each(examples.map((example) => [path.relative(ROOT, example.file), example.id]))(
			'%s',
			async (_file, id) => {
				const execution = await run(id);
				expect([id, execution.status]).toEqual([id, 'success']);
			},
		);
	});

	test('tsc watches the sources', () => {
		expect(output).toContain('[tsc]');
		expect(output).toMatch(/Found 0 errors\. Watching for file changes\./);
	});
});
