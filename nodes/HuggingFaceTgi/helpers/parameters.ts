/**
 * Parameters read once per execution when they hold no expression. n8n resolves a parameter for
 * every item it is asked for (copying it, walking it for expressions, checking its type), although
 * one without an expression is the same for every item: that one is read once and copied after.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { isPlainObject } from '../../shared/wire/guards';

/** Whether a raw parameter value holds an n8n expression (a string starting with "=") anywhere. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (isPlainObject(value)) return Object.values(value).some(holdsExpression);
	return false;
}

/** The raw value at a dotted parameter path ("messages.values"), as the workflow stores it. */
function rawParameter(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const key of path.split('.')) value = isPlainObject(value) ? value[key] : undefined;
	return value;
}

/**
 * The node's context with a getNodeParameter that reads each expression-free parameter once per
 * execution (a copy each time, so no item can change another's), and every other as n8n does.
 */
export function withParameterCache(context: IExecuteFunctions): IExecuteFunctions {
	const cache = new Map<string, unknown>();
	const dynamic = new Map<string, boolean>();
	const read = context.getNodeParameter.bind(context) as (...args: unknown[]) => unknown;
	const parameters = context.getNode().parameters;
	const getNodeParameter = (name: string, itemIndex: number, ...rest: unknown[]) => {
		// Whether a parameter holds an expression is worked out once, not for every item.
		let isDynamic = dynamic.get(name);
		if (isDynamic === undefined) {
			isDynamic = holdsExpression(rawParameter(parameters, name));
			dynamic.set(name, isDynamic);
		}
		if (isDynamic) return read(name, itemIndex, ...rest);
		const key = `${name}\n${JSON.stringify(rest)}`;
		if (!cache.has(key)) cache.set(key, read(name, itemIndex, ...rest));
		const value = cache.get(key);
		return typeof value === 'object' && value !== null ? structuredClone(value) : value;
	};
	return Object.create(context, {
		getNodeParameter: { value: getNodeParameter },
	}) as IExecuteFunctions;
}
