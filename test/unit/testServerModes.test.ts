/**
 * The test server's modes (testing/server/modes.ts): each server it plays answers every question
 * the server and its stream writer ask, and in the server's own shapes.
 */
import { MODES } from '../../testing/server/modes';
import { streamSteps } from '../../testing/server/streaming';
import type { ServerMode } from '../../testing/server/types';

const valid = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
const modes = Object.entries(MODES) as Array<[ServerMode, (typeof MODES)[ServerMode]]>;

describe.each(modes)('the %s mode', (_name, mode) => {
	it('has its routes, and says which', () => {
		expect(mode.prefixes.length).toBeGreaterThan(0);
		for (const prefix of mode.prefixes) expect(prefix).toMatch(/^\/[^/].*[^/]$/);
		expect(typeof mode.nativeRoutes).toBe('boolean');
		expect(typeof mode.checkAuthOnModels).toBe('boolean');
	});

	it('answers a wrong key with 401, no route with 404, overload with 429', () => {
		expect(mode.unauthorized().status).toBe(401);
		expect(mode.notFound().status).toBe(404);
		expect(mode.overloaded().status).toBe(429);
	});

	it('takes a valid chat request and answers it with one choice; refuses one without messages', () => {
		expect(mode.validateChat(valid)).toBeUndefined();
		const answer = mode.completion(valid, 'm');
		expect(answer.choices).toHaveLength(1);
		expect(answer.choices[0].message.content).toBe('Echo: Hi');
		const refused = mode.validateChat({ model: 'm' });
		expect(refused?.status).toBeGreaterThanOrEqual(400);
		expect(refused?.status).toBeLessThan(500);
	});

	it('streams the same answer, ending with [DONE], and can fail inside the stream', () => {
		const answer = mode.completion(valid, 'm');
		const steps = streamSteps(mode.stream, valid, answer, 0);
		const text = steps.map((step) => step.text ?? '').join('');
		expect(text).toMatch(/data: ?\[DONE\]\s*$/);
		const contents = [...text.matchAll(/"content":"([^"]*)"/g)].map((match) => match[1]).join('');
		expect(contents).toBe('Echo: Hi');
		const failing = { ...valid, messages: [{ role: 'user', content: 'Hi [[stream-error:1]]' }] };
		const errorText = streamSteps(mode.stream, failing, answer, 0)
			.map((step) => step.text ?? '')
			.join('');
		expect(errorText).toContain('CUDA out of memory');
	});
});

describe('the modes differ where the servers do', () => {
	it('only TGI has the native routes and an empty 401', () => {
		expect(modes.filter(([, mode]) => mode.nativeRoutes).map(([name]) => name)).toEqual(['tgi']);
		expect(MODES.tgi.unauthorized().body).toBe('');
	});

	it('only llama.cpp leaves a bare json_object unconstrained', () => {
		const bare = { ...valid, response_format: { type: 'json_object' } };
		const unconstrained = modes
			.filter(([name]) => name !== 'tgi')
			.filter(([, mode]) => {
				const content = mode.completion(bare, 'm').choices[0].message.content;
				return !String(content).startsWith('{');
			})
			.map(([name]) => name);
		expect(unconstrained).toEqual(['llamacpp']);
	});
});
