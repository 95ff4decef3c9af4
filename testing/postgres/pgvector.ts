/** Starts testing/postgres/pgvectorServer.mjs (Postgres with pgvector, for tests) and talks to it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface PgvectorServer {
	host: string;
	port: number;
	/** Runs one line of SQL in the database and resolves with its rows. */
	query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
	stop(): Promise<void>;
}

export async function startPgvector(): Promise<PgvectorServer> {
	const child = spawn(process.execPath, [path.join(__dirname, 'pgvectorServer.mjs')], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	const next = async () => {
		const { value, done } = await lines.next();
		if (done) throw new Error('The pgvector test server ended');
		return JSON.parse(value);
	};
	const { host, port } = await next();
	let queue = Promise.resolve();
	const query = async <T>(sql: string): Promise<T[]> => {
		const answer = queue.then(async () => {
			child.stdin.write(`${sql.replace(/\s+/g, ' ')}\n`);
			return await next();
		});
		queue = answer.then(
			() => undefined,
			() => undefined,
		);
		const { rows, error } = await answer;
		if (error) throw new Error(error);
		return rows as T[];
	};
	const stop = async () => {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.stdin.end();
		await exited;
	};
	return { host, port, query, stop };
}

/** n8n's Postgres credential (`postgres`) for this server, with the id an example names. */
export function postgresCredential(
	server: Pick<PgvectorServer, 'host' | 'port'>,
	id: string,
	name: string,
) {
	return {
		id,
		name,
		type: 'postgres',
		data: {
			host: server.host,
			port: server.port,
			database: 'postgres',
			user: 'postgres',
			password: 'postgres',
			ssl: 'disable',
		},
	};
}
