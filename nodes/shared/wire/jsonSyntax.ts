/**
 * Where a text stops being JSON, and what was expected there — told without quoting the text.
 * JSON.parse's own message quotes its input (V8: `Unexpected token 'g', "{"X-Gw": gw_abc…" is not
 * valid JSON`), and the input may be a secret: a gateway token in the credential's Custom Headers,
 * a key pasted into a JSON parameter. This reader walks the text as JSON's grammar (RFC 8259) does
 * and names the place (line, column) and the kind of character found there, never the text.
 */

/** Where the JSON goes wrong: 1-based line and column, and what is wrong there. */
export interface JsonSyntaxProblem {
	/** The character's offset in the text, from 0. */
	offset: number;
	line: number;
	column: number;
	/** "expected …, found …", in words that never repeat the text. */
	problem: string;
}

const VALUE =
	'a value (text in double quotes, a number, true, false, null, an object {…} or a list […])';

/** A character named by its kind; JSON's own punctuation by itself (it is not the user's text). */
function kindOf(text: string, at: number): string {
	if (at >= text.length) return 'the end of the text';
	const char = text[at];
	if ('{}[],:"'.includes(char)) return `"${char}"`;
	if (char === "'") return 'a single quote (JSON needs double quotes)';
	if (/[A-Za-z_]/.test(char)) return 'a letter (text must be in double quotes)';
	if (/\d/.test(char)) return 'a digit';
	if (char === '\n' || char === '\r') return 'a line break';
	if (char === '\t') return 'a tab';
	if (char.charCodeAt(0) < 0x20 || char === '\u007f') return 'a control character';
	if (/\s/.test(char)) return 'a space character JSON does not allow';
	if (char.charCodeAt(0) > 0x7e) return 'a non-ASCII character';
	return 'a symbol';
}

class Stop extends Error {
	constructor(
		readonly at: number,
		readonly expected: string,
		readonly found?: string,
	) {
		super(expected);
	}
}

const CLOSE = { object: '}', list: ']' } as const;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);
const HEX = /^[0-9A-Fa-f]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Walks one JSON text; throws Stop at the first place it is not JSON. */
function walk(text: string): void {
	let at = 0;
	const skipSpace = () => {
		while (at < text.length && WHITESPACE.has(text[at])) at++;
	};
	const readString = () => {
		at++; // the opening quote
		for (;;) {
			if (at >= text.length) throw new Stop(at, 'a closing double quote (a string is left open)');
			const code = text.charCodeAt(at);
			if (text[at] === '"') {
				at++;
				return;
			}
			if (code < 0x20)
				throw new Stop(
					at,
					'a character allowed inside a string (a line break or tab must be written \\n or \\t)',
				);
			if (text[at] === '\\') {
				const escape = text[at + 1];
				if (escape === undefined || !ESCAPES.has(escape))
					throw new Stop(
						at,
						'an escape JSON knows after a backslash (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
						'another character',
					);
				if (escape === 'u' && !HEX.test(text.slice(at + 2, at + 6)))
					throw new Stop(at, 'four hexadecimal digits after \\u', 'something else');
				at += escape === 'u' ? 6 : 2;
			} else at++;
		}
	};
	const readScalar = () => {
		const char = text[at];
		if (char === '"') return readString();
		if (char === '-' || (char >= '0' && char <= '9')) {
			NUMBER.lastIndex = at;
			const match = NUMBER.exec(text);
			if (!match || match[0] === '-') throw new Stop(at, 'a number');
			at += match[0].length;
			return;
		}
		for (const word of ['true', 'false', 'null']) {
			if (text.startsWith(word, at)) {
				at += word.length;
				return;
			}
		}
		throw new Stop(at, VALUE);
	};

	// Open objects and lists, innermost last: no recursion, so any depth is walked.
	const open: Array<'object' | 'list'> = [];
	let want: 'value' | 'key' | 'after' = 'value';
	for (;;) {
		skipSpace();
		if (want === 'value') {
			const opened = text[at] === '{' ? 'object' : text[at] === '[' ? 'list' : undefined;
			if (opened === undefined) {
				readScalar();
				want = 'after';
			} else {
				at++;
				skipSpace();
				if (text[at] === CLOSE[opened]) {
					at++; // {} or []
					want = 'after';
				} else {
					open.push(opened);
					want = opened === 'object' ? 'key' : 'value';
				}
			}
		} else if (want === 'key') {
			if (text[at] !== '"') throw new Stop(at, 'a name in double quotes');
			readString();
			skipSpace();
			if (text[at] !== ':') throw new Stop(at, 'a ":" after the name');
			at++;
			want = 'value';
		} else {
			const inner = open[open.length - 1];
			if (inner === undefined) {
				if (at < text.length) throw new Stop(at, 'the end of the text after the value');
				return;
			}
			const close = CLOSE[inner];
			if (text[at] === ',') {
				at++;
				want = inner === 'object' ? 'key' : 'value';
			} else if (text[at] === close) {
				at++;
				open.pop();
			} else {
				throw new Stop(at, `"," or "${close}"`);
			}
		}
	}
}

/** Line and column (from 1) of an offset. */
function place(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let at = 0; at < offset && at < text.length; at++) {
		if (text[at] === '\n') {
			line++;
			lineStart = at + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

/** Where `text` stops being JSON, or undefined when it is JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
	try {
		walk(text);
		return undefined;
	} catch (caught) {
		// Only a Stop is thrown here (the walk has no recursion to overflow).
		const error = caught instanceof Stop ? caught : new Stop(0, VALUE);
		const { line, column } = place(text, error.at);
		const found = error.found ?? kindOf(text, error.at);
		return {
			offset: error.at,
			line,
			column,
			problem: `expected ${error.expected}, found ${found}`,
		};
	}
}

/** JSON.parse's failure described without the text: "at line 1, column 9: expected …, found …". */
export function describeJsonSyntax(text: string): string {
	const problem = jsonSyntaxProblem(text);
	if (problem === undefined) return 'not JSON';
	return `at line ${problem.line}, column ${problem.column}: ${problem.problem}`;
}
