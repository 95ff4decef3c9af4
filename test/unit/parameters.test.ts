/** Parameters without an expression are read once per execution; the others for every item. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { holdsExpression, withParameterCache } from '../../nodes/HuggingFaceTgi/helpers/parameters';

/** The one n8n context method the cache wraps, with what the workflow stores and a call count. */
function context(parameters: Record<string, unknown>) {
	const calls: string[] = [];
	const node = { parameters };
	const ctx = {
		getNode: () => node,
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

	it('reads an expression-free parameter once, and one with an expression for every item', () => {
		const { ctx, calls } = context(parameters);
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
