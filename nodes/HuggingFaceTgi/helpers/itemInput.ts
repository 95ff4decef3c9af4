/**
 * An item's inputs to the retrieval, classification and token operations, read and checked: a
 * text, a list of documents, the field an answer goes in. A bad one is a FieldError naming the
 * parameter (the router adds the item). Pure: no n8n types.
 */
import { isPlainObject } from '../../shared/wire/guards';
import { FieldError, parseJsonField } from '../../shared/wire/fieldError';

/** The item's text for `field`, or the error naming it (servers refuse empty texts). */
export function itemText(value: unknown, field: string, purpose: string): string {
	if (typeof value !== 'string')
		throw new FieldError(field, `must be text (got ${value === null ? 'null' : typeof value})`);
	if (value.trim() === '')
		throw new FieldError(field, `is empty: ${purpose} servers refuse empty texts`);
	return value;
}

/** Where an answer goes: a field name of the item's JSON (`fallback` when the option is not set). */
export function outputField(value: unknown, fallback: string): string {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || value.trim() === '' || value.trim() === '__proto__')
		throw new FieldError('outputField', `must be a field name (got ${JSON.stringify(value)})`);
	return value.trim();
}

const kind = (value: unknown) =>
	value === null
		? 'null'
		: Array.isArray(value)
			? 'a list'
			: typeof value === 'string'
				? 'text'
				: typeof value;

/**
 * An item's documents to rank: a list (or its JSON text) of texts, or of objects whose
 * `textField` holds the text. Each text must be one and not empty; every entry is kept as it came,
 * to be put back beside its score.
 */
export function itemDocuments(
	value: unknown,
	textField: string | undefined,
): { entries: unknown[]; texts: string[] } {
	// A text that is not a JSON list (a single document, say) is refused as such, not parsed.
	const list =
		typeof value === 'string' && !value.trim().startsWith('[')
			? 'text'
			: parseJsonField(value, 'documents');
	if (!Array.isArray(list))
		throw new FieldError(
			'documents',
			`must be a list of texts, or of objects with a text field (got ${kind(list)})`,
		);
	const texts = list.map((entry, index) => {
		const where = `entry ${index + 1} of ${list.length}`;
		let text = entry;
		if (isPlainObject(entry)) {
			if (!textField)
				throw new FieldError(
					'documents',
					`${where} is an object: set Document Text Field to the key that holds its text`,
				);
			text = entry[textField];
			if (text === undefined)
				throw new FieldError('documents', `${where} has no "${textField}" (Document Text Field)`);
		} else if (textField && typeof entry !== 'string') {
			throw new FieldError(
				'documents',
				`${where} is ${kind(entry)}, not an object with "${textField}"`,
			);
		}
		if (typeof text !== 'string')
			throw new FieldError(
				'documents',
				`${where}${isPlainObject(entry) ? `'s "${textField}"` : ''} is ${kind(text)}, not text`,
			);
		if (text.trim() === '')
			throw new FieldError(
				'documents',
				`${where}${isPlainObject(entry) ? `'s "${textField}"` : ''} is empty: rerank servers refuse empty texts`,
			);
		return text;
	});
	return { entries: list, texts };
}
