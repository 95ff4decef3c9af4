/**
 * The GitHub Actions workflows parse, and hold the steps that matter: CI runs .ci/run on every push
 * and pull request; publishing runs on a version tag, on Node 24, with `npm ci`, the permission to
 * mint the OIDC token npm's provenance needs, and through `npm run release -- --ci` (which runs
 * the checks, then `npm publish --provenance`).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const workflow = (name: string) =>
	parse(readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'), {
		strict: true,
		uniqueKeys: true,
	});

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
const steps = (job: { steps: Step[] }) => job.steps;
const nodeVersion = (job: { steps: Step[] }) =>
	steps(job).find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'];

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');
	const job = ci.jobs.ci;

	it('runs on every push and pull request, read-only', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push.branches).toEqual(['**']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it("checks out, sets up Node 24 and runs the project's own .ci/run", () => {
		expect(steps(job)[0].uses).toMatch(/^actions\/checkout@v\d+$/);
		expect(nodeVersion(job)).toBe('24');
		const run = steps(job).filter((step) => step.run === '.ci/run');
		expect(run).toHaveLength(1);
		// .ci/run installs Debian's chromium unless CHROMIUM_PATH names a browser: the runner's Chrome.
		expect(run[0].env).toEqual({ CHROMIUM_PATH: '/usr/bin/google-chrome' });
		expect(readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toContain(
			'if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then',
		);
	});

	it('.ci/run is executable, and runs the README test command', () => {
		const script = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
		expect(statSync(path.join(ROOT, '.ci/run')).mode & 0o111).toBe(0o111);
		expect(script).toContain('npm ci && npm test');
		expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('npm ci && npm test');
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const job = publish.jobs.publish;

	it('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['*.*.*'] } });
	});

	it('may mint the OIDC token for provenance, and only read the repository', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(publish.permissions).toEqual({ contents: 'read' });
	});

	it('Node 24 with the npm registry, npm ci, then npm run release -- --ci with the token', () => {
		const setup = steps(job).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with).toMatchObject({
			'node-version': '24',
			'registry-url': 'https://registry.npmjs.org',
		});
		const runs = steps(job).map((step) => step.run);
		const ci = runs.indexOf('npm ci');
		const release = runs.indexOf('npm run release -- --ci');
		expect(ci).toBeGreaterThan(0);
		expect(release).toBeGreaterThan(ci);
		expect(steps(job)[release].env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	});

	it('the release script publishes with provenance after its checks, in CI only from a tag', () => {
		const script = readFileSync(path.join(ROOT, 'scripts/release.mjs'), 'utf8');
		const ciPart = script.slice(script.indexOf("if (args.includes('--ci'))"));
		expect(ciPart).toMatch(/GITHUB_REF_TYPE !== 'tag'/);
		const verify = ciPart.indexOf("run('npm', ['run', 'verify'])");
		const publishAt = ciPart.indexOf(
			"run('npm', ['publish', '--provenance', '--access', 'public'])",
		);
		expect(verify).toBeGreaterThan(0);
		expect(publishAt).toBeGreaterThan(verify);
	});
});
