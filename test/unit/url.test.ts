import {
	apiUrl,
	apiVersionProblem,
	baseUrlProblem,
	displayUrl,
	joinUrl,
	redirectDecision,
} from '../../nodes/shared/transport/url';

describe('joinUrl / apiUrl', () => {
	it.each([
		[
			'https://router.huggingface.co/novita',
			'v3/openai',
			'https://router.huggingface.co/novita/v3/openai/chat/completions',
		],
		[
			'https://router.huggingface.co/novita/',
			'/v3/openai/',
			'https://router.huggingface.co/novita/v3/openai/chat/completions',
		],
		['http://host:8080', 'v1', 'http://host:8080/v1/chat/completions'],
		['http://host:8080///', '//v1//', 'http://host:8080/v1/chat/completions'],
		[
			'https://xxx.endpoints.huggingface.cloud/v1',
			'',
			'https://xxx.endpoints.huggingface.cloud/v1/chat/completions',
		],
		['  http://host:8080/  ', '  v1 ', 'http://host:8080/v1/chat/completions'],
	])('%s + %s', (baseUrl, apiVersion, expected) => {
		expect(apiUrl({ baseUrl, apiVersion }, 'chat/completions')).toBe(expected);
		expect(apiUrl({ baseUrl, apiVersion }, '/chat/completions')).toBe(expected);
	});

	it('skips empty and undefined parts and keeps the scheme', () => {
		expect(joinUrl('http://a', undefined, '', 'models')).toBe('http://a/models');
	});

	it('rejects base URLs without http(s) scheme', () => {
		expect(baseUrlProblem('router.huggingface.co/novita')).toMatch(/must start with http/);
		expect(baseUrlProblem('')).toMatch(/must start with http/);
		expect(baseUrlProblem(undefined)).toMatch(/must start with http/);
		expect(baseUrlProblem('http://127.0.0.1:8080')).toBeUndefined();
		expect(baseUrlProblem('HTTPS://router.huggingface.co')).toBeUndefined();
	});
});

describe('the Base URL and API Version never quote what may be a secret', () => {
	const SECRET = 'hf_NotShownAnywhere123';
	it.each([
		[SECRET, /must start with http/],
		[`http://${SECRET} x`, /not a valid URL/],
		[`http://host:${SECRET}/`, /not a valid URL: its host or port can't be read/],
		[`http://host/#${SECRET}`, /query string or fragment/],
		[`http://user:${SECRET}@host`, /user name or password/],
	])('Base URL %s', (baseUrl, words) => {
		const problem = baseUrlProblem(baseUrl) as string;
		expect(problem).toMatch(words);
		expect(problem).not.toContain(SECRET);
		expect(problem).not.toContain(SECRET.slice(3, 15));
	});

	it.each([
		[`v1?key=${SECRET}`, /must be a path such as v1/],
		[`https://${SECRET}/v1`, /must be a path such as v1/],
		['v1/../../admin', /must not have "\." or "\.\." steps/],
		['v1/%2e%2E/admin', /must not have/],
		['./v1', /must not have/],
	])('API Version %s', (apiVersion, words) => {
		const problem = apiVersionProblem(apiVersion) as string;
		expect(problem).toMatch(words);
		expect(problem).not.toContain(SECRET);
	});

	it('takes the API Versions people use', () => {
		for (const version of ['', 'v1', '/v1/', 'v3/openai', 'openai/v1', 'api/v1.2', undefined])
			expect(apiVersionProblem(version)).toBeUndefined();
	});
});

describe('the Base URL: user info, query strings', () => {
	it('refuses a user name or password without repeating it', () => {
		const problem = baseUrlProblem('http://alice:s3cr3t@host:8080');
		expect(problem).toMatch(/contains a user name or password/);
		expect(problem).not.toContain('s3cr3t');
		expect(baseUrlProblem('https://token@host')).toMatch(/user name or password/);
		expect(baseUrlProblem('alice:s3cr3t@host')).not.toContain('s3cr3t');
	});

	it('refuses a query string or fragment, showing the address before it, never the rest', () => {
		expect(baseUrlProblem('http://host:8080?key=hf_secret')).toBe(
			'The credential\'s Base URL must not contain a query string or fragment (it has one after http://host:8080): the node adds the API Version and the route after it, so "?…" would swallow them. Remove everything from "?" or "#" on',
		);
		expect(baseUrlProblem('http://host:8080/#top')).toMatch(/query string or fragment/);
		expect(baseUrlProblem('http://host:8080/?')).toMatch(/query string or fragment/);
	});

	it('shows URLs without user info', () => {
		expect(displayUrl('http://alice:pw@host:8080/v1')).toBe('http://host:8080/v1');
		expect(displayUrl('https://host/a@b')).toBe('https://host/a@b');
	});
});

describe('redirectDecision', () => {
	const base = 'http://127.0.0.1:8080/tgi';
	const current = 'http://127.0.0.1:8080/tgi/v1/chat/completions';

	it('follows a same-origin redirect, relative or absolute, keeping the method', () => {
		expect(redirectDecision(307, '/v1/chat/completions', current, base, 'POST', 0)).toEqual({
			follow: true,
			url: 'http://127.0.0.1:8080/v1/chat/completions',
		});
		expect(redirectDecision(301, 'http://127.0.0.1:8080/x', current, base, 'POST', 4)).toEqual({
			follow: true,
			url: 'http://127.0.0.1:8080/x',
		});
	});

	it.each([
		['another port', 'http://127.0.0.1:9999/v1/chat/completions', 'http://127.0.0.1:9999'],
		['another host', 'http://localhost:8080/v1/chat/completions', 'http://localhost:8080'],
		['another scheme', 'https://127.0.0.1:8080/v1/chat/completions', 'https://127.0.0.1:8080'],
		['user info in the target', 'http://evil:pw@attacker.example/', 'http://attacker.example'],
	])('refuses %s, naming the origin but never a password', (_name, location, origin) => {
		const decision = redirectDecision(302, location, current, base, 'POST', 0);
		expect(decision).toEqual({
			follow: false,
			problem: `The server redirected to ${origin}; the key is only sent to the Base URL's origin (http://127.0.0.1:8080) — update the Base URL`,
		});
	});

	it('refuses a 303 for a POST, a missing Location and too many hops', () => {
		expect(redirectDecision(303, '/other', current, base, 'POST', 0)).toMatchObject({
			follow: false,
			problem: expect.stringMatching(/HTTP 303 \(See Other/),
		});
		expect(redirectDecision(303, '/other', current, base, 'GET', 0)).toMatchObject({
			follow: true,
		});
		expect(redirectDecision(302, undefined, current, base, 'GET', 0)).toMatchObject({
			problem: expect.stringMatching(/no Location header/),
		});
		expect(redirectDecision(302, '/again', current, base, 'GET', 5)).toMatchObject({
			problem: expect.stringMatching(/more than 5 times/),
		});
	});
});
