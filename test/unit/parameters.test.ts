/**
 * Parameters without an expression are read once per execution; those whose expressions are whole
 * `{{ $json.<path> }}` from the item (checked against n8n's answer once); the others by n8n for
 * every item. (That the item reads equal n8n's own evaluation is proved in the engine:
 * test/integration/itemExpressions.test.ts.)
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { holdsExpression, withParameterCache } from '../../nodes/HuggingFaceTgi/helpers/parameters';

/** The one n8n context method the cache wraps, with what the workflow stores and a call count. */
function context(parameters: Record<string, unknown>, items: object[] = [{}, {}, {}]) {
	const calls: string[] = [];
	const node = { parameters };
	const ctx = {
		getNode: () => node,
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			calls.push(`${name}@${itemIndex}`);
			const value = name
				.split('.')
				.reduce<unknown>(
					(at, key) => (at as Record<string, unknown> | undefined)?.[key],
					parameters,
				);
			return value === undefined ? fallback : structuredClone(value);
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, calls };
}

describe('holdsExpression', () => {
	it.each([
		['={{ $json.q }}', true],
		['plain', false],
		[{ values: [{ role: 'user', content: '={{ $json.q }}' }] }, true],
		[{ values: [{ role: 'user', content: 'Hi' }] }, false],
		[{ __rl: true, mode: 'id', value: 'tgi' }, false],
		[[1, 'a', { b: '=x' }], true],
		[undefined, false],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe('withParameterCache', () => {
	const parameters = {
		modelId: { __rl: true, mode: 'id', value: 'tgi' },
		messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
		options: { temperature: 0.3, stop: ['END'] },
	};

	it('reads an expression-free parameter once, and one with another expression for every item', () => {
		const { ctx, calls } = context({
			...parameters,
			messages: { values: [{ role: 'user', content: '={{ $json.q.toUpperCase() }}' }] },
		});
		const cached = withParameterCache(ctx);
		for (let item = 0; item < 3; item++) {
			cached.getNodeParameter('options', item, {});
			cached.getNodeParameter('modelId', item, '', { extractValue: true });
			cached.getNodeParameter('messages.values', item, []);
		}
		expect(calls).toEqual([
			'options@0',
			'modelId@0',
			'messages.values@0',
			'messages.values@1',
			'messages.values@2',
		]);
	});

	it('reads a whole {{ $json.<path> }} from each item, asking n8n only for the first', () => {
		// The stand-in n8n answers the raw value; the item reads answer the item's field.
		const { ctx, calls } = context(
			{ messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] } },
			[{ q: '={{ $json.q }}' }, { q: 'second' }, { q: { nested: ['third'] } }],
		);
		const cached = withParameterCache(ctx);
		const read = [0, 1, 2].map((item) => cached.getNodeParameter('messages.values', item, []));
		expect(read).toEqual([
			[{ role: 'user', content: '={{ $json.q }}' }],
			[{ role: 'user', content: 'second' }],
			[{ role: 'user', content: { nested: ['third'] } }],
		]);
		expect(calls).toEqual(['messages.values@0']);
	});

	it('goes back to n8n for every item once n8n answers the first item differently', () => {
		const { ctx, calls } = context({ inputs: '={{ $json.q }}' }, [
			{ q: 'not what n8n says' },
			{ q: 'x' },
		]);
		const cached = withParameterCache(ctx);
		expect(cached.getNodeParameter('inputs', 0, '')).toBe('={{ $json.q }}');
		expect(cached.getNodeParameter('inputs', 1, '')).toBe('={{ $json.q }}');
		expect(calls).toEqual(['inputs@0', 'inputs@1']);
	});

	it('goes back to n8n for every item when n8n fails where the item read would answer', () => {
		const { ctx, calls } = context({ inputs: '={{ $json.q }}' }, [{ q: 'a' }, { q: 'b' }]);
		const failing = Object.create(ctx, {
			getNodeParameter: {
				value: (name: string, itemIndex: number) => {
					calls.push(`${name}@${itemIndex}`);
					throw new Error(`n8n refuses item ${itemIndex}`);
				},
			},
		}) as IExecuteFunctions;
		const cached = withParameterCache(failing);
		expect(() => cached.getNodeParameter('inputs', 0, '')).toThrow('n8n refuses item 0');
		expect(() => cached.getNodeParameter('inputs', 1, '')).toThrow('n8n refuses item 1');
		expect(calls).toEqual(['inputs@0', 'inputs@1']);
	});

	it("leaves to n8n what it cannot answer for certain, and reads with n8n's options", () => {
		const { ctx, calls } = context({ inputs: '={{ $json.a.b }}' }, [{ a: { b: 'x' } }, {}, {}]);
		const cached = withParameterCache(ctx);
		cached.getNodeParameter('inputs', 0, ''); // checked against n8n
		cached.getNodeParameter('inputs', 1, ''); // $json.a is missing: n8n's to answer
		cached.getNodeParameter('inputs', 2, '', { ensureType: 'string' });
		expect(calls).toEqual(['inputs@0', 'inputs@1', 'inputs@2']);
	});

	it('reads nothing from the item without the sandbox check of n8n-workflow', () => {
		const { ctx, calls } = context({ inputs: '={{ $json.q }}' }, [{ q: 'a' }, { q: 'b' }]);
		const cached = withParameterCache(ctx, undefined);
		cached.getNodeParameter('inputs', 0, '');
		cached.getNodeParameter('inputs', 1, '');
		expect(calls).toEqual(['inputs@0', 'inputs@1']);
	});

	it('hands each item its own copy: one item changing it changes no other', () => {
		const { ctx } = context(parameters);
		const cached = withParameterCache(ctx);
		const first = cached.getNodeParameter('options', 0, {}) as { stop: string[] };
		first.stop.push('changed');
		expect(cached.getNodeParameter('options', 1, {})).toEqual({ temperature: 0.3, stop: ['END'] });
	});

	it('keeps parameters apart by their fallback and options, and unset ones give their fallback', () => {
		const { ctx } = context(parameters);
		const cached = withParameterCache(ctx);
		expect(cached.getNodeParameter('simplify', 0, true)).toBe(true);
		expect(cached.getNodeParameter('simplify', 1, false)).toBe(false);
	});
});
