/**
 * Streamed chat completion chunks → the AI node SDK's stream chunks, as they arrive: text,
 * reasoning (`reasoning_content`, vLLM's `reasoning`, a leading `<think>` block split anywhere
 * across chunks) and tool calls (arguments in pieces, several calls kept apart by their index),
 * then one `finish` with the finish reason and usage. Type-only SDK imports: loads on n8n 1.x too.
 */
import type { StreamChunk } from '@n8n/ai-node-sdk';

import { isPlainObject } from '../shared/wire/guards';
import { readUsage } from '../shared/wire/response';
import { finishReason } from './sdkMessages';

const OPEN = '<think>';
const CLOSE = '</think>';

/** The longest end of `text` that could be the start of `tag` (held back until the next chunk). */
function partialTag(text: string, tag: string): number {
	for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
		if (tag.startsWith(text.slice(-length))) return length;
	}
	return 0;
}

/** Splits streamed content into reasoning and text: a leading `<think>…</think>` block is reasoning. */
export class ThinkSplitter {
	/** start: nothing decided; thinking: inside the block; after: the blank lines after it; text. */
	private state: 'start' | 'thinking' | 'after' | 'text' = 'start';
	private pending = '';

	push(delta: string): StreamChunk[] {
		this.pending += delta;
		const out: StreamChunk[] = [];
		if (this.state === 'start') {
			const head = this.pending.trimStart();
			if (head === '' || (head.length < OPEN.length && OPEN.startsWith(head))) return out;
			if (!head.startsWith(OPEN)) {
				this.state = 'text';
			} else {
				this.state = 'thinking';
				this.pending = head.slice(OPEN.length);
			}
		}
		if (this.state === 'thinking') {
			const close = this.pending.indexOf(CLOSE);
			if (close < 0) {
				const keep = partialTag(this.pending, CLOSE);
				const thought = this.pending.slice(0, this.pending.length - keep);
				if (thought !== '') out.push({ type: 'reasoning-delta', delta: thought });
				this.pending = this.pending.slice(this.pending.length - keep);
				return out;
			}
			const thought = this.pending.slice(0, close);
			if (thought !== '') out.push({ type: 'reasoning-delta', delta: thought });
			this.pending = this.pending.slice(close + CLOSE.length);
			this.state = 'after';
		}
		if (this.state === 'after') {
			// The answer starts at its first visible character, however the blank lines are cut.
			this.pending = this.pending.trimStart();
			if (this.pending === '') return out;
			this.state = 'text';
		}
		if (this.pending !== '') out.push({ type: 'text-delta', delta: this.pending });
		this.pending = '';
		return out;
	}

	/** The stream ended: what was held back goes out as it was. */
	end(): StreamChunk[] {
		const rest = this.pending;
		this.pending = '';
		if (rest === '') return [];
		return [{ type: this.state === 'thinking' ? 'reasoning-delta' : 'text-delta', delta: rest }];
	}
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * One streamed answer. TGI repeats the role in every delta, sends an empty chunk at the end and
 * its tool calls with id "0" and no finish_reason chunk; OpenAI-compatible servers number tool
 * calls by `index` and finish with "tool_calls". Tool call ids are made unique per answer.
 */
export class DeltaAssembler {
	private readonly think = new ThinkSplitter();
	private readonly calls = new Map<number, { id: string; name?: string }>();
	private finishReason?: string;
	private usage?: Record<string, unknown>;

	constructor(private readonly callIdPrefix: string) {}

	accept(chunk: Record<string, unknown>): StreamChunk[] {
		if (isPlainObject(chunk.usage)) this.usage = chunk.usage;
		const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
		if (!isPlainObject(choice)) return []; // the usage chunk: choices []
		if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
		const delta = isPlainObject(choice.delta) ? choice.delta : {};
		const out: StreamChunk[] = [];
		const reasoning = text(delta.reasoning_content) || text(delta.reasoning);
		if (reasoning !== '') out.push({ type: 'reasoning-delta', delta: reasoning });
		if (text(delta.content) !== '') out.push(...this.think.push(text(delta.content)));
		if (Array.isArray(delta.tool_calls)) {
			delta.tool_calls.forEach((call, position) => {
				if (isPlainObject(call)) out.push(this.toolCallDelta(call, position));
			});
		}
		return out;
	}

	private toolCallDelta(call: Record<string, unknown>, position: number): StreamChunk {
		const index = typeof call.index === 'number' ? call.index : position;
		const fn = isPlainObject(call.function) ? call.function : {};
		let known = this.calls.get(index);
		if (!known) {
			known = { id: `${this.callIdPrefix}_${index}` };
			this.calls.set(index, known);
		}
		if (text(fn.name) !== '') known.name = text(fn.name);
		// The same id on every piece keeps the agent from merging two calls into one.
		return {
			type: 'tool-call-delta',
			id: known.id,
			name: known.name,
			argumentsDelta: text(fn.arguments),
		};
	}

	/** What is still held back, then the finish: normalised reason, usage when the server sent it. */
	finish(): StreamChunk[] {
		const usage = this.usage ? readUsage(this.usage) : null;
		return [
			...this.think.end(),
			{
				type: 'finish',
				finishReason: finishReason(this.finishReason ?? 'stop', this.calls.size > 0),
				usage: usage
					? {
							promptTokens: usage.prompt_tokens,
							completionTokens: usage.completion_tokens,
							totalTokens: usage.total_tokens,
						}
					: undefined,
			},
		];
	}
}
