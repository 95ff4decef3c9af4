import {
	MIN_PIECE,
	redactSecret,
	secretForms,
	secretRedactor,
} from '../../nodes/shared/transport/redact';

const KEY = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('redactSecret', () => {
	it('removes every occurrence of the key', () => {
		expect(redactSecret('Bearer hf_secret and hf_secret', 'hf_secret')).toBe(
			'Bearer [redacted] and [redacted]',
		);
		expect(redactSecret('nothing', '')).toBe('nothing');
		expect(redactSecret('abc', 'abc'.slice(0, 3))).toBe('abc'); // too short to be a key
	});

	it('removes its URL-encoded and base64 forms, alone and as Bearer <key>', () => {
		const key = 'sk/t3st+key=with&odd_chars9';
		const redact = secretRedactor(key);
		expect(redact(`q=${encodeURIComponent(key)}`)).toBe('q=[redacted]');
		expect(redact(`basic ${base64(key)}`)).toBe('basic [redacted]');
		expect(redact(`echo ${base64(`Bearer ${key}`)}`)).toBe('echo [redacted]');
		expect(redact(`url-safe ${base64(key).replace(/\+/g, '-').replace(/\//g, '_')}`)).not.toContain(
			base64(key).slice(4, 16),
		);
	});

	it('removes the key inside a longer base64 text, whatever its byte offset', () => {
		const redact = secretRedactor(KEY);
		for (const prefix of ['', 'a', 'ab', '{"token":"', 'Authorization: Bearer ']) {
			const encoded = base64(`${prefix}${KEY}"}`);
			const cleaned = redact(encoded);
			expect(cleaned).toContain('[redacted]');
			// The key's ~4/3 × 34 characters of base64 went, but for up to 2 mixed characters at each end.
			const kept = cleaned.replace('[redacted]', '');
			expect(encoded.length - kept.length).toBeGreaterThanOrEqual(
				Math.floor((KEY.length - 4) / 3) * 4,
			);
		}
	});

	it(`removes any piece of the key of ${MIN_PIECE} or more characters, as a server that echoes part of it sends`, () => {
		const redact = secretRedactor(KEY);
		expect(redact(`Invalid key ${KEY.slice(0, 20)}…`)).toBe('Invalid key [redacted]…');
		expect(redact(`…${KEY.slice(10, 10 + MIN_PIECE)}…`)).toBe('…[redacted]…');
		expect(redact(`short ${KEY.slice(0, MIN_PIECE - 1)}`)).toBe(
			`short ${KEY.slice(0, MIN_PIECE - 1)}`,
		);
	});

	it('finds every form whichever comes first in the text: a longer one is never half-replaced by a shorter', () => {
		const forms = secretForms(KEY);
		expect(forms).toContain(KEY);
		expect(forms).toContain(base64(`Bearer ${KEY}`));
		// The key's own base64 sits inside the base64 of "Bearer <key>": both go whole, as one run.
		const redact = secretRedactor(KEY);
		expect(redact(`a ${base64(`Bearer ${KEY}`)} b ${base64(KEY)} c`)).toBe(
			'a [redacted] b [redacted] c',
		);
	});
});

describe('several secrets: the key and the Custom Headers values', () => {
	it('redacts each, in every form, and one that holds another whole', () => {
		const key = 'hf_abcdefghijklmnopqrstuvwxyz';
		const token = 'gw_live_7f3a9c2e5d1b8f4a6c0e';
		const redact = secretRedactor([key, token, undefined]);
		const text = `key ${key} token ${token} base64 ${Buffer.from(token).toString('base64')}`;
		const redacted = redact(text);
		expect(redacted).not.toContain(key);
		expect(redacted).not.toContain(token);
		expect(redacted).not.toContain(Buffer.from(token).toString('base64'));
		expect(secretRedactor([])('nothing to hide')).toBe('nothing to hide');
	});
});
