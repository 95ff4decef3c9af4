// @ts-check
/**
 * A TGI-compatible HTTP server for tests, the demo and benchmarks. It speaks TGI's wire format as
 * recorded in test/fixtures/tgi (quirks included) and can inject latency and errors.
 *
 * Routes, below each configured prefix (`/v1` for a self-hosted TGI, `/novita/v3/openai` router-style):
 *   GET  {prefix}/models            -> {"object":"list","data":[ModelInfo]}
 *   POST {prefix}/chat/completions  -> ChatCompletion (id "", one choice, TGI's finish reasons)
 * and at the root (tgiNative.js): POST /generate -> GenerateResponse, GET /info -> Info.
 * Anything else answers 404 with an empty body, as TGI's router does.
 */
const http = require('node:http');
const { validateChatRequest } = require('./tgiValidation');
const { completionFor } = require('./tgiCompletion');
const { generateProblem, generationFor, infoFor } = require('./tgiNative');

const MAX_BODY_BYTES = 2_000_000;

/**
 * A reply may also be sent slowly (`dripMs`: headers at once, then one byte every dripMs) or cut off
 * (`cut`: headers and half the body, then the connection is closed).
 * @typedef {{status: number, body?: unknown, headers?: Record<string, string>, delayMs?: number, destroy?: boolean,
 *   dripMs?: number, cut?: boolean}} Reply
 * @typedef {{
 *   method: string, url: string, headers: http.IncomingHttpHeaders, body: any,
 *   receivedAt: number, status?: number, aborted?: boolean
 * }} LoggedRequest
 * @typedef {{
 *   prefixes?: string[], apiKey?: string, checkAuthOnModels?: boolean, model?: string,
 *   latencyMs?: number, port?: number, maxConcurrent?: number
 * }} ServerOptions
 */

/** Replies a test can trigger from inside a message, so one workflow can mix outcomes per item. */
const MESSAGE_TRIGGERS = /\[\[(status|reset|delay):([^\]]*)\]\]/;

/**
 * TGI and router error bodies, keyed by status, as they arrive on the wire.
 * @type {Record<number, unknown>}
 */
const ERROR_BODIES = {
	400: 'Failed to parse the request body as JSON: messages: EOF while parsing a list at line 1 column 14',
	402: {
		error:
			'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.',
	},
	403: {
		error: {
			message:
				'This authentication method does not have sufficient permissions to call Inference Providers on behalf of user test',
			type: 'invalid_request_error',
			code: 'forbidden',
		},
	},
	404: {
		error: {
			message: 'The requested model does not exist',
			type: 'invalid_request_error',
			code: 'model_not_found',
		},
	},
	413: 'Failed to buffer the request body: length limit exceeded',
	415: 'Expected request with `Content-Type: application/json`',
	422: { error: 'Template error: template not found', error_type: 'template_error' },
	424: {
		error: 'Request failed during generation: Server error: CUDA out of memory',
		error_type: 'generation',
	},
	429: { error: 'Model is overloaded', error_type: 'overloaded' },
	500: { error: 'Incomplete generation', error_type: 'incomplete_generation' },
	502: '<html><body><h1>502 Bad Gateway</h1></body></html>',
	503: {
		error: 'Model meta-llama/Llama-3.1-8B-Instruct is currently loading',
		estimated_time: 42.5,
	},
	504: { detail: 'Gateway Timeout' },
};

class TgiTestServer {
	/** @param {ServerOptions} [options] */
	constructor(options = {}) {
		this.prefixes = options.prefixes ?? ['/v1', '/novita/v3/openai'];
		this.apiKey = options.apiKey;
		this.checkAuthOnModels = options.checkAuthOnModels ?? false;
		this.model = options.model ?? 'meta-llama/Llama-3.1-8B-Instruct';
		this.latencyMs = options.latencyMs ?? 0;
		/** Like TGI's --max-concurrent-requests: requests beyond it get 429 "Model is overloaded" at once. */
		this.maxConcurrent = options.maxConcurrent ?? 0;
		this.overloaded = 0;
		this.port = options.port ?? 0;
		/** @type {LoggedRequest[]} */
		this.requests = [];
		this.inFlight = 0;
		this.maxInFlight = 0;
		/** @type {((request: LoggedRequest) => Reply | undefined) | undefined} */
		this.script = undefined;
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	/** @returns {Promise<string>} the origin, e.g. http://127.0.0.1:41234 */
	async start() {
		await new Promise((resolve) =>
			this.server.listen(this.port, '127.0.0.1', () => resolve(undefined)),
		);
		const address = /** @type {import('node:net').AddressInfo} */ (this.server.address());
		this.url = `http://127.0.0.1:${address.port}`;
		return this.url;
	}

	async stop() {
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}

	reset() {
		this.requests = [];
		this.script = undefined;
		this.maxInFlight = 0;
		this.overloaded = 0;
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async handle(req, res) {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		const overloaded = this.maxConcurrent > 0 && this.inFlight > this.maxConcurrent;
		/** @type {LoggedRequest} */
		const logged = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			headers: req.headers,
			body: undefined,
			receivedAt: Date.now(),
		};
		let done = false;
		// Counted out when the answer is handed to the socket, before the client can send the next.
		res.on('finish', () => {
			if (!done) this.inFlight--;
			done = true;
		});
		res.on('close', () => {
			if (!done) this.inFlight--;
			done = true;
			// The client hung up before the answer (cancelled, or its timeout).
			if (!res.writableFinished && logged.status === undefined) logged.aborted = true;
		});
		const raw = await readBody(req);
		this.requests.push(logged);
		/** @type {Reply} */
		let reply;
		try {
			reply = this.route(req, raw, logged);
		} catch (error) {
			reply = {
				status: 500,
				body: `test server script failed: ${/** @type {Error} */ (error).message}`,
			};
		}
		if (overloaded && reply.status === 200) {
			this.overloaded++;
			reply = { status: 429, body: ERROR_BODIES[429] };
		}
		const delay = reply.status === 429 && overloaded ? 0 : (reply.delayMs ?? 0) + this.latencyMs;
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
		if (logged.aborted) return;
		if (reply.destroy) {
			logged.status = 0;
			req.socket.destroy();
			return;
		}
		logged.status = reply.status;
		send(res, reply, logged);
	}

	/**
	 * @param {http.IncomingMessage} req @param {Buffer | undefined} raw @param {LoggedRequest} logged
	 * @returns {Reply}
	 */
	route(req, raw, logged) {
		const path = (req.url ?? '/').split('?')[0];
		if (path === '/info' || path === '/generate') return this.routeNative(req, raw, logged, path);
		const prefix = this.prefixes.find(
			(p) => path === `${p}/models` || path === `${p}/chat/completions`,
		);
		if (!prefix) return { status: 404, body: '' };
		const route = path.slice(prefix.length);
		const authorized = !this.apiKey || req.headers.authorization === `Bearer ${this.apiKey}`;
		if (route === '/models' && req.method === 'GET') {
			if (this.checkAuthOnModels && !authorized) return { status: 401, body: '' };
			const scripted = this.script?.(logged);
			if (scripted) return scripted;
			return { status: 200, body: this.modelList() };
		}
		if (route !== '/chat/completions' || req.method !== 'POST') return { status: 405, body: '' };
		const unreadable = readJson(req, raw, logged);
		if (unreadable) return unreadable;
		// TGI checks the key on generation routes only, with an empty 401 body.
		if (!authorized) return { status: 401, body: '' };
		const scripted = this.script?.(logged) ?? triggeredReply(logged.body);
		if (scripted && (scripted.status !== 200 || scripted.body !== undefined)) return scripted;
		const invalid = validateChatRequest(logged.body);
		if (invalid) return invalid;
		return {
			status: 200,
			body: completionFor(logged.body, this.model),
			delayMs: scripted?.delayMs,
		};
	}

	/**
	 * @param {http.IncomingMessage} req @param {Buffer | undefined} raw @param {LoggedRequest} logged
	 * @param {string} path @returns {Reply}
	 */
	routeNative(req, raw, logged, path) {
		if (path === '/info') {
			if (req.method !== 'GET') return { status: 405, body: '' };
			return this.script?.(logged) ?? { status: 200, body: infoFor(this.model) };
		}
		if (req.method !== 'POST') return { status: 405, body: '' };
		const unreadable = readJson(req, raw, logged);
		if (unreadable) return unreadable;
		if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`)
			return { status: 401, body: '' };
		const scripted = this.script?.(logged);
		if (scripted) return scripted;
		return generateProblem(logged.body) ?? { status: 200, body: generationFor(logged.body) };
	}

	modelList() {
		const created = 1_731_000_000;
		return {
			object: 'list',
			data: [{ id: this.model, object: 'model', created, owned_by: this.model }],
		};
	}
}

/**
 * A message containing [[status:429]], [[reset:]] or [[delay:200]] picks the reply for its item.
 * @param {any} body @returns {Reply | undefined}
 */
function triggeredReply(body) {
	const text = JSON.stringify(body?.messages ?? []);
	const match = MESSAGE_TRIGGERS.exec(text);
	if (!match) return undefined;
	const [, kind, value] = match;
	if (kind === 'reset') return { status: 0, destroy: true };
	if (kind === 'delay') return { status: 200, delayMs: Number(value) };
	const status = Number(value);
	/** @type {Reply} */
	const reply = {
		status,
		body: ERROR_BODIES[status] ?? { error: `Scripted ${status}`, error_type: 'test' },
	};
	if (status === 401) reply.body = '';
	return reply;
}

/**
 * Reads a JSON request body into the log, or the answer TGI gives when it can't.
 * @param {http.IncomingMessage} req @param {Buffer | undefined} raw @param {LoggedRequest} logged
 * @returns {Reply | undefined}
 */
function readJson(req, raw, logged) {
	if (raw === undefined) return { status: 413, body: ERROR_BODIES[413] };
	if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
		return { status: 415, body: ERROR_BODIES[415] };
	}
	try {
		logged.body = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		return {
			status: 400,
			body: `Failed to parse the request body as JSON: ${/** @type {Error} */ (error).message}`,
		};
	}
	return undefined;
}

/** @param {http.IncomingMessage} req @returns {Promise<Buffer | undefined>} undefined when over TGI's limit */
function readBody(req) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
		req.on('error', () => resolve(Buffer.alloc(0)));
	});
}

/** @param {http.ServerResponse} res @param {Reply} reply @param {LoggedRequest} logged */
function send(res, reply, logged) {
	const { status, body, headers = {} } = reply;
	if (body === undefined || body === '') {
		res.writeHead(status, { 'content-length': '0', ...headers }).end();
		return;
	}
	const isText = typeof body === 'string';
	const payload = Buffer.from(isText ? body : JSON.stringify(body));
	const type = isText
		? body.startsWith('<')
			? 'text/html'
			: 'text/plain; charset=utf-8'
		: 'application/json';
	res.writeHead(status, { 'content-type': type, 'content-length': payload.length, ...headers });
	if (reply.cut) {
		res.write(payload.subarray(0, Math.floor(payload.length / 2)), () =>
			setTimeout(() => res.socket?.destroy(), 20),
		);
		return;
	}
	if (reply.dripMs) {
		res.flushHeaders();
		let sent = 0;
		const timer = setInterval(() => {
			if (res.destroyed || sent >= payload.length) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(payload.subarray(sent, ++sent));
		}, reply.dripMs);
		res.on('close', () => {
			clearInterval(timer);
			// The client hung up before the last byte (its Timeout).
			if (sent < payload.length) logged.aborted = true;
		});
		return;
	}
	res.end(payload);
}

module.exports = { TgiTestServer, ERROR_BODIES, MAX_BODY_BYTES };
