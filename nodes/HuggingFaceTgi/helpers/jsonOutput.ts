/** JSON mode's answer as data: parsed (code fences tolerated) and checked against the schema. */

import { isPlainObject, tryParseJson } from '../../shared/wire/guards';

/** The server answered, but the answer is not what the node's options promise. */
export class OutputError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'OutputError';
	}
}

const FENCED = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```$/;

/** Parses the assistant's text as JSON; a ```json … ``` fence around it is fine. */
export function parseJsonAnswer(text: string, finishReason?: string | null): unknown {
	const trimmed = text.trim();
	const inner = FENCED.exec(trimmed)?.[1] ?? trimmed;
	const { value, problem } = tryParseJson(inner);
	if (problem === undefined) return value;
	const hint =
		finishReason === 'length'
			? 'The answer was cut off by Maximum Number of Tokens (finish_reason "length"): raise it.'
			: 'Turn off "Output Content as JSON" to get the text as it came.';
	throw new OutputError(`The answer is not valid JSON (${problem})`, hint);
}

type Schema = Record<string, unknown>;

const typeOf = (value: unknown): string => {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
};

const matchesType = (value: unknown, type: unknown): boolean => {
	const types = Array.isArray(type) ? type : [type];
	const actual = typeOf(value);
	return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
};

function check(value: unknown, schema: unknown, path: string, problems: string[]): void {
	if (!isPlainObject(schema) || problems.length >= 5) return;
	const s = schema as Schema;
	if (s.type !== undefined && !matchesType(value, s.type)) {
		problems.push(
			`${path} must be ${Array.isArray(s.type) ? s.type.join(' or ') : String(s.type)} (got ${typeOf(value)})`,
		);
		return;
	}
	if (
		Array.isArray(s.enum) &&
		!s.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))
	) {
		problems.push(`${path} must be one of ${JSON.stringify(s.enum)}`);
	}
	if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value))
		problems.push(`${path} must be ${JSON.stringify(s.const)}`);
	if (typeof value === 'string') {
		if (typeof s.minLength === 'number' && value.length < s.minLength)
			problems.push(`${path} must have at least ${s.minLength} characters`);
		if (typeof s.maxLength === 'number' && value.length > s.maxLength)
			problems.push(`${path} must have at most ${s.maxLength} characters`);
		if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
			problems.push(`${path} must match ${s.pattern}`);
	}
	if (typeof value === 'number') {
		if (typeof s.minimum === 'number' && value < s.minimum)
			problems.push(`${path} must be ≥ ${s.minimum}`);
		if (typeof s.maximum === 'number' && value > s.maximum)
			problems.push(`${path} must be ≤ ${s.maximum}`);
	}
	if (Array.isArray(value)) {
		if (typeof s.minItems === 'number' && value.length < s.minItems)
			problems.push(`${path} must have at least ${s.minItems} items`);
		if (typeof s.maxItems === 'number' && value.length > s.maxItems)
			problems.push(`${path} must have at most ${s.maxItems} items`);
		value.forEach((entry, index) => check(entry, s.items, `${path}[${index}]`, problems));
	}
	if (isPlainObject(value)) {
		const properties = isPlainObject(s.properties) ? s.properties : {};
		for (const key of Array.isArray(s.required) ? s.required : []) {
			if (typeof key === 'string' && !(key in value)) problems.push(`${path}.${key} is required`);
		}
		for (const [key, entry] of Object.entries(value)) {
			if (key in properties) check(entry, properties[key], `${path}.${key}`, problems);
			else if (s.additionalProperties === false) problems.push(`${path}.${key} is not allowed`);
			else check(entry, s.additionalProperties, `${path}.${key}`, problems);
		}
	}
	const passes = (sub: unknown) => schemaProblems(value, sub, path).length === 0;
	if (Array.isArray(s.allOf)) s.allOf.forEach((sub) => check(value, sub, path, problems));
	if (Array.isArray(s.anyOf) && !s.anyOf.some(passes))
		problems.push(`${path} matches none of anyOf`);
	if (Array.isArray(s.oneOf) && s.oneOf.filter(passes).length !== 1)
		problems.push(`${path} must match exactly one of oneOf`);
}

/**
 * What in `value` breaks `schema` (at most 5 problems), for the JSON Schema keywords answers
 * are usually constrained with: type, enum, const, properties, required, additionalProperties,
 * items, lengths, bounds, pattern, allOf/anyOf/oneOf. `$ref` and formats are not checked.
 */
export function schemaProblems(value: unknown, schema: unknown, path = '$'): string[] {
	const problems: string[] = [];
	check(value, schema, path, problems);
	return problems.slice(0, 5);
}

/** The answer of JSON mode as data, checked against `schema` when one is given. */
export function jsonContent(text: string, finishReason: string | null, schema?: unknown): unknown {
	const data = parseJsonAnswer(text, finishReason);
	const problems = schema === undefined ? [] : schemaProblems(data, schema);
	if (problems.length > 0) {
		throw new OutputError(
			`The answer does not match the JSON Schema: ${problems.join('; ')}`,
			'The server was asked to constrain the answer with the schema (TGI: its grammar; OpenAI-compatible: json_schema), so this usually means a cut-off answer, or a server or model that does not enforce schemas. Turn off "Validate Against Schema" to accept it anyway.',
		);
	}
	return data;
}
