/**
 * n8n's verified-node scanner (@n8n/scan-community-package analyzePackage), both legs n8n runs:
 * the source tree and the unpacked tarball. Run through scripts/scan.mjs (the scanner is ESM).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface LegResult {
	leg: 'source' | 'tarball';
	passed: boolean;
	jsFiles?: number;
	details?: string;
}

async function scan(
	tarball: string,
): Promise<{ status: number | null; results: LegResult[]; stderr: string }> {
	// Without Jest's NODE_ENV=test: eslint-plugin-n8n-nodes-base switches to a test mode under it
	// (every file judged as a *.node.ts file), which is not how n8n runs the scan.
	const env = { ...process.env };
	delete env.NODE_ENV;
	return await new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[path.join(ROOT, 'scripts/scan.mjs'), '--json', '--tarball', tarball],
			{ cwd: ROOT, env },
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('close', (status) =>
			resolve({ status, results: stdout ? JSON.parse(stdout) : [], stderr }),
		);
	});
}

describe('n8n’s community package scanner', () => {
	let work: string;
	let tarball: string;

	beforeAll(() => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-test-'));
		// dist/ is already built by `npm test`; packing without scripts leaves it in place for other suites.
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd: ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		);
		tarball = path.join(work, packed.filename);
	});
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('reports nothing for the source tree or the packed tarball', async () => {
		const { status, results, stderr } = await scan(tarball);
		expect({ status, stderr: stderr.replace(/npm warn.*\n/g, '') }).toEqual({
			status: 0,
			stderr: '',
		});
		expect(results.map(({ leg, passed, details }) => ({ leg, passed, details }))).toEqual([
			{ leg: 'source', passed: true, details: undefined },
			{ leg: 'tarball', passed: true, details: undefined },
		]);
		expect(results[1].jsFiles).toBeGreaterThan(5); // the compiled node, credential and shared code
	});

	it('would fail a tarball whose build emitted a forbidden call', async () => {
		const unpacked = path.join(work, 'bad');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
		// A file the package really ships (the node itself), patched, not a new file beside it.
		const nodeFile = path.join(
			unpacked,
			'package/dist/nodes/HuggingFaceTgi/HuggingFaceTgi.node.js',
		);
		expect(fs.existsSync(nodeFile)).toBe(true);
		fs.appendFileSync(nodeFile, '\nconsole.log("debug");\n');
		const bad = path.join(work, 'bad.tgz');
		execFileSync('tar', ['-czf', bad, '-C', unpacked, 'package']);

		const { status, results } = await scan(bad);
		expect(status).toBe(1);
		expect(results.find((result) => result.leg === 'tarball')).toMatchObject({
			passed: false,
			details: expect.stringContaining('no-console'),
		});
		expect(results.find((result) => result.leg === 'tarball')?.details).toContain(
			'HuggingFaceTgi.node.js',
		);
	});
});
