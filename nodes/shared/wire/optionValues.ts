/** Reading option values as n8n hands them over: numbers, whole numbers, stop lists. */

import { FieldError, parseJsonField } from './fieldError';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** A finite number (a numeric text too), or undefined when not set. */
export function toNumber(value: unknown, field: string): number | undefined {
	if (!given(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new FieldError(field, `must be a number (got ${JSON.stringify(value)})`);
	}
	return number;
}

/** A whole number from min to max, or `fallback` when not set. */
export function wholeNumber(
	value: unknown,
	field: string,
	fallback: number,
	min: number,
	max: number,
): number {
	if (!given(value)) return fallback;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new FieldError(
			field,
			`must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
		);
	}
	return number;
}

/** Stop sequences arrive as a list, one string, or a JSON array typed into an expression. */
export function normalizeStop(value: unknown, field = 'stop'): string[] | undefined {
	let list = value;
	if (typeof list === 'string') {
		const trimmed = list.trim();
		if (trimmed === '') return undefined;
		list = trimmed.startsWith('[') ? parseJsonField(trimmed, field) : [list];
	}
	if (list === undefined || list === null) return undefined;
	if (!Array.isArray(list)) throw new FieldError(field, 'must be a list of strings');
	list.forEach((entry, index) => {
		if (typeof entry !== 'string' || entry === '') {
			throw new FieldError(field, `entry ${index + 1} must be a non-empty string`);
		}
	});
	return list.length > 0 ? (list as string[]) : undefined;
}

/** A switch: true or false, or `fallback` when not set. */
export function flag(value: unknown, field: string, fallback: boolean): boolean {
	if (!given(value)) return fallback;
	if (typeof value !== 'boolean')
		throw new FieldError(field, `must be true or false (got ${JSON.stringify(value)})`);
	return value;
}

/** One of the option's values, or `fallback` when not set. */
export function oneOf<T extends string>(
	value: unknown,
	field: string,
	allowed: readonly T[],
	fallback: T,
): T {
	if (!given(value)) return fallback;
	if (!(allowed as readonly unknown[]).includes(value))
		throw new FieldError(
			field,
			`must be ${allowed.map((option) => JSON.stringify(option)).join(' or ')} (got ${JSON.stringify(value)})`,
		);
	return value as T;
}
