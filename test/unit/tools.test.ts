import { chatBody, OPENAI } from '../helpers/bodies';
import { normalizeTools, parseToolCalls, toolChoice } from '../../nodes/shared/wire/tools';
import { labelledError } from '../helpers/labels';

const weather = {
	type: 'function',
	function: {
		name: 'get_weather',
		description: 'Weather for a city',
		parameters: { type: 'object', properties: { city: { type: 'string' } } },
	},
};

describe('normalizeTools', () => {
	it('accepts OpenAI tool definitions and bare functions, as JSON text or parsed', () => {
		expect(normalizeTools(JSON.stringify([weather]))).toEqual([weather]);
		expect(normalizeTools([{ name: 'now' }])).toEqual([
			{
				type: 'function',
				function: { name: 'now', parameters: { type: 'object', properties: {} } },
			},
		]);
		expect(normalizeTools('[]')).toBeUndefined();
		expect(normalizeTools('')).toBeUndefined();
	});
	it.each([
		['{"name": "x"}', 'Tools: must be a JSON array of tool definitions'],
		[
			'[{"function": {"name": "get weather"}}]',
			'Tools: tool 1 needs a "name" of letters, digits, _ or - (at most 64; got "get weather")',
		],
		['[{"name": "a"}, 3]', 'Tools: tool 2 must be an object'],
		[
			'[{"name": "a", "parameters": "city"}]',
			'Tools: tool 1 ("a"): "parameters" must be a JSON schema object',
		],
		['[{"name": ', 'Tools: is not valid JSON'],
	])('%s is refused, naming the field and the tool', (value, message) => {
		expect(labelledError(() => normalizeTools(value))).toContain(message);
	});
});

describe('toolChoice', () => {
	const tools = normalizeTools([weather])!;
	it('auto, none, required, or one named function', () => {
		expect(toolChoice(undefined, '', tools)).toBe('auto');
		expect(toolChoice('none', '', tools)).toBe('none');
		expect(toolChoice('required', '', tools)).toBe('required');
		expect(toolChoice('function', ' get_weather ', tools)).toEqual({
			type: 'function',
			function: { name: 'get_weather' },
		});
	});
	it('refuses a function that is not among the tools', () => {
		expect(labelledError(() => toolChoice('function', 'get_time', tools))).toContain(
			'Tool Choice: the function "get_time" is not one of the tools (get_weather)',
		);
	});
});

describe('tools in the request body', () => {
	const messages = [{ role: 'user', content: 'Weather in Paris?' }];
	it('sends tools and tool_choice', () => {
		expect(chatBody('m', messages, { tools: [weather], toolChoice: 'required' })).toMatchObject({
			tools: [weather],
			tool_choice: 'required',
		});
		expect(chatBody('m', messages, {})).not.toHaveProperty('tools');
	});
	it('refuses tools with a JSON response format (TGI answers 422)', () => {
		expect(
			labelledError(() => chatBody('m', messages, { tools: [weather], responseFormat: 'json' })),
		).toContain('Response Format: TGI cannot combine a response format with tools');
	});
	it('sends tools with a JSON response format to an OpenAI-compatible server', () => {
		const body = chatBody('m', messages, { tools: [weather], responseFormat: 'json' }, OPENAI);
		expect(body).toMatchObject({ tools: [weather], response_format: { type: 'json_schema' } });
	});
});

describe('parseToolCalls', () => {
	it('parses arguments from their JSON string, keeps objects (older TGI), and empty means {}', () => {
		expect(
			parseToolCalls([
				{
					id: '0',
					type: 'function',
					function: { description: null, name: 'get_weather', arguments: '{"city":"Paris"}' },
				},
				{ id: 1, function: { name: 'now', arguments: { tz: 'UTC' } } },
				{ id: '2', type: 'function', function: { name: 'ping', arguments: '' } },
			]),
		).toEqual([
			{
				id: '0',
				type: 'function',
				function: { name: 'get_weather', arguments: { city: 'Paris' } },
			},
			{ id: '1', type: 'function', function: { name: 'now', arguments: { tz: 'UTC' } } },
			{ id: '2', type: 'function', function: { name: 'ping', arguments: {} } },
		]);
	});
	it('keeps arguments that are not valid JSON as text, with a warning', () => {
		const [call] = parseToolCalls([
			{ id: '0', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Par' } },
		]);
		expect(call.function.arguments).toBe('{"city": "Par');
		expect(call.warning).toMatch(/^arguments is not valid JSON \(.+\); kept as text$/);
	});
});
