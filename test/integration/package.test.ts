import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { startServer } from '../helpers/tgi';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json');

describe('the published package', () => {
	it('follows n8n’s community package rules', () => {
		expect(pkg.name).toBe('n8n-nodes-huggingface-tgi');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.dependencies ?? {}).toEqual({});
		// The AI node SDK is the one peer n8n allows besides n8n-workflow, declared with its version.
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*', '@n8n/ai-node-sdk': '*' });
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.aiNodeSdkVersion).toBe(1);
		for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			expect(existsSync(path.join(ROOT, file))).toBe(true);
		}
	});

	it('the codex files the action node in a category community nodes may use, with no subcategories', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const codex = require('../../nodes/HuggingFaceTgi/HuggingFaceTgi.node.json');
		expect(codex.node).toBe('n8n-nodes-huggingface-tgi.huggingFaceTgi');
		// n8n's community-node rules (no-ai-codex-category, no-codex-subcategories) reserve "AI" and
		// subcategories for node files that import @n8n/ai-node-sdk, which this one does not: a node
		// outside "AI" is always in the main "Add node" search (the editor E2E test finds it there).
		expect(codex.categories).toEqual(['Development']);
		expect(codex.subcategories).toBeUndefined();
	});

	it('the chat model sub-node is filed under Language Models › Chat Models, and is not usable as a tool', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const codex = require('../../nodes/LmChatHuggingFaceTgi/LmChatHuggingFaceTgi.node.json');
		expect(codex.node).toBe('n8n-nodes-huggingface-tgi.lmChatHuggingFaceTgi');
		expect(codex.subcategories).toEqual({
			AI: ['Language Models', 'Root Nodes'],
			'Language Models': ['Chat Models (Recommended)'],
		});
		const built = '../../dist/nodes/LmChatHuggingFaceTgi/LmChatHuggingFaceTgi.node.js';
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { LmChatHuggingFaceTgi } = require(built);
		const { description } = new LmChatHuggingFaceTgi();
		expect(description.usableAsTool).toBeUndefined();
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['ai_languageModel']);
	});

	it('no compiled file but the sub-node’s supplyData loads the AI node SDK (n8n 1.x has none)', () => {
		const files = execFileSync('grep', ['-rl', 'ai-node-sdk', path.join(ROOT, 'dist')], {
			encoding: 'utf8',
		})
			.trim()
			.split('\n');
		expect(files.map((file) => path.relative(ROOT, file))).toEqual([
			'dist/nodes/LmChatHuggingFaceTgi/LmChatHuggingFaceTgi.node.js',
		]);
	});

	it('npm publish --dry-run passes, with the files the packed-file check allows', () => {
		// The registry is a closed local port: a dry run must not need it (tests never leave 127.0.0.1).
		const printed = execFileSync(
			'npm',
			['publish', '--dry-run', '--ignore-scripts', '--json', '--registry', 'http://127.0.0.1:9'],
			{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
		);
		type Published = { name: string; files: Array<{ path: string }> };
		// npm 11 keys the result by the package's name; older npm prints it alone.
		const parsed = JSON.parse(printed) as Published | Record<string, Published>;
		const result = (
			'files' in parsed ? parsed : (parsed as Record<string, Published>)[pkg.name]
		) as Published;
		expect(result.name).toBe('n8n-nodes-huggingface-tgi');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { packedFileProblems } = require('../../scripts/lib/release.js');
		expect(
			packedFileProblems(
				result.files.map((file) => file.path),
				pkg,
			),
		).toEqual([]);
	});

	it('npm pack holds only dist/, README, LICENSE and package.json, icons and codex included', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = packed.files.map((file) => file.path);
		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual([
			'LICENSE',
			'README.md',
			'package.json',
		]);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/credentials/HuggingFaceTgiApi.credentials.js',
				'dist/credentials/huggingFaceTgi.svg',
				'dist/nodes/HuggingFaceTgi/HuggingFaceTgi.node.js',
				'dist/nodes/HuggingFaceTgi/HuggingFaceTgi.node.json',
				'dist/nodes/HuggingFaceTgi/huggingFaceTgi.svg',
				'dist/nodes/HuggingFaceTgi/huggingFaceTgi.dark.svg',
				'dist/nodes/LmChatHuggingFaceTgi/LmChatHuggingFaceTgi.node.js',
				'dist/nodes/LmChatHuggingFaceTgi/LmChatHuggingFaceTgi.node.json',
				'dist/nodes/LmChatHuggingFaceTgi/huggingFaceTgi.svg',
				'dist/credentials/huggingFaceTgi.dark.svg',
			]),
		);
		expect(files.some((file) => /\.test\.|\.map$|\/test\//.test(file))).toBe(false);
	});
});

describe('npm run demo (the README quick start)', () => {
	const server = startServer({ apiKey: 'hf_demo_key_for_this_test' });
	/** Runs the demo as its own process (async: the test server lives in this one). */
	const demo = async (env: Record<string, string>) =>
		await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
			const child = spawn(
				process.execPath,
				['--import', 'tsx', path.join(ROOT, 'scripts/demo.js')],
				{
					cwd: ROOT,
					env: { ...process.env, TGI_BASE_URL: '', HF_TOKEN: '', ...env },
					timeout: 60_000,
				},
			);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			child.on('close', (status) => resolve({ status, stdout, stderr }));
		});

	it('runs against the local test server by default and says so', async () => {
		const result = await demo({});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(
			/local TGI-compatible test server at http:\/\/127\.0\.0\.1:\d+\/v1/,
		);
		expect(result.stdout.match(/^\[item \d\] .+\n {2}-> Echo: /gm)).toHaveLength(3);
	});

	it('uses TGI_BASE_URL and HF_TOKEN when they are set', async () => {
		const result = await demo({
			TGI_BASE_URL: server.url,
			HF_TOKEN: 'hf_demo_key_for_this_test',
			TGI_API_VERSION: 'v1',
		});
		expect(result.status).toBe(0);
		expect(result.stdout).toContain(`Target: ${server.url}/v1`);
		// Auto-detect: one GET /info (the test server is TGI), then one chat request per item.
		expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
			'GET /info',
			...Array(3).fill('POST /v1/chat/completions'),
		]);
		for (const request of server.requests)
			expect(request.headers.authorization).toBe('Bearer hf_demo_key_for_this_test');
		expect(result.stdout + result.stderr).not.toContain('hf_demo_key_for_this_test');
	});
});
