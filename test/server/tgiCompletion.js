// @ts-check
/** Deterministic TGI-shaped chat completions: echo text, stop sequences, length, JSON, tool calls. */

/** @param {any} messages */
function lastUserText(messages) {
	const user = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
	if (typeof user?.content === 'string') return user.content;
	if (Array.isArray(user?.content)) {
		return user.content
			.map((/** @type {any} */ part) => (part.type === 'text' ? part.text : '[image]'))
			.join(' ');
	}
	return '';
}

/**
 * A value that satisfies a (simple) JSON schema, so JSON mode answers parse and validate.
 * @returns {unknown}
 */
function sampleFor(/** @type {any} */ schema, depth = 0) {
	if (!schema || depth > 5) return null;
	if (Array.isArray(schema.enum)) return schema.enum[0];
	switch (schema.type) {
		case 'object': {
			/** @type {Record<string, unknown>} */
			const out = {};
			for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sampleFor(sub, depth + 1);
			return out;
		}
		case 'array':
			return [sampleFor(schema.items, depth + 1)];
		case 'string':
			return 'sample';
		case 'integer':
		case 'number':
			return 42;
		case 'boolean':
			return true;
		default:
			return null;
	}
}

const countWords = (/** @type {string} */ text) => text.split(/\s+/).filter(Boolean).length;

/** @param {any} body @param {string} model */
function completionFor(body, model) {
	/** @type {Record<string, unknown>} */
	let message = { role: 'assistant', content: `Echo: ${lastUserText(body.messages)}` };
	let finishReason = 'stop';
	if (Array.isArray(body.tools) && body.tools.length > 0 && body.tool_choice !== 'none') {
		// TGI: no `content` key at all, finish_reason "stop", id "0".
		const tool = body.tools[0].function;
		const args = JSON.stringify(sampleFor(tool.parameters) ?? {});
		message = {
			role: 'assistant',
			tool_calls: [{ id: '0', type: 'function', function: { description: null, name: tool.name, arguments: args } }],
		};
	} else if (body.response_format?.type === 'json') {
		message.content = JSON.stringify(sampleFor(body.response_format.value));
	} else {
		let content = /** @type {string} */ (message.content);
		for (const stop of body.stop ?? []) {
			const at = content.indexOf(stop);
			if (at >= 0) {
				content = content.slice(0, at);
				finishReason = 'stop_sequence';
			}
		}
		if (body.max_tokens != null && countWords(content) > body.max_tokens) {
			content = content.split(/\s+/).filter(Boolean).slice(0, body.max_tokens).join(' ');
			finishReason = 'length';
		}
		message.content = content;
	}
	const promptTokens = countWords(JSON.stringify(body.messages));
	const completionTokens = countWords(String(message.content ?? message.tool_calls));
	return {
		object: 'chat.completion',
		id: '',
		created: Math.floor(Date.now() / 1000),
		model,
		system_fingerprint: '3.3.6-native',
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
	};
}

module.exports = { completionFor, sampleFor };
