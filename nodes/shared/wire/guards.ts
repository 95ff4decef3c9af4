/** A JSON object: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON.parse without throwing: the value, or why the text is not JSON. */
export function tryParseJson(
	text: string,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}
