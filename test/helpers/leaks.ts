/** Every form of the API key a leak could take: itself, URL-encoded, base64 (alone and as `Bearer <key>`), any 12-character piece. */
export function keyForms(key: string): string[] {
	const pieces = Array.from({ length: key.length - 11 }, (_, i) => key.slice(i, i + 12));
	const base64 = (text: string) => Buffer.from(text).toString('base64');
	return [key, encodeURIComponent(key), base64(key), base64(`Bearer ${key}`), ...pieces];
}

/** The forms of `key` found in `text` (none, when nothing leaked). */
export const leaked = (text: string, key: string) =>
	keyForms(key).filter((form) => text.includes(form));
