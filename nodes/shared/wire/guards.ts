import { describeJsonSyntax } from './jsonSyntax';

/** A JSON object: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A whole number above 0, or undefined (limits read from a server's /info). */
export const positiveInteger = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

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
