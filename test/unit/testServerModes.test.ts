/**
 * The test server's modes (testing/server/modes.ts): each server it plays answers every question
 * the server and its stream writer ask, and in the server's own shapes.
 */
import { MODES, type ModeProfile } from '../../testing/server/modes';
import { completionFor } from '../../testing/server/tgiCompletion';
import { streamSteps } from '../../testing/server/streaming';
import type { ServerMode } from '../../testing/server/types';

const valid = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
const modes = Object.entries(MODES) as Array<[ServerMode, ModeProfile]>;
const config = { model: 'm', maxClientBatchSize: 32, maxInputLength: 512 };

describe.each(modes)('the %s mode', (_name, mode) => {
	it('has its routes, and says which', () => {
		expect(mode.prefixes.length).toBeGreaterThan(0);
		for (const prefix of mode.prefixes) expect(prefix).toMatch(/^\/[^/].*[^/]$/);
		for (const flag of [mode.models, mode.checkAuthOnModels, mode.infoChecksKey, mode.generate])
			expect(typeof flag).toBe('boolean');
		// Every server serves something: chat completions, or embeddings and rerank.
		expect(mode.chat !== undefined || mode.retrieval !== undefined).toBe(true);
	});

	it('answers a wrong key with 401, no route with 404, overload with 429', () => {
		expect(mode.unauthorized().status).toBe(401);
		expect(mode.notFound().status).toBe(404);
		expect(mode.overloaded().status).toBe(429);
	});
});

const chatModes = modes.flatMap(([name, mode]) => (mode.chat ? [[name, mode.chat] as const] : []));

describe.each(chatModes)('the %s mode’s chat completions', (_name, chat) => {
	it('takes a valid chat request and answers it with one choice; refuses one without messages', () => {
		expect(chat.validate(valid)).toBeUndefined();
		const answer = chat.completion(valid, 'm');
		expect(answer.choices).toHaveLength(1);
		expect(answer.choices[0].message.content).toBe('Echo: Hi');
		const refused = chat.validate({ model: 'm' });
		expect(refused?.status).toBeGreaterThanOrEqual(400);
		expect(refused?.status).toBeLessThan(500);
	});

	it('streams the same answer, ending with [DONE], and can fail inside the stream', () => {
		const answer = chat.completion(valid, 'm');
		const text = streamSteps(chat.stream, valid, answer, 0)
			.map((step) => step.text ?? '')
			.join('');
		expect(text).toMatch(/data: ?\[DONE\]\s*$/);
		const contents = [...text.matchAll(/"content":"([^"]*)"/g)].map((match) => match[1]);
		expect(contents.join('')).toBe('Echo: Hi');
		const failing = { ...valid, messages: [{ role: 'user', content: 'Hi [[stream-error:1]]' }] };
		const errorText = streamSteps(chat.stream, failing, answer, 0)
			.map((step) => step.text ?? '')
			.join('');
		expect(errorText).toContain('CUDA out of memory');
	});
});

describe('the modes differ where the servers do', () => {
	const names = (test: (mode: ModeProfile) => boolean) =>
		modes.filter(([, mode]) => test(mode)).map(([name]) => name);

	it('only TGI generates at /generate, and has an empty 401 with TEI', () => {
		expect(names((mode) => mode.generate)).toEqual(['tgi']);
		expect(names((mode) => mode.unauthorized().body === '')).toEqual(['tgi', 'tei']);
	});

	it('TGI and TEI answer /info, and only TEI checks the key there; only TEI has no chat and no /models', () => {
		expect(names((mode) => mode.info !== undefined)).toEqual(['tgi', 'tei']);
		expect(names((mode) => mode.info !== undefined && mode.infoChecksKey)).toEqual(['tei']);
		expect(names((mode) => mode.chat === undefined)).toEqual(['tei']);
		expect(names((mode) => !mode.models)).toEqual(['tei']);
	});

	it('only llama.cpp leaves a bare json_object unconstrained', () => {
		const bare = { ...valid, response_format: { type: 'json_object' } };
		const unconstrained = modes
			.filter(([name, mode]) => name !== 'tgi' && mode.chat)
			.filter(([, mode]) => {
				const content = mode.chat?.completion(bare, 'm').choices[0].message.content;
				return !String(content).startsWith('{');
			})
			.map(([name]) => name);
		expect(unconstrained).toEqual(['llamacpp']);
	});

	it('each serves embeddings where the real server does', () => {
		const embeddings = (path: string) =>
			names((mode) => mode.retrieval?.(path, mode.prefixes, config) !== undefined);
		expect(embeddings('/embed')).toEqual(['tei']);
		expect(embeddings('/v1/embeddings')).toEqual(['vllm', 'llamacpp', 'tei']);
		expect(embeddings('/v1/rerank')).toEqual(['vllm', 'llamacpp']);
		expect(embeddings('/rerank')).toEqual(['vllm', 'llamacpp', 'tei']);
		expect(embeddings('/hf-inference/models/m/pipeline/feature-extraction')).toEqual(['router']);
	});
});

describe("the test server's answer to a calculator-like tool", () => {
	const calculator = {
		type: 'function',
		function: {
			name: 'calculator',
			parameters: { type: 'object', properties: { input: { type: 'string' } } },
		},
	};
	const argsFor = (question: string) => {
		const answer = completionFor(
			{ messages: [{ role: 'user', content: question }], tools: [calculator] },
			'm',
		);
		const calls = answer.choices[0].message.tool_calls as Array<{
			function: { arguments: string };
		}>;
		return calls[0].function.arguments;
	};

	it.each([
		['What is 6 times 7? Use the calculator.', '{"input":"6 * 7"}'],
		['12.5 divided by 5', '{"input":"12.5 / 5"}'],
		['3+4', '{"input":"3 + 4"}'],
		['What is the weather?', '{"input":"sample"}'],
	])('%s → %s', (question, args) => {
		expect(argsFor(question)).toBe(args);
	});
});
