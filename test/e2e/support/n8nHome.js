// @ts-check
/**
 * One real n8n installation with its own user folder: installs a packed community package the way
 * n8n's Community Nodes install does, runs n8n's CLI headless, and starts the server on loopback.
 * Every line n8n prints (and its log file) is kept, so tests can check the API key never shows.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { n8nPaths } = require('../../../scripts/lib/n8nInstall');
const { freePort, OFFLINE_ENV, waitForReadiness } = require('../../../scripts/lib/n8nRuntime');

/** Loopback only; every log line at debug level, as JSON, to the console and a file. */
const E2E_ENV = {
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_LOG_LEVEL: 'debug',
	N8N_LOG_FORMAT: 'json',
	N8N_LOG_OUTPUT: 'console,file',
	DB_SQLITE_POOL_SIZE: '2',
};

class N8nHome {
	/**
	 * @param {string} version an n8n version installed by scripts/lib/n8nInstall.js
	 * @param {{ userFolder?: string, env?: Record<string, string> }} [options] env: for every command
	 */
	constructor(version, options = {}) {
		/** Settings every command of this installation gets (queue mode: the database, Redis). */
		this.extraEnv = options.env ?? {};
		this.version = version;
		this.bin = n8nPaths(version).bin;
		this.userFolder =
			options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
		this.logFile = path.join(this.userFolder, 'logs', 'n8n.log');
		/** Everything n8n printed, from every command and the server. */
		this.output = '';
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.server = undefined;
	}

	/** @param {Record<string, string>} [extra] */
	async env(extra = {}) {
		// Jest sets NODE_ENV=test, and n8n then skips its database setup: leave it out.
		const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
		return {
			...inherited,
			...OFFLINE_ENV,
			...E2E_ENV,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-a-secret',
			N8N_LOG_FILE_LOCATION: this.logFile,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...this.extraEnv,
			...extra,
		};
	}

	/**
	 * Installs a tarball as n8n's Community Nodes install does (community-packages.service.ts,
	 * downloadPackage): unpack into .n8n/nodes/node_modules/<name>, drop dev/peer/optional
	 * dependencies, `npm install` the rest without scripts, record it in .n8n/nodes/package.json.
	 * @param {string} tarball
	 */
	installPackage(tarball) {
		const nodesFolder = path.join(this.userFolder, '.n8n', 'nodes');
		const manifest = JSON.parse(
			execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
		);
		const packageFolder = path.join(nodesFolder, 'node_modules', manifest.name);
		fs.rmSync(packageFolder, { recursive: true, force: true });
		fs.mkdirSync(packageFolder, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1']);
		const { devDependencies, peerDependencies, optionalDependencies, ...installed } = manifest;
		fs.writeFileSync(path.join(packageFolder, 'package.json'), JSON.stringify(installed, null, 2));
		execFileSync(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: packageFolder, stdio: 'pipe' },
		);
		const ledger = {
			name: 'installed-nodes',
			private: true,
			dependencies: { [manifest.name]: manifest.version },
		};
		fs.writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify(ledger, null, 2));
		return packageFolder;
	}

	/**
	 * README's manual install, as a user types it: `cd ~/.n8n/nodes && npm install <package>` (the
	 * packed tarball stands in for the registry name). Returns what npm put in node_modules.
	 * @param {string} tarball
	 * @returns {string[]}
	 */
	installWithNpm(tarball) {
		const nodesFolder = path.join(this.userFolder, '.n8n', 'nodes');
		fs.mkdirSync(nodesFolder, { recursive: true });
		execFileSync('npm', ['install', tarball, '--audit=false', '--fund=false', '--loglevel=error'], {
			cwd: nodesFolder,
			stdio: 'pipe',
		});
		const modules = path.join(nodesFolder, 'node_modules');
		return fs
			.readdirSync(modules)
			.filter((name) => !name.startsWith('.'))
			.flatMap((name) =>
				name.startsWith('@')
					? fs.readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`)
					: [name],
			);
	}

	/**
	 * Runs an n8n CLI command and resolves with its stdout; rejects naming the version on failure,
	 * unless `allowFailure`: then it resolves with everything the command printed.
	 * @param {string[]} args
	 * A run killed by a signal (n8n 1.123 / 2.40 on Node 24 sometimes die with SIGSEGV while shutting
	 * down, after the command's work is done) is accepted with `acceptCrashAfter(stdout)` true: it is
	 * said on stderr and in the captured logs, never hidden.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, allowFailure?: boolean, acceptCrashAfter?: (stdout: string) => boolean, env?: Record<string, string> }} [options]
	 */
	async cli(args, options = {}) {
		const env = await this.env(options.env);
		const child = spawn(process.execPath, [this.bin, ...args], { env, cwd: this.userFolder });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timeoutMs = options.timeoutMs ?? 180_000;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		/** @type {[number | null, NodeJS.Signals | null]} */
		const [code, signal] = await new Promise((resolve) =>
			child.on('close', (c, s) => resolve([c, s])),
		);
		clearTimeout(timer);
		this.output += `\n$ n8n ${args.join(' ')}\n${stdout}\n${stderr}`;
		if (signal && signal !== 'SIGKILL' && options.acceptCrashAfter?.(stdout)) {
			const note = `n8n ${this.version}: \`n8n ${args.join(' ')}\` finished its run, then died with ${signal} while exiting (a known crash of n8n on Node 24 at shutdown); the finished run is used.`;
			this.output += `\n${note}\n`;
			process.stderr.write(`${note}\n`);
			return stdout;
		}
		if (code !== 0 && options.allowFailure) return `${stdout}\n${stderr}`;
		if (code !== 0) {
			throw new Error(
				`n8n ${this.version}: \`n8n ${args.join(' ')}\` exited with ${code ?? signal}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`,
			);
		}
		return stdout;
	}

	/** @param {Array<{id: string, name: string, type: string, data: Record<string, unknown>}>} credentials */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true }); // it holds the key in clear text
		}
	}

	/** @param {string} file a workflow JSON file */
	async importWorkflow(file) {
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id … --rawOutput`: the run as JSON. Logs are JSON lines (N8N_LOG_FORMAT=json);
	 * n8n 2.x prints the run as one log record's message, 1.x prints it as plain text.
	 * @param {string} workflowId
	 * @param {Record<string, string>} [env] settings for this run only (N8N_RUNNERS_ENABLED…)
	 * @returns {Promise<any>}
	 */
	async execute(workflowId, env) {
		const finished = (/** @type {string} */ out) => findRun(out)?.finished === true;
		const stdout = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			acceptCrashAfter: finished,
			env,
		});
		const run = findRun(stdout);
		if (!run)
			throw new Error(
				`n8n ${this.version}: no run JSON in \`n8n execute\` output:\n${stdout.slice(-4000)}`,
			);
		return run;
	}

	/**
	 * `n8n start` on 127.0.0.1; resolves once /healthz/readiness answers 200.
	 * @param {{ port?: number, env?: Record<string, string>, timeoutMs?: number }} [options]
	 */
	async start(options = {}) {
		const port = options.port ?? (await freePort());
		const env = await this.env({ N8N_PORT: String(port), ...options.env });
		const child = spawn(process.execPath, [this.bin, 'start'], { env, cwd: this.userFolder });
		this.server = child;
		child.stdout?.on('data', (chunk) => (this.output += chunk));
		child.stderr?.on('data', (chunk) => (this.output += chunk));
		this.url = `http://127.0.0.1:${port}`;
		await waitForReadiness(this.url, child, options.timeoutMs ?? 120_000, `n8n ${this.version}`);
		return this.url;
	}

	/**
	 * `n8n worker` (queue mode): resolves once it says it is ready; its output joins this.output.
	 * @param {number} concurrency
	 */
	async startWorker(concurrency) {
		const env = await this.env({ QUEUE_HEALTH_CHECK_ACTIVE: 'false' });
		const child = spawn(process.execPath, [this.bin, 'worker', `--concurrency=${concurrency}`], {
			env,
			cwd: this.userFolder,
		});
		this.server = child;
		let printed = '';
		await new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					reject(
						new Error(`n8n ${this.version} worker: not ready after 120 s\n${printed.slice(-3000)}`),
					),
				120_000,
			);
			const read = (/** @type {Buffer} */ chunk) => {
				this.output += chunk;
				printed += chunk;
				if (printed.includes('n8n worker is now ready')) {
					clearTimeout(timer);
					resolve(undefined);
				}
			};
			child.stdout?.on('data', read);
			child.stderr?.on('data', read);
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(
					new Error(`n8n ${this.version} worker exited with ${code}\n${printed.slice(-3000)}`),
				);
			});
		});
	}

	async stop() {
		const child = this.server;
		this.server = undefined;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}

	/** Everything n8n printed plus its log file. */
	logs() {
		const file = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
		return `${this.output}\n${file}`;
	}

	remove() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * The IRun printed by `n8n execute --rawOutput`, among JSON log lines or as a plain JSON block.
 * @param {string} stdout
 */
function findRun(stdout) {
	/** @param {string} text @returns {any} */
	const tryJson = (text) => {
		try {
			return JSON.parse(text);
		} catch {
			return undefined;
		}
	};
	/** @param {any} value */
	const isRun = (value) => Boolean(value?.data?.resultData);
	for (const line of stdout.split('\n')) {
		const message = line.startsWith('{') ? tryJson(line)?.message : undefined;
		const run =
			typeof message === 'string' && message.startsWith('{') ? tryJson(message) : undefined;
		if (isRun(run)) return run;
	}
	const start = stdout.search(/^\{\s*$/m);
	for (
		let end = stdout.indexOf('\n}', start);
		start !== -1 && end !== -1;
		end = stdout.indexOf('\n}', end + 2)
	) {
		const run = tryJson(stdout.slice(start, end + 2));
		if (isRun(run)) return run;
	}
	return undefined;
}

module.exports = { N8nHome, findRun };
