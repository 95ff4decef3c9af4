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
	MAX_READ_SIZE,
	readJsonPath,
	sameJson,
} from '../../nodes/HuggingFaceTgi/helpers/itemExpressions';

/** An object as n8n 1.x's in-process Code node hands it on: a proxy, which structuredClone refuses. */
function proxied<T extends object>(value: T): T {
	return new Proxy(value, {
		get: (target, key) => {
			const field = Reflect.get(target, key) as unknown;
			return typeof field === 'object' && field !== null ? proxied(field) : field;
		},
	});
}

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

	it("n8n's sentinel shapes, anywhere in the value or on the way to it, are left to n8n", () => {
		const item = {
			error: { __isError: true, message: 'boom' },
			date: { isLuxonDateTime: true, ts: 0 },
			duration: { isLuxonDuration: true },
			nested: { list: [{ inner: { __isError: true } }] },
			framed: { __n8nType: 'DateTime', __isoString: '2026-01-01' },
			through: { __isError: true, message: 'x', text: 'plain' },
			fine: { is_error: true, luxon: 'no' },
		};
		for (const path of [
			['error'],
			['date'],
			['duration'],
			['nested'],
			['framed'],
			['through', 'text'],
		])
			expect({ path, read: readJsonPath(item, path) }).toEqual({ path, read: LEFT_TO_N8N });
		expect(readJsonPath(item, ['nested', 'list', '0', 'inner', 'x'])).toBe(LEFT_TO_N8N);
		expect(readJsonPath(item, ['fine'])).toEqual({ is_error: true, luxon: 'no' });
	});

	it('values above MAX_READ_SIZE are left to n8n (which stops expressions whose value is huge)', () => {
		// Compared as booleans: a failure must not print a million characters.
		const left = (value: unknown) => readJsonPath({ q: value }, ['q']) === LEFT_TO_N8N;
		const limit = MAX_READ_SIZE.characters;
		expect(left('x'.repeat(limit))).toBe(false);
		expect(left('x'.repeat(limit + 1))).toBe(true);
		const half = 'y'.repeat(limit / 2);
		expect(left({ [half]: half })).toBe(false);
		expect(left({ [half]: `${half}y` })).toBe(true); // keys count too
		expect(left(Array(MAX_READ_SIZE.values - 1).fill(1))).toBe(false); // the list is a value too
		expect(left(Array(MAX_READ_SIZE.values).fill(1))).toBe(true);
		let deep: unknown = 'bottom';
		for (let level = 0; level <= MAX_READ_SIZE.depth; level++) deep = [deep];
		expect(readJsonPath({ q: deep }, ['q'])).toBe(LEFT_TO_N8N);
	});

	it('reads n8n 1.x Code-node objects (proxies structuredClone refuses) as plain copies', () => {
		const item = proxied({
			q: { a: 1, b: [1, 'x', { c: null }] },
			parts: [{ type: 'text', text: 'hi' }],
		});
		expect(() => structuredClone(item.q)).toThrow(/could not be cloned/);
		const read = readJsonPath(item, ['q']);
		expect(read).toEqual({ a: 1, b: [1, 'x', { c: null }] });
		expect(() => structuredClone(read)).not.toThrow();
		expect(readJsonPath(item, ['parts'])).toEqual([{ type: 'text', text: 'hi' }]);
	});

	it('anything that throws while read is left to n8n, never thrown', () => {
		const trap = new Proxy(
			{ q: 'x' },
			{
				get: () => {
					throw new Error('revoked');
				},
			},
		);
		expect(readJsonPath({ q: trap }, ['q'])).toBe(LEFT_TO_N8N);
		expect(readJsonPath(trap, ['q'])).toBe(LEFT_TO_N8N);
		const revocable = Proxy.revocable({ a: 1 }, {});
		revocable.revoke();
		expect(readJsonPath({ q: revocable.proxy }, ['q'])).toBe(LEFT_TO_N8N);
		const getter = {
			get q() {
				throw new Error('getter');
			},
		};
		expect(readJsonPath(getter, ['q'])).toBe(LEFT_TO_N8N);
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
