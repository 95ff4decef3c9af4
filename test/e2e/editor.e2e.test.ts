/**
 * The editor in a real browser (Debian chromium driven by playwright-core): sign in, add a
 * "Hugging Face TGI API" credential through the UI and watch its connection test, find the node
 * in the node picker, run an example workflow and read the node's output in its panel. Screenshots
 * go to test-artifacts/e2e/ (not committed); with E2E_UPDATE_DOCS=1 the README's pictures in
 * docs/images/ are refreshed from them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { API_KEY } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { N8nRest, OWNER } from './support/rest';
import { credentialsFor, EXAMPLES_DIR } from './support/workflows';

const VERSION = '2.40.7'; // the editor of the pinned n8n; the CLI and REST suites cover every version
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e');
const DOCS_IMAGES = path.resolve(__dirname, '..', '..', 'docs', 'images');

describe(`n8n ${VERSION} editor in chromium`, () => {
	const server = new TgiTestServer({
		apiKey: API_KEY,
		checkAuthOnModels: true,
	});
	const home = new N8nHome(VERSION);
	let browser: Browser;
	let page: Page;
	let url: string;

	/** A screenshot into test-artifacts/, and into docs/images/ as `docsName` with E2E_UPDATE_DOCS=1. */
	const screenshot = async (name: string, docsName?: string) => {
		const file = path.join(ARTIFACTS, `${name}.png`);
		await page.screenshot({ path: file, fullPage: true });
		if (docsName && process.env.E2E_UPDATE_DOCS === '1') {
			fs.mkdirSync(DOCS_IMAGES, { recursive: true });
			fs.copyFileSync(file, path.join(DOCS_IMAGES, `${docsName}.png`));
		}
	};

	beforeAll(async () => {
		if (!fs.existsSync(CHROMIUM)) {
			throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
		}
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		await server.start();
		home.installPackage(process.env.E2E_TARBALL as string);
		// The examples the editor opens, on credentials for this test server.
		await home.importCredentials(credentialsFor('router', server));
		for (const example of ['chat-per-item.json', 'ai-agent-with-tool.json'])
			await home.importWorkflow(path.join(EXAMPLES_DIR, example));
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
		await screenshot('3-credential-tested', 'credential');
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
		// The action node itself (not the Chat Model or the retrieval sub-nodes, which n8n keeps out of
		// this search): its codex category is "Development", not the reserved "AI".
		const item = page
			.getByTestId('node-creator')
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Hugging Face TGI' })
			.filter({ hasNotText: 'Chat Model' })
			.filter({ hasNotText: 'TEI' });
		await item.first().waitFor();
		await screenshot('5-node-picker');
		expect(await item.first().textContent()).toContain('Hugging Face TGI');
	});

	test("an example workflow runs in the editor and the node's panel shows each item's answer", async () => {
		await page.keyboard.press('Escape');
		await page.goto(`${url}/workflow/hfTgiExampleAgnt`);
		await page.locator('[data-node-name="Hugging Face TGI Chat Model"]').first().waitFor();
		await screenshot('6-ai-agent-canvas', 'ai-agent');

		await page.goto(`${url}/workflow/hfTgiExampleChat`);
		const node = page.locator('[data-node-name="Hugging Face TGI"]').first();
		await node.waitFor();
		server.reset();
		await page.getByTestId('execute-workflow-button').first().click();
		await node.getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });
		await screenshot('7-workflow-run');
		await node.dblclick();
		// The node's panel: its output table holds each item's answer.
		await page.getByText('Echo: Summarise n8n in five words.').first().waitFor();
		await screenshot('8-node-output', 'node-output');
		// The editor's run went through the package: one completion per item.
		const chats = server.requests.filter((request) => request.url.endsWith('/chat/completions'));
		expect(chats).toHaveLength(3);
		expect(await page.content()).not.toContain(API_KEY);
	});
});
