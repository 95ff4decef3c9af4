/** Shared setup for integration tests: one TGI test server per file, helpers to run the node. */
import * as harness from '../harness/runWorkflow';
import { TgiTestServer } from '../server/tgiServer';

export const API_KEY = 'hf_TESTKEY_d0n0tl3ak_9f8e7d6c5b4a';

export interface LoggedRequest {
	method: string;
	url: string;
	headers: Record<string, string | undefined>;
	body: Record<string, unknown> & { messages?: Array<{ role: string; content: unknown }> };
	receivedAt: number;
	/** What the server answered (0: connection reset); unset when the client hung up first. */
	status?: number;
	aborted?: boolean;
}

/** What a test server script may answer; `destroy` resets the connection. */
export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string | undefined>;
	delayMs?: number;
	destroy?: boolean;
	/** Headers at once, then one byte of the body every dripMs. */
	dripMs?: number;
	/** Headers and half the body, then the connection is closed. */
	cut?: boolean;
}

export interface TestServer {
	url: string;
	requests: LoggedRequest[];
	maxInFlight: number;
	inFlight: number;
	latencyMs: number;
	maxConcurrent: number;
	/** Requests refused with 429 because of maxConcurrent. */
	overloaded: number;
	apiKey?: string;
	checkAuthOnModels: boolean;
	script?: (request: LoggedRequest) => Reply | undefined;
	start(): Promise<string>;
	stop(): Promise<void>;
	reset(): void;
}

export interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number };
}

export interface RunResult {
	run: unknown;
	output: OutputItem[];
	errorOutput: OutputItem[];
	error?: {
		message: string;
		description?: string;
		httpCode?: string;
		context?: { itemIndex?: number };
	};
}

export function startServer(options: Record<string, unknown> = {}) {
	const server = new TgiTestServer({ apiKey: API_KEY, ...options }) as unknown as TestServer;
	beforeAll(async () => {
		await server.start();
	});
	afterAll(async () => await server.stop());
	beforeEach(() => server.reset());
	return server;
}

export const selfHosted = (server: TestServer, extra: Record<string, unknown> = {}) => ({
	apiKey: API_KEY,
	baseUrl: server.url,
	apiVersion: 'v1',
	...extra,
});

export const routerStyle = (server: TestServer) => ({
	apiKey: API_KEY,
	baseUrl: `${server.url}/novita/`,
	apiVersion: 'v3/openai',
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
}): Promise<RunResult> {
	return (await harness.runChatWorkflow({ parameters: chatParameters(), ...options })) as RunResult;
}

export const searchModels = harness.searchModels as (
	credentials: Record<string, unknown>,
	filter?: string,
) => Promise<{ results: Array<{ name: string; value: string }> }>;
