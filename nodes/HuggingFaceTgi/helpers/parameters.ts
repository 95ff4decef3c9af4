/**
 * How the action node reads its parameters per item, cheaper than n8n does at volume:
 * - a parameter without an expression is the same for every item: it is read once per execution
 *   (n8n would copy it, walk it for expressions and check its type for every item);
 * - a parameter whose every expression is a whole `{{ $json.<path> }}` is read straight from the
 *   item (itemExpressions.ts), where that is certainly n8n's answer, and checked once against n8n's
 *   own evaluation on the first item read: should they differ, n8n evaluates it for every item;
 * - every other parameter is evaluated by n8n for every item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';

import { isPlainObject } from '../../shared/wire/guards';
import {
	itemReaderFor,
	LEFT_TO_N8N,
	sameJson,
	type ItemReader,
	type SafeProperty,
} from './itemExpressions';

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
 * The properties n8n's expression sandbox lets an expression read: its own check, found at run
 * time (an n8n without it gets no item reads, only n8n's evaluation).
 */
function sandboxCheck(): SafeProperty | undefined {
	const check = (n8nWorkflow as { isSafeObjectProperty?: unknown }).isSafeObjectProperty;
	return typeof check === 'function' ? (check as SafeProperty) : undefined;
}

interface Dynamic {
	/** Reads the value from the item, while it agrees with n8n's. */
	reader?: ItemReader;
	/** Whether the reader's answer has been compared with n8n's evaluation yet. */
	checked: boolean;
}

/**
 * The node's context with a getNodeParameter that reads parameters as described above: each item
 * gets its own copy, so no item can change another's.
 */
export function withParameterCache(
	context: IExecuteFunctions,
	safe: SafeProperty | undefined = sandboxCheck(),
): IExecuteFunctions {
	const cache = new Map<string, unknown>();
	const dynamic = new Map<string, Dynamic | false>();
	const read = context.getNodeParameter.bind(context) as (...args: unknown[]) => unknown;
	const parameters = context.getNode().parameters;
	const items = context.getInputData();
	const getNodeParameter = (name: string, itemIndex: number, ...rest: unknown[]) => {
		// How a parameter is read is worked out once, not for every item.
		let how = dynamic.get(name);
		if (how === undefined) {
			const raw = rawParameter(parameters, name);
			how = holdsExpression(raw) && {
				reader: safe && itemReaderFor(raw, safe),
				checked: false,
			};
			dynamic.set(name, how);
		}
		if (how) {
			// Options (extractValue, ensureType, …) are n8n's to apply.
			const json = items[itemIndex]?.json;
			const value = how.reader && rest.length <= 1 && json ? how.reader(json) : LEFT_TO_N8N;
			if (value === LEFT_TO_N8N) return read(name, itemIndex, ...rest);
			if (!how.checked) {
				// Off until n8n has answered the same: should n8n throw here instead, it stays off.
				const reader = how.reader;
				how.reader = undefined;
				const evaluated = read(name, itemIndex, ...rest);
				how.checked = true;
				if (sameJson(evaluated, value)) how.reader = reader;
				return evaluated;
			}
			return value;
		}
		const key = `${name}\n${JSON.stringify(rest)}`;
		if (!cache.has(key)) cache.set(key, read(name, itemIndex, ...rest));
		const value = cache.get(key);
		return typeof value === 'object' && value !== null ? structuredClone(value) : value;
	};
	return Object.create(context, {
		getNodeParameter: { value: getNodeParameter },
	}) as IExecuteFunctions;
}
