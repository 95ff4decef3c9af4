// @ts-check
/**
 * `npm run dev`: what `n8n-node dev` does for n8n's starter, with the pinned n8n instead of n8n@latest.
 * Builds, links this package into <user folder>/.n8n/custom/node_modules, then runs `tsc --watch` and a
 * real n8n (N8N_DEV_RELOAD=true, so rebuilt files reload) on http://localhost:5678.
 *
 * Environment: N8N_PORT (5678), N8N_DEV_USER_FOLDER (~/.n8n-nodes-huggingface-tgi-dev).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const { ensureN8n, N8N_VERSIONS } = require('./lib/n8nInstall');
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
 * Makes the package visible to n8n as n8n-node dev does, in <user folder>/.n8n/custom/node_modules:
 * a folder with package.json and a link to dist/ (the repository's own node_modules stay out: n8n
 * loads every *.node.js below its custom folder).
 * @param {string} userFolder
 */
function linkPackage(userFolder) {
	const target = path.join(userFolder, '.n8n', 'custom', 'node_modules', packageName);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(root, 'package.json'), path.join(target, 'package.json'));
	fs.symlinkSync(path.join(root, 'dist'), path.join(target, 'dist'), 'dir');
	return target;
}

async function main() {
	const version = N8N_VERSIONS[0];
	const { bin } = ensureN8n(version);
	const port = Number(process.env.N8N_PORT ?? 5678);
	const userFolder =
		process.env.N8N_DEV_USER_FOLDER ?? path.join(os.homedir(), '.n8n-nodes-huggingface-tgi-dev');

	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
	const link = linkPackage(userFolder);
	process.stdout.write(`Linked ${link}/dist -> ${path.join(root, 'dist')}\n`);

	const tscBin = require.resolve('typescript/bin/tsc');
	const tsc = spawn(
		process.execPath,
		[tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
		{
			cwd: root,
		},
	);
	prefixOutput('tsc', tsc);

	const n8n = spawn(process.execPath, [bin, 'start'], {
		cwd: userFolder,
		env: {
			...process.env,
			...OFFLINE_ENV,
			N8N_DEV_RELOAD: 'true',
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			DB_SQLITE_POOL_SIZE: '10',
		},
	});
	prefixOutput(`n8n ${version}`, n8n);

	const children = [tsc, n8n];
	const stop = () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
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
		'Edits to nodes/ and credentials/ rebuild and reload. Stop with Ctrl+C.\n\n',
	);
}

main().catch((error) => {
	process.stderr.write(`npm run dev: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
