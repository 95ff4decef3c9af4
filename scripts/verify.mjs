#!/usr/bin/env node
// `npm run verify` — n8n's checklist for a verified community node, and this project's own, on
// exactly what would be published; every release runs it (scripts/release.mjs):
//   1. lint (n8n's community-node rules), typecheck, the tests;
//   2. package.json: no runtime dependencies; repository, homepage, bugs, the credential's
//      documentationUrl and every codex link point at the one project URL and at README sections
//      that exist; the README has the sections n8n's guidelines ask for;
//   3. the packed tarball: exactly dist/, README.md, LICENSE and package.json (no tests, fixtures,
//      source maps or scripts); n8n's scanner (@n8n/scan-community-package) passes on it and on
//      the sources; `npm publish --dry-run` of it passes.
// `--quick` skips step 1 (what the unit test of this script runs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import release from './lib/release.js';
import pack from './lib/pack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const problems = [];
const step = (name) => console.log(`\nverify: ${name}`);

if (!quick) {
	step('lint, typecheck, tests');
	run('npm', ['run', 'lint']);
	run('npm', ['run', 'typecheck']);
	run('npm', ['test']);
}

step('package.json and its links');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
if (Object.keys(pkg.dependencies ?? {}).length > 0)
	problems.push(
		`runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')} (n8n allows none)`,
	);
problems.push(...release.linkProblems({ pkg, readme, links: release.packageLinks(root) }));
for (const section of release.missingReadmeSections(readme))
	problems.push(`README.md has no "${section}" section (n8n's README template asks for it)`);

step('the packed tarball');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-tgi-verify-'));
try {
	const tarball = pack.packTarball(work);
	const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.trim()
		.split('\n')
		.map((file) => file.replace(/^package\//, ''));
	problems.push(...release.packedFileProblems(files, pkg));
	const size = fs.statSync(tarball).size;
	console.log(`${files.length} files, ${(size / 1024).toFixed(1)} kB packed`);
	try {
		run('node', [path.join(root, 'scripts/scan.mjs'), '--tarball', tarball]);
	} catch {
		problems.push("n8n's scanner (@n8n/scan-community-package) reported problems (above)");
	}
	try {
		run('npm', ['publish', '--dry-run', '--ignore-scripts', tarball]);
	} catch {
		problems.push('npm publish --dry-run failed (above)');
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
	console.error(
		`\nverify: ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`,
	);
	process.exit(1);
}
console.log('\nverify: all checks passed');
