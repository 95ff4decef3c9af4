/** `npm run dev`: tsc --watch and the pinned n8n, started with this package loaded. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort } from '../../scripts/lib/n8nRuntime';
import { N8nRest } from './support/rest';

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
		await rest.setupOwner();
		const nodes = await rest.request<Array<{ name: string; displayName: string }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(nodes.data.find((type) => type.name === 'CUSTOM.huggingFaceTgi')?.displayName).toBe(
			'Hugging Face TGI',
		);
		const credentials = await rest.request<Array<{ name: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentials.data.map((type) => type.name)).toContain('huggingFaceTgiApi');
		const editor = await fetch(`${url}/`);
		expect(editor.status).toBe(200);
		expect(await editor.text()).toContain('<div id="app"');
	});

	test('tsc watches the sources', () => {
		expect(output).toContain('[tsc]');
		expect(output).toMatch(/Found 0 errors\. Watching for file changes\./);
	});
});
