/**
 * The credential fields the node parses — Custom Headers (JSON), the API Key as a header value —
 * refused readably and never quoted: JSON.parse's own message quotes its input, and the input may
 * be a gateway token. And the redaction of such secrets, linear in the text and the secrets.
 */
import { readApiKey, readCustomHeaders } from '../../nodes/shared/wire/customHeaders';
import { CredentialFieldError } from '../../nodes/shared/wire/fieldError';
import { tryParseJson } from '../../nodes/shared/wire/guards';
import { describeJsonSyntax, jsonSyntaxProblem } from '../../nodes/shared/wire/jsonSyntax';
import { MIN_PIECE, type RedactionWork, secretRedactor } from '../../nodes/shared/transport/redact';
import { leaked } from '../helpers/leaks';

const TOKEN = 'gw_abc123def456ghi789';

/** The message a call throws (never a pass: the call must throw). */
function thrown(call: () => unknown): string {
	try {
		call();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected the call to throw');
}

describe('JSON that is not JSON: where and why, never the text', () => {
	it.each([
		['{"X-Gw": gw_abc123def456ghi789}', 1, 10, 'expected a value', 'a letter'],
		['{"X-Gw": "gw_abc123def456ghi789"', 1, 33, 'expected "," or "}"', 'the end of the text'],
		['{"X-Gw": "gw_abc123def456ghi789', 1, 32, 'a closing double quote', 'the end'],
		["{'X-Gw': 'gw_abc123def456ghi789'}", 1, 2, 'a name in double quotes', 'a single quote'],
		['{"a": 1,}', 1, 9, 'a name in double quotes', '"}"'],
		['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"', '"""'],
		['[1, 2', 1, 6, 'expected "," or "]"', 'the end of the text'],
		['{"a": 01}', 1, 8, 'expected "," or "}"', 'a digit'],
		['{"a": "line\nbreak"}', 1, 12, 'a character allowed inside a string', 'a line break'],
		['{"a": "\\x"}', 1, 8, 'an escape JSON knows', 'another character'],
		['{"a": 1} trailing', 1, 10, 'the end of the text after the value', 'a letter'],
		['', 1, 1, 'expected a value', 'the end of the text'],
		['tru', 1, 1, 'expected a value', 'a letter'],
		['{"a": -}', 1, 7, 'a number', 'a symbol'],
	])('%j → line %i, column %i', (text, line, column, expected, found) => {
		expect(() => JSON.parse(text)).toThrow();
		const problem = jsonSyntaxProblem(text);
		expect(problem).toMatchObject({ line, column });
		expect(problem?.problem).toContain(expected);
		expect(problem?.problem).toContain(`found ${found}`);
		expect(describeJsonSyntax(text)).not.toContain('gw_');
		expect(describeJsonSyntax(text)).not.toContain('abc');
	});

	it('finds nothing wrong in JSON, however deep', () => {
		for (const text of [
			'{}',
			'[]',
			' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ',
			'"x"',
			'0',
		])
			expect(jsonSyntaxProblem(text)).toBeUndefined();
		const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
		expect(jsonSyntaxProblem(deep)).toBeUndefined();
		expect(jsonSyntaxProblem(`${'['.repeat(100_000)}`)?.problem).toContain('found the end');
	});

	it("tryParseJson's problem quotes nothing of the text, where JSON.parse's message does", () => {
		const text = `{"X-Gw": ${TOKEN}}`;
		expect(thrown(() => JSON.parse(text))).toContain('gw_abc'); // V8 quotes its input
		const { problem } = tryParseJson(text);
		expect(problem).toBe(
			'at line 1, column 10: expected a value (text in double quotes, a number, true, false, null, an object {…} or a list […]), found a letter (text must be in double quotes)',
		);
	});
});

describe('Custom Headers: refused naming the header, never the value', () => {
	it.each([
		[
			'unquoted',
			`{"X-Gw": ${TOKEN}}`,
			'are not valid JSON (at line 1, column 10: expected a value',
		],
		[
			'cut short',
			`{"X-Gw": "${TOKEN}`,
			'are not valid JSON (at line 1, column 32: expected a closing double quote (a string is left open), found the end of the text)',
		],
		[
			'a value as a name',
			`{"X-Gw: ${TOKEN}": ""}`,
			'have a header name that is not allowed (the 1st header)',
		],
		[
			'a control character',
			`{"X-Gw": "${TOKEN}\\u0001"}`,
			'give X-Gw a value with a control character (at character 22)',
		],
		['DEL', `{"X-Gw": "${TOKEN}\\u007f"}`, 'give X-Gw a value with a control character'],
		[
			'a tab inside is fine, a line break is not',
			`{"X-Gw": "a\\tb", "X-B": "${TOKEN}\\n"}`,
			'give X-B a value with a line break or NUL',
		],
		[
			'outside Latin-1',
			`{"X-Gw": "ключ-${TOKEN}"}`,
			'give X-Gw a value with a character outside Latin-1 (at character 1)',
		],
		[
			'an emoji',
			`{"X-A": "ok", "X-Gw": "${TOKEN}🔑"}`,
			'give X-Gw a value with a character outside Latin-1 (at character 22)',
		],
		[
			'a space before',
			`{"X-Gw": " ${TOKEN}"}`,
			'give X-Gw a value with spaces or tabs at its start or end',
		],
		[
			'a space after',
			`{"X-Gw": "${TOKEN} "}`,
			'give X-Gw a value with spaces or tabs at its start or end',
		],
		['a list', `{"X-Gw": ["${TOKEN}"]}`, 'give X-Gw a value that is not text (a list)'],
		['an empty name', `{"": "${TOKEN}"}`, 'have a header with an empty name (the 1st)'],
	])('%s', (_case, text, words) => {
		const message = thrown(() => readCustomHeaders(text));
		expect(message).toContain(`The credential's Custom Headers ${words}`);
		expect(leaked(message, TOKEN)).toEqual([]);
	});

	it('takes names every object has as ordinary header names, and refuses __proto__ rather than lose it', () => {
		expect(readCustomHeaders('{"constructor": "x", "toString": "y"}')).toEqual({
			constructor: 'x',
			toString: 'y',
		});
		expect(thrown(() => readCustomHeaders(`{"__proto__": "${TOKEN}"}`))).toBe(
			"The credential's Custom Headers may not set __proto__: it cannot be sent",
		);
	});

	it('keeps what HTTP carries as typed: ASCII, tabs inside, Latin-1 (sent as its byte)', () => {
		expect(readCustomHeaders('{"X-A": "a\\tb", "X-B": "café", "X-C": 12}')).toEqual({
			'X-A': 'a\tb',
			'X-B': 'café',
			'X-C': '12',
		});
	});

	it('the API Key is checked like a header value, and trimmed as it always was', () => {
		expect(readApiKey('  hf_key  ')).toBe('hf_key');
		expect(readApiKey(undefined)).toBe('');
		const error = (() => {
			try {
				readApiKey(`hf_${TOKEN}ключ`);
			} catch (caught) {
				return caught as CredentialFieldError;
			}
			return undefined;
		})();
		expect(error).toBeInstanceOf(CredentialFieldError);
		expect(error?.field).toBe('apiKey');
		expect(error?.message).toMatch(/^The credential's API Key has a character outside Latin-1/);
		expect(leaked(error?.message ?? '', TOKEN)).toEqual([]);
	});
});

describe('redaction costs linear time in the text and the secrets', () => {
	/** The worst case for a piece-by-piece search: one letter repeated, every piece everywhere. */
	const work = (secretLength: number, textLength: number) => {
		const counted: RedactionWork = { steps: 0 };
		const secret = `${'a'.repeat(secretLength - 1)}b`;
		const redacted = secretRedactor(
			[secret, 'hf_short_key_1234'],
			counted,
		)(`start ${'a'.repeat(textLength)} end`);
		return { steps: counted.steps, redacted };
	};

	it('the steps grow with the lengths, not their product', () => {
		const small = work(2_000, 10_000);
		const large = work(20_000, 100_000);
		expect(small.redacted).toBe('start [redacted] end');
		expect(large.redacted).toBe('start [redacted] end');
		// Ten times the sizes, about ten times the steps (a quadratic search: a hundred times, or more).
		expect(large.steps / small.steps).toBeLessThan(12);
		// A few dozen steps per character of text and secrets, whatever their sizes.
		expect(large.steps / (20_000 + 100_000)).toBeLessThan(40);
	});

	it('a 100 KB header value in a 1 MB answer is redacted (it took minutes before), pieces too', () => {
		const value = Array.from(
			{ length: 100_000 },
			(_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919) % 36],
		).join('');
		const answer = `echo ${value} and ${value.slice(5_000, 5_000 + MIN_PIECE)} and ${'x'.repeat(900_000)}`;
		const redacted = secretRedactor([TOKEN, value])(answer);
		expect(redacted.startsWith('echo [redacted] and [redacted] and xxx')).toBe(true);
		expect(redacted.length).toBe(answer.length - 100_000 - MIN_PIECE + 2 * '[redacted]'.length);
	});
});
