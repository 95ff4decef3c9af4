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
 *   no field named as an inherited one) of a size n8n evaluates; anything else — a date, a Buffer,
 *   NaN, an object n8n reads as an error or a date (`__isError`, `isLuxonDateTime`), a value above
 *   MAX_READ_SIZE — is left to n8n;
 * - anything that throws while read (a proxy from n8n 1.x's Code node) is left to n8n;
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

/**
 * Keys n8n gives a meaning: an object with `__isError: true` is an error to n8n 2.x's runtime
 * (its evaluation throws), one with `isLuxonDateTime` (or a Duration's, an Interval's) is a date to
 * Luxon's checks, and `__n8nType`, `__isObject`… frame values crossing its isolate. Such an object
 * is n8n's to answer, wherever it sits in the value.
 */
const N8N_MEANINGFUL_KEY = /^__|^isLuxon/;

/**
 * The most a value read from the item may hold — characters of text and keys, and values — before
 * it is n8n's to evaluate: n8n 2.x's runtime stops an expression whose value is huge ("Expression
 * exceeded memory limit", "Expression timed out"), and the item read must not send what n8n refuses.
 * Measured through n8n-core's engine (isolated-VM runtime, 128 MB, 5 s): a list of 100,000 small
 * objects (200,000 values) exceeds its memory, 50,000 pass in 1.2 s; a million numbers take 3.3 s of
 * its 5; text costs little (60 million characters pass). The bound keeps a wide margin below.
 */
export const MAX_READ_SIZE = { characters: 1_000_000, values: 50_000, depth: 100 };

/**
 * A copy of the value when it is plain JSON all the way down (what crosses n8n's runtime unchanged)
 * and within MAX_READ_SIZE, else LEFT_TO_N8N. Copied here, not by structuredClone: n8n 1.x's Code
 * node hands out proxies, which structuredClone refuses ("#<Object> could not be cloned").
 */
function plainJsonCopy(value: unknown): unknown {
	const budget = { characters: MAX_READ_SIZE.characters, values: MAX_READ_SIZE.values };
	const copy = (entry: unknown, depth: number): unknown => {
		if (--budget.values < 0 || depth > MAX_READ_SIZE.depth) return LEFT_TO_N8N;
		if (typeof entry === 'string') {
			budget.characters -= entry.length;
			return budget.characters < 0 ? LEFT_TO_N8N : entry;
		}
		if (entry === null || typeof entry === 'boolean') return entry;
		if (typeof entry === 'number') return Number.isFinite(entry) ? entry : LEFT_TO_N8N;
		if (Array.isArray(entry)) {
			const list: unknown[] = [];
			for (let index = 0; index < entry.length; index++) {
				if (!(index in entry)) return LEFT_TO_N8N;
				const item = copy(entry[index], depth + 1);
				if (item === LEFT_TO_N8N) return LEFT_TO_N8N;
				list.push(item);
			}
			return list;
		}
		if (!isPlainObject(entry)) return LEFT_TO_N8N;
		const prototype = Object.getPrototypeOf(entry) as unknown;
		if (prototype !== Object.prototype && prototype !== null) return LEFT_TO_N8N;
		const object: Record<string, unknown> = {};
		for (const [key, field] of Object.entries(entry)) {
			// n8n 2.x's runtime cannot hand back an object with a field named as an inherited one.
			if (key in Object.prototype || N8N_MEANINGFUL_KEY.test(key)) return LEFT_TO_N8N;
			budget.characters -= key.length;
			const item = copy(field, depth + 1);
			if (item === LEFT_TO_N8N || budget.characters < 0) return LEFT_TO_N8N;
			object[key] = item;
		}
		return object;
	};
	return copy(value, 0);
}

const INDEX = /^(0|[1-9]\d{0,8})$/;

/** The value at `path` in the item's JSON, or LEFT_TO_N8N where n8n's answer is not certain. */
function walkJsonPath(json: unknown, path: readonly string[]): unknown {
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
			// has its own: n8n 2.x's runtime reads the inherited function there and fails. So is a
			// step through an object n8n gives a meaning (an error, a date).
			if (name in Object.prototype) return LEFT_TO_N8N;
			if (Object.keys(value).some((key) => N8N_MEANINGFUL_KEY.test(key))) return LEFT_TO_N8N;
			if (Object.prototype.hasOwnProperty.call(value, name)) value = value[name];
			else if (last)
				return undefined; // a missing last field, as in n8n
			else return LEFT_TO_N8N;
		} else {
			return LEFT_TO_N8N;
		}
	}
	return plainJsonCopy(value);
}

/**
 * The value at `path` in the item's JSON, or LEFT_TO_N8N where n8n's answer is not certain —
 * including whenever reading it throws (a proxy's trap, a getter): n8n then evaluates it.
 */
export function readJsonPath(json: unknown, path: readonly string[]): unknown {
	try {
		return walkJsonPath(json, path);
	} catch {
		return LEFT_TO_N8N;
	}
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
