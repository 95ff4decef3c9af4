// @ts-check
/**
 * `npm run dev`: what `n8n-node dev` does for n8n's starter, with the pinned n8n instead of n8n@latest.
 * Builds, installs this package into <user folder>/.n8n/nodes as n8n installs a community package,
 * then runs `tsc --watch` into it and a real n8n (N8N_DEV_RELOAD=true, so rebuilt files reload) on
 * http://localhost:5678.
 *
 * A playground with nothing else installed: the repository's test server plays each server the
 * examples need on 127.0.0.1 (a self-hosted TGI, an HF router provider, a TEI embedder, a TEI
 * reranker and a TEI classifier), Postgres with pgvector beside it (PGlite, testing/postgres/), the
 * examples' six credentials point at them, and every example is imported — so Execute works at once. Real
 * servers: edit the credentials in the editor.
 *
 * Environment: N8N_PORT (5678), N8N_DEV_USER_FOLDER (~/.n8n-nodes-huggingface-tgi-dev).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const { ensureN8n, N8N_VERSIONS } = require('./lib/n8nInstall');
const { TgiTestServer } = require('../testing/server/tgiServer');
const { postgresCredential, startPgvector } = require('../testing/postgres/pgvector');
const { freePort, OFFLINE_ENV, waitForReadiness } = require('./lib/n8nRuntime');

const root = path.resolve(__dirname, '..');
const packageName = require('../package.json').name;

/**
 * @param {string} label
 * @param {import('node:child_process').ChildProcess} child
 */
function prefixOutput(label, child) {
	for (const stream of [child.stdout, child.stderr]) {
		if (!stream) continue;
		readline
			.createInterface({ input: stream })
			.on('line', (line) => process.stdout.write(`[${label}] ${line}\n`));
	}
}

/**
 * Installs the package where n8n keeps community packages, <user folder>/.n8n/nodes/node_modules,
 * so its node types are `n8n-nodes-huggingface-tgi.*` as in the examples and in users' workflows
 * (n8n-node dev links into the custom folder instead, where they become `CUSTOM.*` and the examples
 * open as unknown nodes). dist/ is a copy that `tsc --watch` writes to (not a link: n8n's hot reload
 * clears the modules below the package's real path). The repository's node_modules stay out.
 * @param {string} userFolder
 */
function installPackage(userFolder) {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesFolder, 'node_modules', packageName);
	// A link into the custom folder from an older `npm run dev` would load the nodes a second time.
	fs.rmSync(path.join(userFolder, '.n8n', 'custom', 'node_modules', packageName), {
		recursive: true,
		force: true,
	});
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	/** @type {Record<string, unknown>} */
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
	fs.cpSync(path.join(root, 'dist'), path.join(target, 'dist'), { recursive: true });
	// The list n8n reads its installed packages from.
	const ledger = {
		name: 'installed-nodes',
		private: true,
		dependencies: { [packageName]: manifest.version },
	};
	fs.writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify(ledger, null, 2));
	return target;
}

/** The key the local test servers take (not a secret: it opens nothing but them). */
const PLAYGROUND_KEY = 'hf_local_test_server_key';

/** The test server, once per kind of server the examples use, with the credential each example names. */
async function startPlayground() {
	/** @type {Array<[string, string, Record<string, unknown>, string]>} */
	const kinds = [
		[
			'hfTgiSelfHost001',
			'Self-hosted TGI (local test server)',
			{ model: 'meta-llama/Llama-3.1-8B-Instruct' },
			'',
		],
		['hfTgiRouterCred1', 'Hugging Face router (local test server)', { mode: 'router' }, '/novita'],
		[
			'hfTeiEmbedder001',
			'TEI embeddings (local test server)',
			{ mode: 'tei', model: 'BAAI/bge-small-en-v1.5' },
			'',
		],
		[
			'hfTeiReranker001',
			'TEI reranker (local test server)',
			{ mode: 'tei', model: 'BAAI/bge-reranker-base', modelType: 'reranker' },
			'',
		],
		[
			'hfTeiClassify001',
			'TEI classifier (local test server)',
			{ mode: 'tei', model: 'SamLowe/roberta-base-go_emotions', modelType: 'classifier' },
			'',
		],
	];
	const servers = [];
	const credentials = [];
	for (const [id, name, options, prefix] of kinds) {
		const server = new TgiTestServer({ apiKey: PLAYGROUND_KEY, latencyMs: 30, ...options });
		await server.start();
		servers.push(server);
		credentials.push({
			id,
			name,
			type: 'huggingFaceTgiApi',
			data: {
				apiKey: PLAYGROUND_KEY,
				baseUrl: `${server.url}${prefix}`,
				apiVersion: prefix ? 'v3/openai' : 'v1',
				serverType: 'auto',
				customHeaders: '{}',
			},
		});
	}
	// rag-pgvector.json's database: Postgres with pgvector (PGlite), emptied at each start.
	const postgres = await startPgvector();
	servers.push(postgres);
	credentials.push(
		postgresCredential(postgres, 'hfTeiPostgres001', 'Postgres with pgvector (local, PGlite)'),
	);
	return { servers, credentials };
}

/** The example workflows of the repository (examples/, examples/retrieval/ and examples/tasks/). */
function exampleFiles() {
	const dirs = ['', 'retrieval', 'tasks'].map((dir) => path.join(root, 'examples', dir));
	return dirs.flatMap((dir) =>
		fs
			.readdirSync(dir)
			.filter((name) => name.endsWith('.json'))
			.map((name) => path.join(dir, name)),
	);
}

/**
 * Imports the playground's credentials and the examples with n8n's own CLI, before n8n starts (the
 * same IDs each time: a restart points them at the new servers).
 * @param {string} bin
 * @param {NodeJS.ProcessEnv} env
 * @param {object[]} credentials
 */
function importPlayground(bin, env, credentials) {
	const file = path.join(env.N8N_USER_FOLDER ?? os.tmpdir(), 'playground-credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials));
	const run = (/** @type {string[]} */ args) => {
		const done = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
		if (done.status !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed:\n${(done.stdout ?? '').slice(-2000)}${(done.stderr ?? '').slice(-2000)}`,
			);
	};
	try {
		run(['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
	for (const example of exampleFiles()) run(['import:workflow', `--input=${example}`]);
	return exampleFiles().length;
}

async function main() {
	const version = N8N_VERSIONS[0];
	const { bin } = ensureN8n(version);
	const port = Number(process.env.N8N_PORT ?? 5678);
	const userFolder =
		process.env.N8N_DEV_USER_FOLDER ?? path.join(os.homedir(), '.n8n-nodes-huggingface-tgi-dev');

	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
	const installed = installPackage(userFolder);
	process.stdout.write(`Installed ${packageName} in ${installed} (tsc writes its dist/)\n`);

	const tscBin = require.resolve('typescript/bin/tsc');
	const tsc = spawn(
		process.execPath,
		[
			tscBin,
			'-p',
			'tsconfig.build.json',
			'--watch',
			'--preserveWatchOutput',
			'--outDir',
			path.join(installed, 'dist'),
		],
		{
			cwd: root,
		},
	);
	prefixOutput('tsc', tsc);

	const env = {
		...process.env,
		...OFFLINE_ENV,
		N8N_DEV_RELOAD: 'true',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		DB_SQLITE_POOL_SIZE: '10',
	};
	const playground = await startPlayground();
	for (const { name, data } of playground.credentials)
		process.stdout.write(
			`${name}: ${'baseUrl' in data ? data.baseUrl : `postgres://${data.host}:${data.port}`}\n`,
		);
	const imported = importPlayground(
		bin,
		{ ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		playground.credentials,
	);
	const n8n = spawn(process.execPath, [bin, 'start'], {
		cwd: userFolder,
		env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});
	prefixOutput(`n8n ${version}`, n8n);

	const children = [tsc, n8n];
	const stop = () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
		for (const server of playground.servers) void server.stop();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.on('exit', stop);
	n8n.on('exit', (code) => {
		stop();
		process.exitCode = code ?? 0;
	});

	const url = `http://localhost:${port}`;
	await waitForReadiness(`http://127.0.0.1:${port}`, n8n, 180_000, `n8n ${version}`);
	process.stdout.write(
		`\nn8n ${version} is ready at ${url} with ${packageName} loaded from ${root}.\n`,
	);
	process.stdout.write(
		`${imported} example workflows are imported, with credentials for the local test server (it echoes, plays TGI, the HF router and TEI) and a local Postgres with pgvector: open one and Execute. ` +
			'Edits to nodes/ and credentials/ rebuild and reload. Stop with Ctrl+C.\n\n',
	);
}

main().catch((error) => {
	process.stderr.write(`npm run dev: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
