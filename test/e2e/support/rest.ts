/** A tiny client for n8n's internal REST API, as the editor uses it: auth cookie + browser-id. */

export const OWNER = {
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Password-123',
};

export class N8nRest {
	private cookie = '';
	private readonly browserId = 'e2e-browser-id';

	constructor(private readonly baseUrl: string) {}

	async request<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; data: T }> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie?.match(/n8n-auth=[^;]*/)?.[0];
		if (auth) this.cookie = auth;
		const text = await response.text();
		const json = text ? JSON.parse(text) : undefined;
		return { status: response.status, data: (json?.data ?? json) as T };
	}

	/** First start: create the owner (as the setup screen does); logs in with the cookie it sets. */
	async setupOwner() {
		const { status, data } = await this.request('POST', '/rest/owner/setup', OWNER);
		if (status !== 200)
			throw new Error(`owner setup failed: HTTP ${status} ${JSON.stringify(data)}`);
	}

	/** Saves a credential, then tests it with the saved ID, as the editor's Save button does. */
	async saveAndTestCredential(name: string, data: Record<string, unknown>) {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', {
			name,
			type: 'huggingFaceTgiApi',
			data,
		});
		if (created.status !== 200)
			throw new Error(
				`saving the credential failed: HTTP ${created.status} ${JSON.stringify(created.data)}`,
			);
		const tested = await this.request<{ status: string; message: string }>(
			'POST',
			'/rest/credentials/test',
			{
				credentials: { id: created.data.id, name, type: 'huggingFaceTgiApi', data },
			},
		);
		if (tested.status !== 200)
			throw new Error(
				`credential test failed: HTTP ${tested.status} ${JSON.stringify(tested.data)}`,
			);
		return tested.data;
	}
}
