/**
 * Keeps the API key out of every text the node shows, stores or logs: the key itself, its
 * URL-encoded and base64 forms (also inside a longer base64 text, such as `Bearer <key>` or a
 * Basic auth header), and any piece of it long enough to matter. Redact first, then cut a text
 * short: a cut never leaves part of the key behind.
 */

const REDACTED = '[redacted]';

/** Pieces of the key shorter than this are not searched for (too many false matches). */
export const MIN_PIECE = 12;

/**
 * The key's base64 form at each of the three byte offsets it can have inside a longer text:
 * the characters that depend on the key's bytes alone, in both alphabets (standard and URL-safe).
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const cores: string[] = [];
	for (let skip = 0; skip < 3; skip++) {
		const aligned = bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3);
		const core = aligned.toString('base64');
		if (core.length >= MIN_PIECE) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return cores;
}

/** Every form of the key to replace, longest first. */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([
		secret,
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
	]);
	for (const text of [secret, `Bearer ${secret}`])
		forms.add(Buffer.from(text, 'utf8').toString('base64'));
	for (const core of base64Cores(secret)) forms.add(core);
	return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces any piece of the key at least MIN_PIECE characters long (a server that echoes part of it). */
function redactPieces(value: string, secret: string): string {
	if (secret.length < MIN_PIECE) return value;
	let result = value;
	for (let length = secret.length - 1; length >= MIN_PIECE; length--) {
		for (let start = 0; start + length <= secret.length; start++) {
			const piece = secret.slice(start, start + length);
			if (result.includes(piece)) result = result.split(piece).join(REDACTED);
		}
	}
	return result;
}

/**
 * A function that redacts the key (every form above) from a text; the identity without a key.
 * The forms are worked out on first use: one is made per request, but only failures call it.
 */
function oneSecretRedactor(secret: string | undefined): (value: string) => string {
	if (!secret || secret.length < 4) return (value) => value;
	let forms: string[] | undefined;
	return (value) => {
		forms ??= secretForms(secret);
		let result = value;
		for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
		return redactPieces(result, secret);
	};
}

/**
 * A function that redacts the secrets — the API key, and the credential's Custom Headers values —
 * in every form above from a text; the identity without any. Longer secrets first, so one that
 * holds another is redacted whole.
 */
export function secretRedactor(
	secrets: string | undefined | Array<string | undefined>,
): (value: string) => string {
	const list = (Array.isArray(secrets) ? secrets : [secrets])
		.filter((secret): secret is string => typeof secret === 'string')
		.sort((a, b) => b.length - a.length);
	const redactors = list.map(oneSecretRedactor);
	return (value) => redactors.reduce((text, redact) => redact(text), value);
}

/** Replaces every form of the secret (API key) in a text. */
export function redactSecret(value: string, secret: string | undefined): string {
	return secretRedactor(secret)(value);
}
