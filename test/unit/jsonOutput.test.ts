import {
	jsonContent,
	OutputError,
	parseJsonAnswer,
	schemaProblems,
} from '../../nodes/HuggingFaceTgi/helpers/jsonOutput';

describe('parseJsonAnswer', () => {
	it.each([
		['plain JSON', '{"a": 1}', { a: 1 }],
		['with whitespace', '\n  [1, 2]\n', [1, 2]],
		['in a ```json fence', '```json\n{"a": 1}\n```', { a: 1 }],
		['in a bare ``` fence', '```\n{"a": 1}```', { a: 1 }],
		['a JSON string', '"yes"', 'yes'],
	])('%s', (_name, text, expected) => expect(parseJsonAnswer(text)).toEqual(expected));

	it('says why it fails, and what to do when the answer was cut off', () => {
		expect(() => parseJsonAnswer('{"a": ', 'length')).toThrow(OutputError);
		try {
			parseJsonAnswer('{"a": ', 'length');
		} catch (error) {
			expect((error as OutputError).message).toMatch(/^The answer is not valid JSON \(.+\)$/);
			expect((error as OutputError).hint).toMatch(/cut off by Maximum Number of Tokens/);
		}
		expect(() => parseJsonAnswer('Sure! Here is the JSON', 'stop')).toThrow(/not valid JSON/);
	});
});

describe('schemaProblems', () => {
	const schema = {
		type: 'object',
		properties: {
			name: { type: 'string', minLength: 1 },
			price: { type: 'number', minimum: 0 },
			tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
			size: { enum: ['S', 'M', 'L'] },
			code: { type: 'string', pattern: '^[A-Z]{3}$' },
			count: { type: 'integer' },
		},
		required: ['name', 'price'],
		additionalProperties: false,
	};

	it('accepts what matches', () => {
		expect(
			schemaProblems(
				{ name: 'Mug', price: 8.5, tags: ['x'], size: 'M', code: 'ABC', count: 2 },
				schema,
			),
		).toEqual([]);
		expect(schemaProblems(3, { type: 'number' })).toEqual([]); // an integer is a number
	});

	it('names each problem with its path', () => {
		expect(
			schemaProblems({ price: -1, tags: ['a', 3, 'c'], size: 'XL', extra: true }, schema),
		).toEqual([
			'$.name is required',
			'$.price must be ≥ 0',
			'$.tags must have at most 2 items',
			'$.tags[1] must be string (got integer)',
			'$.size must be one of ["S","M","L"]',
		]);
		expect(schemaProblems({ name: '', price: 1, code: 'abc', count: 1.5 }, schema)).toEqual([
			'$.name must have at least 1 characters',
			'$.code must match ^[A-Z]{3}$',
			'$.count must be integer (got number)',
		]);
		expect(schemaProblems('x', schema)).toEqual(['$ must be object (got string)']);
	});

	it('anyOf, oneOf, allOf, type lists', () => {
		expect(schemaProblems(null, { type: ['string', 'null'] })).toEqual([]);
		expect(schemaProblems(true, { anyOf: [{ type: 'string' }, { type: 'number' }] })).toEqual([
			'$ matches none of anyOf',
		]);
		expect(schemaProblems(5, { oneOf: [{ type: 'number' }, { type: 'integer' }] })).toEqual([
			'$ must match exactly one of oneOf',
		]);
		expect(schemaProblems(5, { allOf: [{ type: 'number' }, { maximum: 4 }] })).toEqual([
			'$ must be ≤ 4',
		]);
	});
});

describe('jsonContent', () => {
	it('parses, validates when given a schema, and explains a mismatch', () => {
		const schema = { type: 'object', required: ['city'] };
		expect(jsonContent('{"city": "Paris"}', 'stop', schema)).toEqual({ city: 'Paris' });
		expect(jsonContent('{}', 'stop')).toEqual({});
		expect(() => jsonContent('{}', 'stop', schema)).toThrow(
			'The answer does not match the JSON Schema: $.city is required',
		);
	});
});
