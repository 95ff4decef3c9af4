import { describeJsonSyntax } from './jsonSyntax';

/** A JSON object: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A whole number above 0, or undefined (limits read from a server's /info). */
export const positiveInteger = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/** What kind of value an answer holds where a list was expected. */
export const describe = (value: unknown) =>
	Array.isArray(value)
		? 'a list'
		: value === null
			? 'null'
			: typeof value === 'object'
				? 'an object'
				: `a ${typeof value}`;

/** A value as a message shows it: 1e999 as Infinity (JSON would print null), a long one cut. */
export const shown = (value: unknown) => {
	const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? 'nothing');
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Numbers counted from 1 for a message: "2, 5 and 9" (the first 10, then "…"). */
export const numbers = (list: number[]) => {
	const first = list.slice(0, 10).map((n) => String(n + 1));
	const more = list.length > 10 ? ` and ${list.length - 10} more` : '';
	return first.length > 1 && !more
		? `${first.slice(0, -1).join(', ')} and ${first[first.length - 1]}`
		: `${first.join(', ')}${more}`;
};

/**
 * JSON.parse without throwing: the value, or where the text stops being JSON — said without
 * quoting the text (JSON.parse's own message does, and the text may hold a secret).
 */
export function tryParseJson(
	text: string,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return { problem: describeJsonSyntax(text) };
	}
}
