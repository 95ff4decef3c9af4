/** Event streams as servers write them, cut anywhere; and what a streamed answer becomes for the SDK. */
import type { StreamChunk } from '@n8n/ai-node-sdk';

import { DeltaAssembler, ThinkSplitter } from '../../nodes/LmChatHuggingFaceTgi/streamDeltas';
import { readStreamData, SseDecoder, type SseEvent } from '../../nodes/shared/wire/sse';
import { readSnapshot } from '../helpers/contracts';

/** Decodes `stream` fed in pieces cut at `cuts` (byte offsets). */
function decode(stream: string | Uint8Array, cuts: number[] = []): SseEvent[] {
	const bytes = typeof stream === 'string' ? new TextEncoder().encode(stream) : stream;
	const decoder = new SseDecoder();
	const events: SseEvent[] = [];
	let start = 0;
	for (const cut of [...cuts, bytes.length]) {
		events.push(...decoder.push(bytes.subarray(start, cut)));
		start = cut;
	}
	return [...events, ...decoder.end()];
}

/** A recorded list of chunks as TGI writes it: `data:{json}\n\n` each, then `data: [DONE]`. */
const asTgiStream = (chunks: unknown[]) =>
	`${chunks.map((chunk) => `data:${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;

/** Everything the assembler hands on for these event payloads, then its finish. */
function assemble(payloads: string[]): StreamChunk[] {
	const assembler = new DeltaAssembler('call_t');
	const out: StreamChunk[] = [];
	for (const payload of payloads) {
		const data = readStreamData(payload);
		if (data.kind === 'done') break;
		if (data.kind === 'chunk') out.push(...assembler.accept(data.chunk));
	}
	return [...out, ...assembler.finish()];
}

const joined = (chunks: StreamChunk[], type: 'text-delta' | 'reasoning-delta') =>
	chunks
		.filter((chunk): chunk is Extract<StreamChunk, { type: typeof type }> => chunk.type === type)
		.map((chunk) => chunk.delta)
		.join('');

describe('SseDecoder', () => {
	const stream =
		': keep-alive\r\n\r\ndata: {"a":1}\r\n\r\ndata:{"b":2}\n\nevent: error\ndata: {"c":\ndata: 3}\n\ndata: [DONE]\n\n';
	const expected = [
		{ data: '{"a":1}' },
		{ data: '{"b":2}' },
		{ event: 'error', data: '{"c":\n3}' },
		{ data: '[DONE]' },
	].map((event) => ({ event: undefined, ...event }));

	it('reads data with and without a space, comments, CRLF, multi-line events, named events', () => {
		expect(decode(stream)).toEqual(expected);
	});

	it('gives the same events however the network cuts the bytes, at every offset', () => {
		const bytes = new TextEncoder().encode(stream);
		for (let cut = 0; cut <= bytes.length; cut++) expect(decode(bytes, [cut])).toEqual(expected);
		const everyByte = Array.from({ length: bytes.length }, (_, index) => index);
		expect(decode(bytes, everyByte)).toEqual(expected);
	});

	it('keeps a character whose bytes are split across pieces', () => {
		const text = 'data: {"content":"Grüße 👋"}\n\n';
		const bytes = new TextEncoder().encode(text);
		const inside = text.indexOf('👋') + 2; // inside the emoji's 4 bytes
		expect(decode(bytes, [inside, inside + 1])).toEqual([
			{ event: undefined, data: '{"content":"Grüße 👋"}' },
		]);
	});

	it('accepts old-Mac CR line ends and a last event without its blank line', () => {
		expect(decode('data: a\rdata: b\r\rdata: c')).toEqual([
			{ event: undefined, data: 'a\nb' },
			{ event: undefined, data: 'c' },
		]);
	});
});

describe('readStreamData', () => {
	it.each([
		['[DONE]', { kind: 'done' }],
		[' [DONE] ', { kind: 'done' }],
		[
			'{"error":{"message":"Input validation error: bad","http_status_code":422}}', // TGI
			{ kind: 'error', error: { message: 'Input validation error: bad', status: 422 } },
		],
		[
			'{"error":"Request failed during generation","error_type":"generation"}', // TGI, flat
			{
				kind: 'error',
				error: { message: 'Request failed during generation', errorType: 'generation' },
			},
		],
		[
			'{"error":{"message":"Rate limited","type":"rate_limit_error","code":429}}', // OpenAI
			{
				kind: 'error',
				error: { message: 'Rate limited', status: 429, errorType: 'rate_limit_error' },
			},
		],
		[
			'{"object":"error","message":"Engine died","type":"InternalServerError","code":500}', // vLLM
			{
				kind: 'error',
				error: { message: 'Engine died', status: 500, errorType: 'InternalServerError' },
			},
		],
	])('%s', (data, expected) => {
		expect(readStreamData(data)).toEqual(expected);
	});

	it('calls an event that is not a JSON object an error, quoting it', () => {
		expect(readStreamData('{oops')).toEqual({
			kind: 'error',
			error: { message: 'The server streamed an event that is not a JSON object: "{oops"' },
		});
	});
});

describe("recorded TGI streams (TGI's integration snapshots), through the decoder and the assembler", () => {
	const replay = (name: string) =>
		assemble(decode(asTgiStream(readSnapshot(name) as unknown as unknown[])).map((e) => e.data));

	it('a tool call whose arguments arrive in pieces, role in every delta, no finish_reason chunk', () => {
		const chunks = replay('test_flash_llama_grammar_tools_choice_stream');
		const calls = chunks.filter((chunk) => chunk.type === 'tool-call-delta');
		expect(calls.length).toBeGreaterThan(5);
		// One call: one id on every piece, the name from the first.
		expect(new Set(calls.map((chunk) => chunk.id))).toEqual(new Set(['call_t_0']));
		expect(calls.every((chunk) => chunk.name === 'get_current_weather')).toBe(true);
		const args = calls.map((chunk) => chunk.argumentsDelta).join('');
		expect(JSON.parse(args)).toEqual({ location: 'Brooklyn, NY', format: 'fahrenheit' });
		expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls', usage: undefined });
	});

	it('text cut off by max_tokens (finish_reason "length")', () => {
		const chunks = replay('test_flash_llama_grammar_tools_sea_creatures_stream_auto');
		expect(joined(chunks, 'text-delta')).toMatch(/^Once upon a time/);
		expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
	});

	it('JSON mode, ending with an empty chunk that carries finish_reason "stop"', () => {
		const text = joined(replay('test_json_schema_stream'), 'text-delta');
		expect(() => JSON.parse(text)).not.toThrow();
	});
});

describe('DeltaAssembler on OpenAI-compatible chunks', () => {
	const chunk = (delta: object, finish: string | null = null) =>
		JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }], usage: null });

	it('keeps several tool calls apart by their index, with their own ids', () => {
		const chunks = assemble([
			chunk({ role: 'assistant', content: null }),
			chunk({
				tool_calls: [
					{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } },
				],
			}),
			chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
			chunk({
				tool_calls: [
					{ index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"y"' } },
				],
			}),
			chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
			chunk({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] }),
			chunk({}, 'tool_calls'),
			JSON.stringify({
				choices: [],
				usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
			}),
			'[DONE]',
		]);
		const byId = new Map<string, string>();
		for (const c of chunks)
			if (c.type === 'tool-call-delta')
				byId.set(`${c.id} ${c.name}`, (byId.get(`${c.id} ${c.name}`) ?? '') + c.argumentsDelta);
		expect(Object.fromEntries(byId)).toEqual({ 'call_t_0 f': '{"x":1}', 'call_t_1 g': '{"y":2}' });
		expect(chunks.at(-1)).toEqual({
			type: 'finish',
			finishReason: 'tool-calls',
			usage: { promptTokens: 5, completionTokens: 7, totalTokens: 12 },
		});
	});

	it('hands reasoning_content and reasoning on as reasoning, content as text', () => {
		const chunks = assemble([
			chunk({ role: 'assistant', reasoning_content: 'Think ' }),
			chunk({ reasoning: 'more.' }),
			chunk({ content: 'Answer.' }),
			chunk({}, 'stop'),
		]);
		expect(joined(chunks, 'reasoning-delta')).toBe('Think more.');
		expect(joined(chunks, 'text-delta')).toBe('Answer.');
		expect(chunks.at(-1)).toMatchObject({ finishReason: 'stop' });
	});
});

describe('ThinkSplitter', () => {
	const text = '<think>\nStep one.\nStep two.\n</think>\n\nThe answer.';

	it('splits a leading <think> block from the answer, wherever the chunks cut the tags', () => {
		for (let size = 1; size <= text.length; size++) {
			const splitter = new ThinkSplitter();
			const out: StreamChunk[] = [];
			for (let at = 0; at < text.length; at += size)
				out.push(...splitter.push(text.slice(at, at + size)));
			out.push(...splitter.end());
			expect([joined(out, 'reasoning-delta'), joined(out, 'text-delta')]).toEqual([
				'\nStep one.\nStep two.\n',
				'The answer.',
			]);
		}
	});

	it('passes an answer without a block through at once, and keeps an unclosed block as reasoning', () => {
		const plain = new ThinkSplitter();
		expect(plain.push('Hello')).toEqual([{ type: 'text-delta', delta: 'Hello' }]);
		expect(plain.push(' <think> is text here')).toEqual([
			{ type: 'text-delta', delta: ' <think> is text here' },
		]);
		const cut = new ThinkSplitter();
		expect([...cut.push('<think>still thinking </th'), ...cut.end()]).toEqual([
			{ type: 'reasoning-delta', delta: 'still thinking ' },
			{ type: 'reasoning-delta', delta: '</th' },
		]);
	});
});
