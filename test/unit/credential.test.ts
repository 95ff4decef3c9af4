import { HuggingFaceTgiApi } from '../../credentials/HuggingFaceTgiApi.credentials';

describe('Hugging Face TGI API credential', () => {
	const credential = new HuggingFaceTgiApi();
	const property = (name: string) => credential.properties.find((p) => p.name === name);

	it('is named as the node expects and has docs and an icon', () => {
		expect(credential.name).toBe('huggingFaceTgiApi');
		expect(credential.displayName).toBe('Hugging Face TGI API');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({
			light: 'file:huggingFaceTgi.svg',
			dark: 'file:huggingFaceTgi.dark.svg',
		});
	});

	it('has apiKey (password, may be empty), baseUrl and apiVersion with the router defaults', () => {
		expect(property('apiKey')).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
			default: '',
		});
		expect(property('baseUrl')?.default).toBe('https://router.huggingface.co/novita');
		expect(property('apiVersion')?.default).toBe('v3/openai');
		// An empty JSON field shows as an error in the editor: no headers is an empty object.
		expect(property('customHeaders')).toMatchObject({ type: 'json', default: '{}' });
		for (const hint of [
			'router.huggingface.co',
			'http://host:8080',
			'endpoints.huggingface.cloud',
		]) {
			expect(property('baseUrl')?.description).toContain(hint);
		}
		expect(property('apiVersion')?.description).toMatch(/v1/);
	});

	it('sends Authorization: Bearer <key> only when a key is set', async () => {
		const request = { url: 'http://x/v1/models', headers: { Accept: 'application/json' } };
		const baseUrl = 'http://x';
		await expect(
			credential.authenticate({ apiKey: ' hf_abc ', baseUrl }, request),
		).resolves.toEqual({
			url: 'http://x/v1/models',
			headers: { Accept: 'application/json', Authorization: 'Bearer hf_abc' },
		});
		const keyless = await credential.authenticate({ apiKey: '', baseUrl }, request);
		expect(keyless.headers).not.toHaveProperty('Authorization');
		expect(request.headers).not.toHaveProperty('Authorization');
	});

	it('refuses, before sending, any field the nodes would refuse — naming it, never its value', async () => {
		const request = { url: 'http://x/v1/models', headers: {} };
		const fine = { apiKey: 'hf_abc', baseUrl: 'http://x', apiVersion: 'v1' };
		await expect(credential.authenticate(fine, request)).resolves.toBeDefined();
		for (const [field, value, words] of [
			['baseUrl', 'http://x?token=tok_abc123', /Base URL must not contain a query string/],
			['apiVersion', 'v1?token=tok_abc123', /API Version must be a path/],
			['apiKey', 'tok_abc123\u0000', /API Key has a line break or NUL/],
			['customHeaders', '{"X-A": tok_abc123}', /Custom Headers are not valid JSON/],
			['maxConcurrentRequests', 'tok_abc123', /Max Concurrent Requests must be a whole number/],
		] as const) {
			const refused = credential.authenticate({ ...fine, [field]: value }, request);
			await expect(refused).rejects.toThrow(words);
			await expect(refused).rejects.not.toThrow(/tok_abc/);
		}
	});

	it('tests with GET …/models, follows no redirect, and has a readable message for redirects, 401, 403 and 404', () => {
		expect(credential.test.request.method).toBe('GET');
		expect(credential.test.request.url).toContain('/models');
		const codes = (credential.test.rules ?? []).map((rule) => rule.properties.value);
		expect(codes).toEqual([301, 302, 303, 307, 308, 401, 403, 404]);
		expect(credential.test.request.disableFollowRedirect).toBe(true);
		for (const rule of credential.test.rules ?? []) {
			expect(String(rule.properties.message).length).toBeGreaterThan(40);
		}
	});
});
