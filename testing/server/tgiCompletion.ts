/** Deterministic TGI-shaped chat completions: echo text, stop sequences, length, JSON, tool calls. */

function lastUserText(messages: any[]): string {
	const user =
		[...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
	if (typeof user?.content === 'string') return user.content;
	if (Array.isArray(user?.content)) {
		return user.content
			.map((part: any) => (part.type === 'text' ? part.text : '[image]'))
			.join(' ');
	}
	return '';
}

/** A value that satisfies a (simple) JSON schema, so JSON mode answers parse and validate. */
export function sampleFor(schema: any, depth = 0): unknown {
	if (!schema || depth > 5) return null;
	if (Array.isArray(schema.enum)) return schema.enum[0];
	switch (schema.type) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [key, sub] of Object.entries(schema.properties ?? {}))
				out[key] = sampleFor(sub, depth + 1);
			return out;
		}
		case 'array':
			return [sampleFor(schema.items, depth + 1)];
		case 'string':
			return 'sample';
		case 'integer':
		case 'number': {
			// 42, or the middle of the range the schema allows (a 0–1 score: 0.5).
			const low = schema.minimum ?? schema.exclusiveMinimum;
			const high = schema.maximum ?? schema.exclusiveMaximum;
			if (low === undefined && high === undefined) return 42;
			const middle = ((low ?? high - 2) + (high ?? low + 2)) / 2;
			return schema.type === 'integer' ? Math.round(middle) : middle;
		}
		case 'boolean':
			return true;
		default:
			return null;
	}
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The prompt's length in the test server's tokens: the words of the messages' text. */
export const promptTokens = (body: any): number =>
	countWords(
		(Array.isArray(body?.messages) ? body.messages : [])
			.map((message: any) => (typeof message?.content === 'string' ? message.content : ''))
			.join(' '),
	);

/**
 * How reasoning models answer, picked by a marker in the prompt: TGI passes the model's
 * `<think>…</think>` through inline ([[think]]), R1-style templates open the block in the prompt so
 * the answer starts inside it ([[think:open]]), router providers send `reasoning_content`
 * ([[think:field]]).
 */
function reasoningFor(prompt: string, answer: string): Record<string, string> | undefined {
	const kind = /\[\[think(?::(open|field))?\]\]/.exec(prompt);
	if (!kind) return undefined;
	const thought = 'The user wants an echo. I will echo.';
	if (kind[1] === 'field') return { content: answer, reasoning_content: thought };
	if (kind[1] === 'open') return { content: `${thought}\n</think>\n\n${answer}` };
	return { content: `<think>\n${thought}\n</think>\n\n${answer}` };
}

/** Every text of the messages (string contents and text parts). */
const messageTexts = (messages: any[]): string[] =>
	messages.flatMap((message) =>
		typeof message?.content === 'string'
			? [message.content]
			: Array.isArray(message?.content)
				? message.content
						.filter((part: any) => part?.type === 'text' && typeof part.text === 'string')
						.map((part: any) => part.text)
				: [],
	);

/**
 * The JSON Schema LangChain's structured output parsers put in the prompt ("Here is the JSON
 * Schema instance your output must adhere to … ```json {…}```" — n8n's Structured Output Parser,
 * Sentiment Analysis, Text Classifier, Information Extractor), or undefined.
 */
function promptedSchema(messages: any[]): unknown {
	for (const text of messageTexts(messages)) {
		const match =
			/Here is the JSON Schema instance your output must adhere to[\s\S]*?```json\s*(\{[\s\S]*?\})\s*```/.exec(
				text,
			);
		if (!match) continue;
		try {
			return JSON.parse(match[1]);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

const OPERATORS: Record<string, string> = { times: '*', plus: '+', minus: '-', 'divided by': '/' };

/**
 * Arguments for a calculator-like tool (one text parameter) when the question holds simple
 * arithmetic ("What is 6 times 7?" → {"input": "6 * 7"}), so the example agent gets a real answer
 * from n8n's Calculator; undefined otherwise.
 */
function arithmeticArgs(text: string, parameters: any): string | undefined {
	const match =
		/(-?\d+(?:\.\d+)?)\s*(times|plus|minus|divided by|[*+/x×-])\s*(-?\d+(?:\.\d+)?)/i.exec(text);
	const names = Object.entries(parameters?.properties ?? {})
		.filter(([, schema]: [string, any]) => schema?.type === 'string')
		.map(([name]) => name);
	if (!match || names.length !== 1) return undefined;
	const operator = OPERATORS[match[2].toLowerCase()] ?? (/[x×]/i.test(match[2]) ? '*' : match[2]);
	return JSON.stringify({ [names[0]]: `${match[1]} ${operator} ${match[3]}` });
}

/** The deterministic answer to a chat request that passed validation. */
export function completionFor(body: any, model: string) {
	let message: Record<string, unknown> = {
		role: 'assistant',
		content: `Echo: ${lastUserText(body.messages)}`,
	};
	let finishReason = 'stop';
	const last = body.messages[body.messages.length - 1];
	const instructed = promptedSchema(body.messages);
	if (last?.role === 'tool') {
		// The model's answer after a tool reply (recorded: test_flash_llama_tool_reply_response).
		message.content = `The tool ${last.tool_call_id ? `(call ${last.tool_call_id}) ` : ''}said: ${typeof last.content === 'string' ? last.content : JSON.stringify(last.content)}`;
	} else if (Array.isArray(body.tools) && body.tools.length > 0 && body.tool_choice !== 'none') {
		// TGI: no `content` key at all, finish_reason "stop", id "0". The named function, else the first.
		const named = body.tool_choice?.function?.name;
		const tool = (body.tools.find((t: any) => t.function.name === named) ?? body.tools[0]).function;
		// [[bad-args]]: arguments cut off mid-JSON, as a model hitting max_tokens sends them;
		// [[args:{…}]]: exactly these arguments; otherwise a sample that fits the parameters' schema.
		const text = lastUserText(body.messages);
		const given = /\[\[args:(\{.*?\})\]\]/.exec(text)?.[1];
		const args = text.includes('[[bad-args]]')
			? '{"city": "Par'
			: (given ??
				arithmeticArgs(text, tool.parameters) ??
				JSON.stringify(sampleFor(tool.parameters) ?? {}));
		message = {
			role: 'assistant',
			tool_calls: [
				{
					id: '0',
					type: 'function',
					function: { description: null, name: tool.name, arguments: args },
				},
			],
		};
	} else if (instructed !== undefined) {
		// A model that follows the format instructions: a sample of the schema, in a json code block.
		message.content = `\`\`\`json\n${JSON.stringify(sampleFor(instructed))}\n\`\`\``;
	} else if (body.response_format?.type === 'json') {
		message.content = JSON.stringify(sampleFor(body.response_format.value));
	} else {
		let content = message.content as string;
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
		Object.assign(message, reasoningFor(lastUserText(body.messages), content));
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
		usage: {
			prompt_tokens: promptTokens,
			completion_tokens: completionTokens,
			total_tokens: promptTokens + completionTokens,
		},
	};
}
