/**
 * The editor in a real browser (Debian chromium driven by playwright-core): sign in, add a
 * "Hugging Face TGI API" credential through the UI and watch its connection test, then find the node
 * in the node picker. Screenshots go to test-artifacts/e2e/ (not committed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { API_KEY } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { N8nRest, OWNER } from './support/rest';

const VERSION = '2.40.7'; // the editor of the pinned n8n; the CLI and REST suites cover every version
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e');

describe(`n8n ${VERSION} editor in chromium`, () => {
	const server = new TgiTestServer({
		apiKey: API_KEY,
		checkAuthOnModels: true,
	});
	const home = new N8nHome(VERSION);
	let browser: Browser;
	let page: Page;
	let url: string;

	const screenshot = async (name: string) => {
		await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
	};

	beforeAll(async () => {
		if (!fs.existsSync(CHROMIUM)) {
			throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
		}
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		await server.start();
		home.installPackage(process.env.E2E_TARBALL as string);
		url = await home.start();
		await new N8nRest(url).setupOwner();
		selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks elements with data-test-id
		browser = await chromium.launch({
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
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(20_000);
	});

	afterAll(async () => {
		if (page && !page.isClosed()) await screenshot('last-state').catch(() => undefined);
		await browser?.close();
		await home.stop();
		await server.stop();
		home.remove();
	});

	test('sign in', async () => {
		await page.goto(`${url}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((target) => !target.pathname.startsWith('/signin'));
		await screenshot('1-signed-in');
	});

	test('add a "Hugging Face TGI API" credential: the connection test succeeds, a wrong key shows our message', async () => {
		await page.goto(`${url}/home/credentials`);
		await page.waitForLoadState('networkidle');
		await screenshot('2-credentials-page');
		await page.getByRole('button', { name: 'Create credential', exact: true }).first().click();
		await page.getByRole('combobox', { name: 'Search for app...' }).fill('Hugging Face TGI');
		await page
			.getByTestId('new-credential-type-select-option')
			.filter({ hasText: 'Hugging Face TGI API' })
			.click();
		await page.getByTestId('new-credential-type-button').click();

		const field = (name: string) =>
			page.getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
		await field('apiKey').fill(API_KEY);
		await field('baseUrl').fill(`${server.url}/novita`);
		await field('apiVersion').fill('v3/openai');
		// Server Type is offered, on Auto-detect unless the user picks one.
		expect(await field('serverType').inputValue()).toBe('Auto-Detect');
		await screenshot('2-credential-filled');
		await page.getByTestId('credential-save-button').click();
		await page.getByText('Connection tested successfully').waitFor();
		await screenshot('3-credential-tested');
		expect(server.requests.some((request) => request.url === '/novita/v3/openai/models')).toBe(
			true,
		);

		await field('apiKey').fill('hf_wrong_key');
		await page.getByTestId('credential-save-button').click();
		await page.getByText(/Couldn.t connect with these settings/).waitFor();
		await page.getByText('More details').click(); // the editor folds the test's message away
		await page.getByText(/The server rejected the API key \(HTTP 401\)/).waitFor();
		await screenshot('4-credential-wrong-key');
		expect(await page.content()).not.toContain(API_KEY);
	});

	test('the node picker finds the "Hugging Face TGI" node', async () => {
		await page.keyboard.press('Escape');
		await page.goto(`${url}/workflow/new`);
		// A new workflow's picker lists triggers only: add the manual trigger, then the next step.
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('manual');
		await page.getByTestId('node-creator').getByTestId('item-iterator-item').first().click();
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Hugging Face TGI');
		const item = page
			.getByTestId('node-creator')
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Hugging Face TGI' });
		await item.first().waitFor();
		await screenshot('5-node-picker');
		expect(await item.first().textContent()).toContain('Hugging Face TGI');
	});
});
