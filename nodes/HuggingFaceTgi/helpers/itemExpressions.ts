/**
 * The per-item expression without n8n's expression runtime: a parameter value whose expressions
 * are each a whole `{{ $json.<path> }}` is read straight from the item. n8n evaluates every
 * expression of every item in its isolated-VM runtime, which costs more than the request itself
 * at volume; reading a field of the item is what such an expression does, so its value is taken
 * here — only where the answer is certainly n8n's own:
 * - the path is dots and brackets only (`$json.a.b`, `$json["a b"]`, `$json.list[0]`), no calls,
 *   no optional chaining, no spaces but inside the braces;
 * - every step is an own property of a plain object, or an index of an array; a missing last
 *   field is `undefined`, as in n8n; a missing or non-object step before it is left to n8n (which
 *   throws or answers null, depending on its engine), and so is a name every object inherits
 *   (`toString`), even where the item has its own;
 * - the value is plain JSON (strings, finite numbers, booleans, null, arrays and objects of them,
 *   no field named as an inherited one); anything else — a date, a Buffer, NaN — is left to n8n;
 * - a property n8n's sandbox refuses to read (`constructor`, `binding`, …) is left to n8n.
 * Everything else is evaluated by n8n, so a parameter is never read differently from how n8n
 * reads it; the engine tests prove each shape against n8n's own evaluation (both its engines).
 */
import { isPlainObject } from '../../shared/wire/guards';

/** A value read from the item, or `LEFT_TO_N8N` where n8n must evaluate it. */
export const LEFT_TO_N8N: unique symbol = Symbol('left to n8n');

/** What reads one parameter value from an item's JSON (or answers LEFT_TO_N8N). */
export type ItemReader = (json: unknown) => unknown;

/** Whether n8n's sandbox lets an expression read this property (n8n-workflow's isSafeObjectProperty). */
export type SafeProperty = (name: string) => boolean;

const WHOLE_JSON_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*)\s*\}\}$/;
const STEP = /\.([A-Za-z_$][\w$]*)|\[\s*(?:(0|[1-9]\d{0,8})|'([^'\\\n\r]*)'|"([^"\\\n\r]*)")\s*\]/y;

/**
 * The path of an expression that is one whole `{{ $json.<path> }}` (property names as strings),
 * or undefined for any other expression.
 */
export function jsonPathOf(expression: string, safe: SafeProperty): string[] | undefined {
	const whole = WHOLE_JSON_EXPRESSION.exec(expression);
	if (!whole) return undefined;
	const accessors = whole[1];
	const path: string[] = [];
	STEP.lastIndex = 0;
	while (STEP.lastIndex < accessors.length) {
		const start = STEP.lastIndex;
		const step = STEP.exec(accessors);
		if (!step || step.index !== start) return undefined;
		const name = step[1] ?? step[2] ?? step[3] ?? step[4];
		if (!safe(name)) return undefined;
		path.push(name);
	}
	return path;
}

/** Whether a value is plain JSON all the way down (what crosses n8n's runtime unchanged). */
function isPlainJson(value: unknown, depth = 0): boolean {
	if (depth > 100) return false;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			if (!(index in value) || !isPlainJson(value[index], depth + 1)) return false;
		}
		return true;
	}
	if (!isPlainObject(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	if (prototype !== Object.prototype && prototype !== null) return false;
	// n8n 2.x's runtime cannot hand back an object with a field named as an inherited one.
	return Object.entries(value).every(
		([key, entry]) => !(key in Object.prototype) && isPlainJson(entry, depth + 1),
	);
}

const INDEX = /^(0|[1-9]\d{0,8})$/;

/** The value at `path` in the item's JSON, or LEFT_TO_N8N where n8n's answer is not certain. */
export function readJsonPath(json: unknown, path: readonly string[]): unknown {
	let value: unknown = json;
	for (let step = 0; step < path.length; step++) {
		const name = path[step];
		const last = step === path.length - 1;
		if (Array.isArray(value)) {
			if (!INDEX.test(name)) return LEFT_TO_N8N;
			const index = Number(name);
			if (index >= value.length) return last ? undefined : LEFT_TO_N8N;
			value = value[index] as unknown;
		} else if (isPlainObject(value)) {
			// A name every object has (toString, valueOf, …) is n8n's to answer, even where the item
			// has its own: n8n 2.x's runtime reads the inherited function there and fails.
			if (name in Object.prototype) return LEFT_TO_N8N;
			if (Object.prototype.hasOwnProperty.call(value, name)) value = value[name];
			else if (last)
				return undefined; // a missing last field, as in n8n
			else return LEFT_TO_N8N;
		} else {
			return LEFT_TO_N8N;
		}
	}
	if (!isPlainJson(value)) return LEFT_TO_N8N;
	return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * A reader for a raw parameter value (as the workflow stores it, walked as n8n walks it), or
 * undefined when an expression in it is not a whole `{{ $json.<path> }}`.
 */
export function itemReaderFor(raw: unknown, safe: SafeProperty): ItemReader | undefined {
	if (typeof raw === 'string' && raw.startsWith('=')) {
		const path = jsonPathOf(raw, safe);
		return path && ((json) => readJsonPath(json, path));
	}
	if (Array.isArray(raw)) {
		const readers = raw.map((entry) => itemReaderFor(entry, safe));
		if (!readers.every((reader) => reader !== undefined)) return undefined;
		return (json) => {
			const values: unknown[] = [];
			for (const reader of readers as ItemReader[]) {
				const value = reader(json);
				if (value === LEFT_TO_N8N) return LEFT_TO_N8N;
				values.push(value);
			}
			return values;
		};
	}
	if (typeof raw === 'object' && raw !== null) {
		const entries = Object.entries(raw).map(
			([key, entry]) => [key, itemReaderFor(entry, safe)] as const,
		);
		if (!entries.every(([, reader]) => reader !== undefined)) return undefined;
		return (json) => {
			const values: Record<string, unknown> = {};
			for (const [key, reader] of entries as Array<readonly [string, ItemReader]>) {
				const value = reader(json);
				if (value === LEFT_TO_N8N) return LEFT_TO_N8N;
				values[key] = value;
			}
			return values;
		};
	}
	// A number, a boolean, a string without an expression: n8n's value is the one stored.
	return () => raw;
}

/** Whether two values are the same JSON (n8n's answer and this reader's, compared on the first item). */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) {
		return (
			Array.isArray(b) && a.length === b.length && a.every((entry, i) => sameJson(entry, b[i]))
		);
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = Object.keys(a);
		return (
			keys.length === Object.keys(b).length &&
			keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key], b[key]))
		);
	}
	return false;
}
