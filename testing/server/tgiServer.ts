/**
 * A TGI-compatible HTTP server for tests, the demo and benchmarks: TGI's wire format as recorded in
 * test/fixtures/tgi (quirks included), injected latency and errors, streamed answers (streaming.ts);
 * in `router`, `vllm` and `llamacpp` mode the OpenAI-compatible dialect instead, in `tei` mode Text Embeddings
 * Inference (modes.ts; embeddings and rerank routes: embeddingRoutes.ts).
 *
 * Routes, below each configured prefix (`/v1` for a self-hosted TGI, `/novita/v3/openai` router-style):
 *   GET  {prefix}/models            -> {"object":"list","data":[ModelInfo]}
 *   POST {prefix}/chat/completions  -> ChatCompletion (id "", one choice, TGI's finish reasons)
 * and at the root (tgiNative.ts): POST /generate -> GenerateResponse, GET /info -> Info.
 * Anything else answers 404 with an empty body, as TGI's router does.
 *
 * Every request goes through one pipeline: parse → auth → scripted faults → validate → answer, so a
 * script (or a [[status:…]] trigger in the request) can fail any route, known or not.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { type ModeProfile, MODES } from './modes';
import { streamSteps } from './streaming';
import { generateProblem, generationFor } from './tgiNative';
import { modelListFor, readBody, readJson, send, triggeredReply } from './wire';
import type { LoggedRequest, Reply, Script, ServerMode, ServerOptions } from './types';

export { ERROR_BODIES, MAX_BODY_BYTES } from './wire';
export type { LoggedRequest, Reply, Script, ServerMode, ServerOptions } from './types';

/** One route: how its request is read and checked, and what it answers. */
interface Route {
	method: 'GET' | 'POST';
	/** Reads a JSON body (413, 415 and 400 as TGI's HTTP layer answers them). */
	json: boolean;
	/** Checks the API key (TGI: generation routes only; the router: /models too). */
	auth: boolean;
	validate?: (body: any) => Reply | undefined;
	answer: (body: any) => unknown;
	/** Chat completions: `"stream": true` gets the answer as an event stream. */
	streams?: boolean;
}

export class TgiTestServer {
	readonly mode: ServerMode;
	/** What the server plays, asked wherever servers differ. */
	private readonly profile: ModeProfile;
	prefixes: string[];
	apiKey?: string;
	checkAuthOnModels: boolean;
	model: string;
	latencyMs: number;
	streamDelayMs: number;
	maxConcurrent: number;
	maxClientBatchSize: number;
	maxInputLength: number;
	modelType?: 'embedding' | 'reranker' | 'classifier';
	/** Which TEI generation it plays in TEI mode (types.ts). */
	teiVersion: '1.8' | '1.9';
	/** Requests refused with 429 because of maxConcurrent. */
	overloaded = 0;
	port: number;
	url = '';
	requests: LoggedRequest[] = [];
	inFlight = 0;
	maxInFlight = 0;
	script?: Script;
	private readonly sockets = new Set<Socket>();
	private readonly server: http.Server;

	constructor(options: ServerOptions = {}) {
		this.mode = options.mode ?? 'tgi';
		this.profile = MODES[this.mode];
		this.prefixes = options.prefixes ?? this.profile.prefixes;
		this.apiKey = options.apiKey;
		// TGI checks the key on generation routes only; the router and vLLM's --api-key on every route.
		this.checkAuthOnModels = options.checkAuthOnModels ?? this.profile.checkAuthOnModels;
		this.model = options.model ?? 'meta-llama/Llama-3.1-8B-Instruct';
		this.latencyMs = options.latencyMs ?? 0;
		this.streamDelayMs = options.streamDelayMs ?? 5;
		this.maxConcurrent = options.maxConcurrent ?? 0;
		this.maxClientBatchSize = options.maxClientBatchSize ?? 32;
		this.maxInputLength = options.maxInputLength ?? 512;
		this.modelType = options.modelType;
		this.teiVersion = options.teiVersion ?? '1.9';
		this.port = options.port ?? 0;
		this.server = http.createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	/** Starts listening on 127.0.0.1; resolves with the origin, e.g. http://127.0.0.1:41234. */
	async start(): Promise<string> {
		await new Promise<void>((resolve) =>
			this.server.listen(this.port, '127.0.0.1', () => resolve()),
		);
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	/** Connections the clients still hold open. */
	get openConnections(): number {
		return this.sockets.size;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	reset(): void {
		this.requests = [];
		this.script = undefined;
		this.maxInFlight = 0;
		this.overloaded = 0;
	}

	/** The route for a path, or undefined (404). */
	private routeFor(path: string): Route | undefined {
		const { profile } = this;
		const { info, chat } = profile;
		if (info && path === '/info') {
			const answer = () => info(this.retrievalConfig());
			return { method: 'GET', json: false, auth: profile.infoChecksKey, answer };
		}
		if (profile.generate && path === '/generate') {
			return {
				method: 'POST',
				json: true,
				auth: true,
				validate: generateProblem,
				answer: generationFor,
			};
		}
		if (profile.models && this.prefixes.some((p) => path === `${p}/models`)) {
			return {
				method: 'GET',
				json: false,
				auth: this.checkAuthOnModels,
				answer: () => this.modelList(),
			};
		}
		if (chat && this.prefixes.some((p) => path === `${p}/chat/completions`)) {
			return {
				method: 'POST',
				json: true,
				auth: true,
				validate: (body) => chat.validate(body),
				answer: (body) => chat.completion(body, this.model),
				streams: true,
			};
		}
		const retrieval = profile.retrieval?.(path, this.prefixes, this.retrievalConfig());
		if (!retrieval) return undefined;
		return { method: 'POST', json: true, auth: true, ...retrieval };
	}

	/** The model and limits the retrieval routes and TEI's /info answer with. */
	private retrievalConfig() {
		return {
			model: this.model,
			maxClientBatchSize: this.maxClientBatchSize,
			maxInputLength: this.maxInputLength,
			modelType: this.modelType,
			maxConcurrentRequests: this.maxConcurrent,
			// TEI's generations; the other servers truncate only when asked, and answer 413.
			...(this.mode === 'tei' && this.teiVersion === '1.9'
				? { autoTruncate: true, validationStatus: 422 as const, version: '1.9.0' }
				: { autoTruncate: false, validationStatus: 413 as const, version: '1.8.0' }),
		};
	}

	/** parse → auth → scripted faults → validate → answer. */
	private pipeline(
		req: http.IncomingMessage,
		raw: Buffer | undefined,
		logged: LoggedRequest,
	): Reply {
		const route = this.routeFor(logged.url.split('?')[0]);
		if (route && req.method !== route.method) return { status: 405, body: '' };
		const { payloadLimit } = this.profile;
		if (payloadLimit !== undefined && raw !== undefined && raw.length > payloadLimit) {
			const body = 'Failed to buffer the request body: length limit exceeded';
			return { status: 413, body, headers: { 'content-type': 'text/plain; charset=utf-8' } };
		}
		if (route?.json) {
			const unreadable = readJson(req, raw, logged);
			if (unreadable) return unreadable;
		}
		if (route?.auth && this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`) {
			return this.profile.unauthorized();
		}
		const scripted = this.script?.(logged) ?? triggeredReply(logged.body);
		// A plain {status: 200} (with a delay or headers, say) only shapes the route's own answer.
		const answers = scripted?.body !== undefined || scripted?.stream !== undefined;
		if (scripted && (scripted.status !== 200 || answers)) return scripted;
		if (!route) return this.profile.notFound();
		const invalid = route.validate?.(logged.body);
		if (invalid) return invalid;
		const answer = route.answer(logged.body);
		const style = this.profile.chat?.stream;
		if (route.streams && style && logged.body?.stream === true) {
			const stream = streamSteps(style, logged.body, answer, this.streamDelayMs);
			return { status: 200, stream, delayMs: scripted?.delayMs, headers: scripted?.headers };
		}
		return { status: 200, body: answer, delayMs: scripted?.delayMs, headers: scripted?.headers };
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		const overloaded = this.maxConcurrent > 0 && this.inFlight > this.maxConcurrent;
		const logged: LoggedRequest = {
			method: req.method ?? 'GET',
			// As an HTTP proxy (HTTP_PROXY set to this server), it gets the absolute form of the
			// address (http://router.huggingface.co/…) and answers as that host would: by its path.
			url: (req.url ?? '/').replace(/^http:\/\/[^/]+/i, '') || '/',
			headers: req.headers as LoggedRequest['headers'],
			body: undefined,
			receivedAt: Date.now(),
		};
		let done = false;
		// Counted out when the answer is handed to the socket, before the client can send the next.
		const finished = () => {
			if (!done) this.inFlight--;
			done = true;
		};
		res.on('finish', finished);
		res.on('close', () => {
			finished();
			// The client hung up before the answer (cancelled, or its timeout).
			if (!res.writableFinished && logged.status === undefined) logged.aborted = true;
		});
		const raw = await readBody(req);
		this.requests.push(logged);
		let reply: Reply;
		try {
			reply = this.pipeline(req, raw, logged);
		} catch (error) {
			reply = { status: 500, body: `test server script failed: ${(error as Error).message}` };
		}
		if (overloaded && reply.status === 200) {
			this.overloaded++;
			reply = this.profile.overloaded();
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

	modelList() {
		return modelListFor(this.model);
	}
}
