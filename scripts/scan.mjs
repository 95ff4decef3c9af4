// The two legs of n8n's verified-node scan (@n8n/scan-community-package, analyzePackageByName),
// run locally: its CLI only scans published packages.
//   1. the source tree with SOURCE_FILE_PATTERNS (the full rule set on .ts sources)
//   2. the unpacked `npm pack` tarball with ['**/*.js', 'package.json'] (what users download)
//
//   node scripts/scan.mjs [--tarball path.tgz] [--json]
// Exits 1 when either leg reports anything.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

import pack from './lib/pack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const tarballArg = args.includes('--tarball') ? args[args.indexOf('--tarball') + 1] : undefined;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-tgi-scan-'));
try {
	const tarball = tarballArg ? path.resolve(tarballArg) : pack.packTarball(work);
	const unpacked = path.join(work, 'unpacked');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	const filesIn = (dir) =>
		fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).length;

	const legs = [
		{ leg: 'source', dir: root, patterns: SOURCE_FILE_PATTERNS },
		{
			leg: 'tarball',
			dir: unpacked,
			patterns: ['**/*.js', 'package.json'],
			jsFiles: filesIn(unpacked),
		},
	];
	const results = [];
	for (const { leg, dir, patterns, jsFiles } of legs) {
		const result = await analyzePackage(dir, patterns);
		results.push({
			leg,
			patterns,
			jsFiles,
			passed: result.passed,
			message: result.message,
			details: result.details,
		});
	}

	if (asJson) {
		process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
	} else {
		for (const result of results) {
			const status = result.passed ? 'passed' : `FAILED: ${result.message}`;
			process.stdout.write(`scan ${result.leg} (${result.patterns.join(', ')}): ${status}\n`);
			if (result.details) process.stdout.write(`${result.details}\n`);
		}
	}
	process.exitCode = results.every((result) => result.passed) ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
