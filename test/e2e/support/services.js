// @ts-check
/**
 * Redis and Postgres for the queue-mode E2E: Debian's `redis-server` and `postgresql`, run as
 * our own processes on 127.0.0.1 with temporary data folders and free ports, stopped by PID.
 * Postgres refuses to run as root: then its folder belongs to, and it runs as, the `postgres` user.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../../../scripts/lib/n8nRuntime');

/** Debian's PostgreSQL programs, of the newest version installed. */
const PG_BIN = (() => {
	const root = '/usr/lib/postgresql';
	const installed = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
		: [];
	const newest = installed.sort((a, b) => Number(a) - Number(b)).pop();
	return path.join(root, newest ?? '15', 'bin');
})();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs a program as the postgres user when we are root, else as ourselves.
 * @param {string} file
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
const asPostgres = (file, args) =>
	isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(
	/** @type {number} */ port,
	/** @type {string} */ what,
	timeoutMs = 30_000,
) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > until) throw new Error(`${what} did not listen on 127.0.0.1:${port}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Stops a process by PID: SIGTERM, then SIGKILL after 10 s. */
async function stopProcess(
	/** @type {import('node:child_process').ChildProcess | undefined} */ child,
) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

class Redis {
	async start() {
		this.port = await freePort();
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-redis-'));
		this.child = spawn(
			'redis-server',
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				this.dir,
			],
			{ stdio: 'ignore' },
		);
		await waitForPort(this.port, 'redis-server');
		return this.port;
	}

	/** Every key and its value (strings, hashes, lists, sets, sorted sets, streams), as text. */
	dump() {
		const cli = (/** @type {string[]} */ args) =>
			execFileSync('redis-cli', ['-p', String(this.port), '--no-raw', ...args], {
				encoding: 'utf8',
			});
		const keys = cli(['--scan'])
			.split('\n')
			.filter(Boolean)
			.map((key) => key.replace(/^"|"$/g, ''));
		return keys
			.map((key) => {
				const type = cli(['type', key]).trim();
				const read = {
					string: ['get', key],
					hash: ['hgetall', key],
					list: ['lrange', key, '0', '-1'],
					set: ['smembers', key],
					zset: ['zrange', key, '0', '-1', 'withscores'],
					stream: ['xrange', key, '-', '+'],
				}[type];
				return `${key} (${type}): ${read ? cli(read) : ''}`;
			})
			.join('\n');
	}

	async stop() {
		await stopProcess(this.child);
		if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

class Postgres {
	async start() {
		this.port = await freePort();
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pg-'));
		fs.chmodSync(this.dir, 0o777);
		this.data = path.join(this.dir, 'data');
		fs.mkdirSync(this.data, { mode: 0o700 });
		if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', this.dir]);
		const [initdb, initArgs] = asPostgres(path.join(PG_BIN, 'initdb'), [
			'-D',
			this.data,
			'--auth=trust',
			'--username=postgres',
			'--encoding=UTF8',
			'--no-sync',
		]);
		execFileSync(initdb, initArgs, { stdio: 'ignore' });
		const [postgres, args] = asPostgres(path.join(PG_BIN, 'postgres'), [
			'-D',
			this.data,
			'-p',
			String(this.port),
			'-h',
			'127.0.0.1',
			'-k',
			this.dir,
			'-c',
			'fsync=off',
		]);
		this.child = spawn(postgres, args, { stdio: 'ignore' });
		await waitForPort(this.port, 'postgres');
		return this.port;
	}

	/** n8n's settings for this database. */
	env() {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** The whole database as SQL text (pg_dump). */
	dump() {
		const [dump, args] = asPostgres(path.join(PG_BIN, 'pg_dump'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			'postgres',
			'postgres',
		]);
		return execFileSync(dump, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
	}

	async stop() {
		await stopProcess(this.child);
		if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

module.exports = { Postgres, Redis, stopProcess, waitForPort };
