/** The test server's wire: recorded error bodies, reading requests, sending (slowly, cut off) answers. */
import type http from 'node:http';

import type { LoggedRequest, Reply, StreamStep } from './types';

/** TGI's request limit (--payload-limit). */
export const MAX_BODY_BYTES = 2_000_000;

/** Replies a test can trigger from inside a request, so one workflow can mix outcomes per item. */
const TRIGGERS = /\[\[(status|reset|delay):([^\]]*)\]\]/;

/** TGI and router error bodies, keyed by status, as they arrive on the wire. */
export const ERROR_BODIES: Record<number, unknown> = {
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

/** GET {prefix}/models: OpenAI's list with the one served model. */
export function modelListFor(model: string) {
	const created = 1_731_000_000;
	return { object: 'list', data: [{ id: model, object: 'model', created, owned_by: model }] };
}

/** A request whose body holds [[status:429]], [[reset:]] or [[delay:200]] gets that reply (any route). */
export function triggeredReply(body: unknown): Reply | undefined {
	const text = JSON.stringify(body ?? '');
	const match = TRIGGERS.exec(text);
	if (!match) return undefined;
	const [, kind, value] = match;
	if (kind === 'reset') return { status: 0, destroy: true };
	if (kind === 'delay') return { status: 200, delayMs: Number(value) };
	const status = Number(value);
	const reply: Reply = {
		status,
		body: ERROR_BODIES[status] ?? { error: `Scripted ${status}`, error_type: 'test' },
	};
	if (status === 401) reply.body = '';
	return reply;
}

/** Reads a JSON request body into the log, or the answer TGI gives when it can't. */
export function readJson(
	req: http.IncomingMessage,
	raw: Buffer | undefined,
	logged: LoggedRequest,
): Reply | undefined {
	if (raw === undefined) return { status: 413, body: ERROR_BODIES[413] };
	if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
		return { status: 415, body: ERROR_BODIES[415] };
	}
	try {
		logged.body = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		return {
			status: 400,
			body: `Failed to parse the request body as JSON: ${(error as Error).message}`,
		};
	}
	return undefined;
}

/** The raw request body; undefined when over TGI's limit. */
export function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
		req.on('error', () => resolve(Buffer.alloc(0)));
	});
}

/** Writes an event stream step by step, logging when each event went out. */
function sendStream(res: http.ServerResponse, steps: StreamStep[], logged: LoggedRequest): void {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	res.flushHeaders();
	logged.sentAt = [];
	let timer: ReturnType<typeof setTimeout> | undefined;
	let next = 0;
	const step = () => {
		if (res.destroyed) return;
		const current = steps[next++];
		if (!current) {
			res.end();
			return;
		}
		if (current.stall) return; // silence, with the connection open, until the client gives up
		if (current.destroy) {
			res.socket?.destroy();
			return;
		}
		res.write(current.text ?? '');
		logged.sentAt?.push(Date.now());
		timer = setTimeout(step, steps[next]?.delayMs ?? 0);
	};
	res.on('close', () => {
		clearTimeout(timer);
		if (next <= steps.length && !res.writableFinished) logged.aborted = true;
	});
	timer = setTimeout(step, steps[0]?.delayMs ?? 0);
}

/** Sends a reply: empty, text or JSON; all at once, dripped byte by byte, cut off midway, or streamed. */
export function send(res: http.ServerResponse, reply: Reply, logged: LoggedRequest): void {
	const { status, body, headers = {} } = reply;
	if (reply.stream) {
		sendStream(res, reply.stream, logged);
		return;
	}
	if (body === undefined || body === '') {
		res.writeHead(status, { 'content-length': '0', ...definedHeaders(headers) }).end();
		return;
	}
	const isText = typeof body === 'string';
	const payload = Buffer.from(isText ? body : JSON.stringify(body));
	const type = isText
		? body.startsWith('<')
			? 'text/html'
			: 'text/plain; charset=utf-8'
		: 'application/json';
	res.writeHead(status, {
		'content-type': type,
		'content-length': payload.length,
		...definedHeaders(headers),
	});
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

const definedHeaders = (headers: Record<string, string | undefined>) =>
	Object.fromEntries(
		Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
	);
