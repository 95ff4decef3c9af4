// @ts-check
/** Runs before every test file: keep n8n's files out of $HOME and keep every test on loopback. */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const userFolder = path.join(os.tmpdir(), 'n8n-nodes-huggingface-tgi-tests');
fs.mkdirSync(userFolder, { recursive: true });
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-not-a-secret';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;
const connect = net.Socket.prototype.connect;
/** Nothing in the test suite may leave 127.0.0.1: a connection elsewhere fails the request. */
net.Socket.prototype.connect = /** @type {any} */ (
	function (/** @type {any[]} */ ...args) {
		// net.connect() and http hand over their already normalized [options, callback] array.
		const first = Array.isArray(args[0]) ? args[0][0] : args[0];
		const options =
			typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
		const host = options.host ?? 'localhost';
		if (options.path === undefined && !LOOPBACK.test(host)) {
			process.nextTick(() =>
				this.destroy(
					Object.assign(new Error(`Blocked: tests never connect to ${host}`), {
						code: 'ENETUNREACH',
					}),
				),
			);
			return this;
		}
		return connect.apply(this, /** @type {any} */ (args));
	}
);
