/**
 * The OpenAI-compatible dialect, as the HF router's providers and vLLM-like servers (vLLM, SGLang,
 * llama.cpp) speak it: OpenAI's response_format forms only (TGI's grammar form → 400), Top P 1.0
 * and stop as a string accepted, tool calls with `content: null` and finish_reason "tool_calls",
 * chatcmpl ids. How each server words its errors is its mode's (modes.ts).
 */

import { completionFor } from './tgiCompletion';
import type { Reply } from './types';

const inRange = (value: unknown, min: number, max: number) =>
	typeof value === 'number' && value >= min && value <= max;

/** The validation error (pydantic's words, as vLLM passes them through), or undefined. */
export function openAiProblem(body: any): string | undefined {
	if (typeof body !== 'object' || body === null || !Array.isArray(body.messages)) {
		return "[{'type': 'missing', 'loc': ('body', 'messages'), 'msg': 'Field required'}]";
	}
	if (body.messages.length === 0) return 'messages: List should have at least 1 item';
	if (body.temperature != null && !inRange(body.temperature, 0, 2))
		return 'temperature: Input should be less than or equal to 2';
	if (body.top_p != null && !(inRange(body.top_p, 0, 1) && body.top_p > 0))
		return `top_p must be in (0, 1], got ${body.top_p}.`;
	if (body.max_tokens != null && !(Number.isInteger(body.max_tokens) && body.max_tokens >= 1))
		return `max_tokens must be at least 1, got ${body.max_tokens}.`;
	const stop = body.stop;
	if (stop != null && typeof stop !== 'string' && !Array.isArray(stop))
		return 'stop: Input should be a valid string or a valid list';
	const format = body.response_format;
	if (format != null) {
		if (!['text', 'json_object', 'json_schema'].includes(format.type)) {
			return `[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': "Input should be 'text', 'json_object' or 'json_schema'", 'input': '${format.type}'}]`;
		}
		if (format.type === 'json_schema') {
			const inner = format.json_schema;
			if (typeof inner !== 'object' || inner === null)
				return "response_format.json_schema: Field required (the schema goes in 'json_schema')";
			if (typeof inner.name !== 'string') return 'response_format.json_schema.name: Field required';
		}
	}
	return undefined;
}

/** How a server answers JSON mode: whether a bare json_object (no schema) constrains the answer. */
export interface JsonModeQuirks {
	/** llama.cpp applies a grammar only to json_schema, or json_object with a `schema`. */
	bareJsonObjectConstrained: boolean;
}

/** The same request in TGI's terms, so the deterministic answers are shared with TGI mode. */
function asTgiRequest(body: any, quirks: JsonModeQuirks) {
	const format = body.response_format;
	let tgiFormat;
	if (format?.type === 'json_schema')
		tgiFormat = { type: 'json', value: format.json_schema.schema ?? { type: 'object' } };
	if (format?.type === 'json_object' && format.schema)
		tgiFormat = { type: 'json', value: format.schema };
	else if (format?.type === 'json_object' && quirks.bareJsonObjectConstrained)
		tgiFormat = {
			type: 'json',
			value: { type: 'object', properties: { result: { type: 'string' } } },
		};
	return {
		...body,
		stop: typeof body.stop === 'string' ? [body.stop] : body.stop,
		response_format: tgiFormat,
	};
}

let sequence = 0;

/**
 * The deterministic answer in OpenAI's shape. [[finish:eos]] in the prompt makes the server report
 * that finish_reason (together sends "eos"); reasoning goes to `reasoningField` (`reasoning` on
 * vLLM, `reasoning_content` on router providers and llama.cpp).
 */
export function openAiCompletionFor(
	body: any,
	model: string,
	options: JsonModeQuirks & { reasoningField: 'reasoning' | 'reasoning_content' },
) {
	const answer = completionFor(asTgiRequest(body, options), model);
	const choice = answer.choices[0];
	const message: Record<string, unknown> = { ...choice.message };
	let finishReason = choice.finish_reason;
	if (Array.isArray(message.tool_calls)) {
		message.content = null;
		message.tool_calls = message.tool_calls.map((call: any, index: number) => ({
			id: `call_${(++sequence).toString(16)}${index}`,
			type: 'function',
			function: { name: call.function.name, arguments: call.function.arguments },
		}));
		finishReason = 'tool_calls';
	}
	if (finishReason === 'stop_sequence') finishReason = 'stop'; // OpenAI has no stop_sequence
	if (message.reasoning_content !== undefined && options.reasoningField !== 'reasoning_content') {
		message[options.reasoningField] = message.reasoning_content;
		delete message.reasoning_content;
	}
	const forced = /\[\[finish:([a-z_]+)\]\]/.exec(JSON.stringify(body.messages))?.[1];
	const rest: Record<string, unknown> = { ...answer };
	delete rest.system_fingerprint; // TGI's; OpenAI-compatible servers send their own or none
	return {
		...rest,
		id: `chatcmpl-${(++sequence).toString(16)}`,
		choices: [{ ...choice, message, finish_reason: forced ?? finishReason }],
	};
}

/** A reply with `body` as a 400 when `problem` is set. */
export const refusal = (problem: string | undefined, error: (message: string) => Reply) =>
	problem === undefined ? undefined : error(problem);
