/** Tool (function) calling: definitions and tool choice for the request, parsed tool calls out. */

import { FieldError, parseJsonField } from './fieldError';
import { isPlainObject, tryParseJson } from './guards';

export interface ToolDefinition {
	type: 'function';
	function: { name: string; description?: string; parameters: Record<string, unknown> };
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The Tools option: a JSON array of OpenAI tool definitions, `{type: "function", function: {…}}`,
 * or bare `{name, description, parameters}` functions. Undefined when there are none.
 */
export function normalizeTools(value: unknown, field = 'tools'): ToolDefinition[] | undefined {
	const parsed = parseJsonField(value, field);
	if (parsed === undefined || parsed === null) return undefined;
	if (!Array.isArray(parsed))
		throw new FieldError(field, 'must be a JSON array of tool definitions');
	if (parsed.length === 0) return undefined;
	return parsed.map((entry: unknown, index) => {
		const where = `tool ${index + 1}`;
		if (!isPlainObject(entry)) throw new FieldError(field, `${where} must be an object`);
		const fn = isPlainObject(entry.function) ? entry.function : entry;
		if (typeof fn.name !== 'string' || !TOOL_NAME.test(fn.name)) {
			throw new FieldError(
				field,
				`${where} needs a "name" of letters, digits, _ or - (at most 64; got ${JSON.stringify(fn.name)})`,
			);
		}
		const parameters = fn.parameters ?? { type: 'object', properties: {} };
		if (!isPlainObject(parameters)) {
			throw new FieldError(
				field,
				`${where} ("${fn.name}"): "parameters" must be a JSON schema object`,
			);
		}
		const definition: ToolDefinition = {
			type: 'function',
			function: { name: fn.name, parameters },
		};
		if (typeof fn.description === 'string') definition.function.description = fn.description;
		return definition;
	});
}

/** TGI's `tool_choice`: "auto", "none", "required", or one named function that must be defined. */
export function toolChoice(
	choice: unknown,
	functionName: unknown,
	tools: ToolDefinition[],
	field = 'toolChoice',
): string | { type: 'function'; function: { name: string } } {
	if (choice === undefined || choice === '' || choice === 'auto') return 'auto';
	if (choice === 'none' || choice === 'required') return choice;
	if (choice !== 'function')
		throw new FieldError(
			field,
			`must be auto, none, required or function (got ${JSON.stringify(choice)})`,
		);
	const name = typeof functionName === 'string' ? functionName.trim() : '';
	if (!tools.some((tool) => tool.function.name === name)) {
		const known = tools.map((tool) => tool.function.name).join(', ');
		throw new FieldError(field, `the function "${name}" is not one of the tools (${known})`);
	}
	return { type: 'function', function: { name } };
}

export interface ParsedToolCall {
	id: string;
	type: string;
	function: { name: string; arguments: unknown };
	/** Set when `arguments` was not valid JSON: then it is the raw string. */
	warning?: string;
}

/**
 * Tool calls with `arguments` parsed from their JSON string (older TGI sends an object already).
 * Arguments that are not valid JSON stay the raw string, with a warning on that call.
 */
export function parseToolCalls(toolCalls: unknown[]): ParsedToolCall[] {
	return toolCalls.filter(isPlainObject).map((call) => {
		const fn = isPlainObject(call.function) ? call.function : {};
		const parsed: ParsedToolCall = {
			id: typeof call.id === 'string' ? call.id : String(call.id ?? ''),
			type: typeof call.type === 'string' ? call.type : 'function',
			function: { name: typeof fn.name === 'string' ? fn.name : '', arguments: fn.arguments ?? {} },
		};
		if (typeof fn.arguments === 'string') {
			const { value, problem } =
				fn.arguments.trim() === '' ? { value: {} } : tryParseJson(fn.arguments);
			if (problem === undefined) parsed.function.arguments = value;
			else parsed.warning = `arguments is not valid JSON (${problem}); kept as text`;
		}
		return parsed;
	});
}
