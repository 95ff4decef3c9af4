#!/usr/bin/env node
// `npm run release -- <patch|minor|major|prerelease|x.y.z> [--no-push]` — on a maintainer's machine:
//   on a clean main, the version is bumped (package.json and package-lock.json), CHANGELOG.md's
//   Unreleased section becomes the release's, every check passes (`npm run verify`: lint, typecheck,
//   tests, the packed file list, n8n's scanner, npm publish --dry-run), then one commit "Release x.y.z",
//   the tag x.y.z, and a push of both — the tag starts .github/workflows/publish.yml.
//   The first release may name the version package.json already holds (it has never been released).
// `npm run release -- --ci` — in that workflow: the tag must be package.json's version with a
//   CHANGELOG section; the same checks, then `npm publish --provenance --access public`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import release from './lib/release.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const run = (command, commandArgs, options = {}) =>
	execFileSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
const read = (command, commandArgs) =>
	execFileSync(command, commandArgs, { cwd: root, encoding: 'utf8' }).trim();
const fail = (message) => {
	console.error(`release: ${message}`);
	process.exit(1);
};

const packagePath = path.join(root, 'package.json');
const changelogPath = path.join(root, 'CHANGELOG.md');
const pkg = JSON.parse(fs.readFileSync(packagePath, 'utf8'));
const changelog = fs.readFileSync(changelogPath, 'utf8');

if (args.includes('--ci')) {
	const tag = process.env.GITHUB_REF_NAME;
	if (process.env.GITHUB_REF_TYPE !== 'tag' || !tag) fail('--ci runs on a pushed version tag only');
	if (tag !== pkg.version) fail(`the tag ${tag} is not package.json's version ${pkg.version}`);
	if (!release.changelogSection(changelog, pkg.version))
		fail(`CHANGELOG.md has no section for ${pkg.version}`);
	run('npm', ['run', 'verify']);
	run('npm', ['publish', '--provenance', '--access', 'public']);
	process.exit(0);
}

const bump = args.find((arg) => !arg.startsWith('--'));
if (!bump) fail('say which release: npm run release -- <patch|minor|major|prerelease|x.y.z>');
const branch = read('git', ['rev-parse', '--abbrev-ref', 'HEAD']);
if (branch !== 'main') fail(`releases are made from main, not ${branch}`);
if (read('git', ['status', '--porcelain']) !== '') fail('commit or stash your changes first');

const firstRelease =
	bump === pkg.version &&
	release.changelogSection(changelog, pkg.version) === undefined &&
	read('git', ['tag', '--list', pkg.version]) === '';
const version = firstRelease ? pkg.version : release.nextVersion(pkg.version, bump);
const date = new Date().toISOString().slice(0, 10);
fs.writeFileSync(
	changelogPath,
	release.releaseChangelog(changelog, version, date, release.projectUrl(pkg)),
);
if (!firstRelease) run('npm', ['version', version, '--no-git-tag-version']);
try {
	run('npm', ['run', 'verify']);
} catch {
	fail(
		'a check failed: CHANGELOG.md and the version are changed but not committed (git checkout . undoes them)',
	);
}
run('git', ['add', 'CHANGELOG.md', 'package.json', 'package-lock.json']);
run('git', ['commit', '-m', `Release ${version}`]);
run('git', ['tag', '-a', version, '-m', `Release ${version}`]);
if (args.includes('--no-push')) {
	console.log(`Tagged ${version}. Push with: git push --follow-tags`);
} else {
	run('git', ['push', '--follow-tags']);
	console.log(`Pushed ${version}: .github/workflows/publish.yml publishes it to npm.`);
}
