/**
 * The item reads of a whole `{{ $json.<path> }}`: which expressions qualify, and what each read
 * answers or leaves to n8n. (That each answer equals n8n's own evaluation is proved in the engine:
 * test/integration/itemExpressions.test.ts.)
 */
import { isSafeObjectProperty } from 'n8n-workflow';

import {
	itemReaderFor,
	jsonPathOf,
	LEFT_TO_N8N,
	readJsonPath,
	sameJson,
} from '../../nodes/HuggingFaceTgi/helpers/itemExpressions';

describe('jsonPathOf', () => {
	it.each([
		['={{ $json.q }}', ['q']],
		['={{$json.q}}', ['q']],
		['={{ $json }}', []],
		['={{ $json.a.b_c.$d }}', ['a', 'b_c', '$d']],
		['={{ $json["my field"] }}', ['my field']],
		["={{ $json['a.b'][0] }}", ['a.b', '0']],
		['={{ $json.list[ 12 ].x }}', ['list', '12', 'x']],
	])('%s → %j', (expression, path) => {
		expect(jsonPathOf(expression, isSafeObjectProperty)).toEqual(path);
	});

	it.each([
		'={{ $json.q.toUpperCase() }}',
		'={{ $json.q }} and more',
		'=Hello {{ $json.q }}',
		'={{ $json?.q }}',
		'={{ $json.a?.b }}',
		'={{ $json . q }}',
		'={{ $json[q] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json[01] }}',
		'={{ $json[-1] }}',
		'={{ $json.q || "x" }}',
		'={{ $item(0).$json.q }}',
		"={{ $('Node').item.json.q }}",
		'={{ $json.constructor }}',
		'={{ $json["__proto__"] }}',
		'={{ $json.binding }}',
		'={{ $json.a.prototype }}',
		'{{ $json.q }}',
	])('%s is left to n8n', (expression) => {
		expect(jsonPathOf(expression, isSafeObjectProperty)).toBeUndefined();
	});
});

describe('readJsonPath', () => {
	const json = {
		text: 'hi',
		n: 3,
		flag: false,
		none: null,
		list: ['a', { b: 1 }],
		nested: { deep: { x: 'y' } },
		when: new Date(0),
		nan: Number.NaN,
		own: { valueOf: 'mine' },
	};

	it.each([
		[['text'], 'hi'],
		[['n'], 3],
		[['flag'], false],
		[['none'], null],
		[['list', '1', 'b'], 1],
		[['nested', 'deep'], { x: 'y' }],
		[['missing'], undefined],
		[['list', '5'], undefined],
	])('%j → %j', (path, value) => {
		expect(readJsonPath(json, path)).toEqual(value);
	});

	it.each([
		[['missing', 'x']], // n8n throws (or answers null), not ours to say
		[['text', 'length']], // a string's property
		[['list', 'length']],
		[['list', '5', 'x']],
		[['toString']], // inherited
		[['own', 'valueOf']], // an own field named as an inherited one
		[['own']], // an object holding one
		[['when']], // not plain JSON
		[['nan']],
		[[]], // the whole item, holding a Date
	])('%j is left to n8n', (path) => {
		expect(readJsonPath(json, path)).toBe(LEFT_TO_N8N);
	});

	it('hands out a copy, so the item is never changed through it', () => {
		const read = readJsonPath(json, ['nested']) as { deep: { x: string } };
		read.deep.x = 'changed';
		expect(json.nested.deep.x).toBe('y');
	});
});

describe('itemReaderFor', () => {
	it('walks a collection as n8n does, and is undefined if one expression is not a $json path', () => {
		const raw = { values: [{ role: 'user', content: '={{ $json.q }}', n: 2, none: null }] };
		expect(itemReaderFor(raw, isSafeObjectProperty)?.({ q: 'x' })).toEqual({
			values: [{ role: 'user', content: 'x', n: 2, none: null }],
		});
		expect(itemReaderFor(raw, isSafeObjectProperty)?.({ q: new Date() })).toBe(LEFT_TO_N8N);
		expect(
			itemReaderFor(
				{ values: [{ content: '={{ $json.q }}' }, { content: '={{ 1 + 1 }}' }] },
				isSafeObjectProperty,
			),
		).toBeUndefined();
	});
});

describe('sameJson', () => {
	it.each([
		[{ a: [1, { b: null }] }, { a: [1, { b: null }] }, true],
		[{ a: 1 }, { a: 1, b: undefined }, false],
		[[1, 2], [2, 1], false],
		['1', 1, false],
		[undefined, undefined, true],
	])('%j vs %j → %s', (a, b, same) => {
		expect(sameJson(a, b)).toBe(same);
	});
});
