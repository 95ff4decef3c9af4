import { apiUrl, baseUrlProblem, joinUrl } from '../../nodes/shared/url';

describe('joinUrl / apiUrl', () => {
	it.each([
		['https://router.huggingface.co/novita', 'v3/openai', 'https://router.huggingface.co/novita/v3/openai/chat/completions'],
		['https://router.huggingface.co/novita/', '/v3/openai/', 'https://router.huggingface.co/novita/v3/openai/chat/completions'],
		['http://host:8080', 'v1', 'http://host:8080/v1/chat/completions'],
		['http://host:8080///', '//v1//', 'http://host:8080/v1/chat/completions'],
		['https://xxx.endpoints.huggingface.cloud/v1', '', 'https://xxx.endpoints.huggingface.cloud/v1/chat/completions'],
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
