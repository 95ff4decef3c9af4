/** n8n's editor in Debian's chromium, driven by playwright-core: launch, sign in, run a workflow. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { OWNER, type N8nRest } from './rest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchEditorBrowser(): Promise<{ browser: Browser; page: Page }> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
	}
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks elements with data-test-id
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
		],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(20_000);
	return { browser, page };
}

export async function signIn(page: Page, url: string) {
	await page.goto(`${url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((target) => !target.pathname.startsWith('/signin'));
}

interface Execution {
	id: string;
	status: string;
}

/**
 * Opens a workflow, clicks "Execute workflow" as a user would, and waits for the execution n8n
 * saved for it (manual executions are saved): its id and status.
 */
export async function executeFromEditor(
	page: Page,
	rest: N8nRest,
	url: string,
	workflowId: string,
	timeoutMs = 90_000,
): Promise<Execution> {
	const list = async () =>
		(
			await rest.request<{ results: Execution[] }>(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
			)
		).data.results;
	const before = new Set((await list()).map((execution) => execution.id));
	await page.goto(`${url}/workflow/${workflowId}`);
	await page.getByTestId('execute-workflow-button').first().click();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const done = (await list()).find(
			(execution) =>
				!before.has(execution.id) && !['new', 'running', 'waiting'].includes(execution.status),
		);
		if (done) return done;
		if (Date.now() > deadline) {
			const shot = path.resolve(
				__dirname,
				'..',
				'..',
				'..',
				'test-artifacts',
				'e2e',
				`${workflowId}-timeout.png`,
			);
			fs.mkdirSync(path.dirname(shot), { recursive: true });
			await page.screenshot({ path: shot, fullPage: true });
			throw new Error(
				`${workflowId}: no finished execution after ${timeoutMs} ms (the editor: ${shot})`,
			);
		}
		await page.waitForTimeout(500);
	}
}
