/** Shared setup for integration tests: one TGI test server per file, helpers to run the node. */
import * as harness from '../../testing/harness/runWorkflow';
import { TgiTestServer, type ServerOptions } from '../../testing/server/tgiServer';

export const API_KEY = 'hf_TESTKEY_d0n0tl3ak_9f8e7d6c5b4a';

export type { LoggedRequest, Reply } from '../../testing/server/tgiServer';
export type { OutputItem, RunResult } from '../../testing/harness/runWorkflow';

/** The test server as tests use it. */
export type TestServer = TgiTestServer;

export function startServer(options: ServerOptions = {}) {
	const server = new TgiTestServer({ apiKey: API_KEY, ...options });
	beforeAll(async () => {
		await server.start();
	});
	afterAll(async () => await server.stop());
	beforeEach(() => server.reset());
	return server;
}

/**
 * A credential for the server at its root with v1. Server Type is TGI, as the default test server
 * speaks: no detection request joins the server's log (test/integration/dialects.test.ts detects).
 */
export const selfHosted = (server: TestServer, extra: Record<string, unknown> = {}) => ({
	apiKey: API_KEY,
	baseUrl: server.url,
	apiVersion: 'v1',
	serverType: 'tgi',
	...extra,
});

/** A credential in the router's URL shape ({origin}/novita/ and v3/openai), for the server's dialect. */
export const routerStyle = (server: TestServer, extra: Record<string, unknown> = {}) => ({
	apiKey: API_KEY,
	baseUrl: `${server.url}/novita/`,
	apiVersion: 'v3/openai',
	serverType: 'tgi',
	...extra,
});

/** Node parameters for "Message a Model" with one user message per item from `{{ $json.q }}`. */
export function chatParameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'chat',
		operation: 'message',
		modelId: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' },
		messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
		...extra,
	};
}

export async function runChat(options: {
	items: object[];
	parameters?: Record<string, unknown>;
	credentials: Record<string, unknown>;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/** Cancels the execution (as the editor's stop button does) when this settles. */
	cancelOn?: Promise<unknown>;
}): Promise<harness.RunResult> {
	return await harness.runChatWorkflow({ parameters: chatParameters(), ...options });
}

export const searchModels = harness.searchModels;

/** The POSTs the server received at `path`. */
export const posts = (server: TestServer, path: string) =>
	server.requests.filter((request) => request.method === 'POST' && request.url === path);

/** A credential that lets the node detect the server (Server Type on Auto-detect). */
export const detected = (server: TestServer, extra: Record<string, unknown> = {}) =>
	selfHosted(server, { serverType: 'auto', ...extra });
