// A Postgres with pgvector on 127.0.0.1 for tests, as its own process: PGlite (Postgres compiled
// to WebAssembly) with its pgvector extension (pgvector's own C code, compiled the same way),
// served over Postgres' wire protocol by pglite-socket, so n8n's Postgres PGVector Store connects
// to it as to any Postgres. Debian bookworm's archive (main, updates, security, backports) has no
// postgresql-15-pgvector, and nothing else reaches the internet here (README › Tests).
//
// Prints {"host", "port"} as its first line; then runs each line of stdin as SQL and prints the
// rows (or {"error"}) as one JSON line. Ends when stdin closes.
import { createInterface } from 'node:readline';

import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create({ extensions: { vector } });
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 20 });
await server.start();
const [host, port] = server.getServerConn().split(':');
process.stdout.write(`${JSON.stringify({ host, port: Number(port) })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
	if (line.trim() === '') continue;
	try {
		const { rows } = await db.query(line);
		process.stdout.write(`${JSON.stringify({ rows })}\n`);
	} catch (error) {
		process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
	}
}
await server.stop();
await db.close();
