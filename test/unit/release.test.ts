/**
 * The release's pure checks (scripts/lib/release.js) on made-up input, and on this repository as it
 * stands: its links, its README's sections and in-page links, its changelog.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const release = require('../../scripts/lib/release.js');

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json');

describe('nextVersion', () => {
	it.each([
		['0.1.0', 'patch', '0.1.1'],
		['0.1.0', 'minor', '0.2.0'],
		['0.1.0', 'major', '1.0.0'],
		['0.1.0', 'prerelease', '0.1.1-rc.0'],
		['0.2.0-rc.0', 'prerelease', '0.2.0-rc.1'],
		['0.2.0-rc.1', 'patch', '0.2.0'],
		['0.1.0', '0.3.0', '0.3.0'],
	])('%s + %s → %s', (current, bump, next) => {
		expect(release.nextVersion(current, bump)).toBe(next);
	});

	it.each([
		['0.1.0', '0.1.0', /not higher/],
		['0.2.0', '0.1.9', /not higher/],
		['0.2.0', '0.2.0-rc.1', /not higher/],
		['0.1.0', 'next', /not patch, minor/],
		['x', 'patch', /not semver/],
	])('%s + %s is refused', (current, bump, message) => {
		expect(() => release.nextVersion(current, bump)).toThrow(message);
	});
});

describe('releaseChangelog', () => {
	const url = 'https://github.com/o/n';
	const changelog = [
		'# Changelog',
		'',
		'## [Unreleased]',
		'',
		'### Fixed',
		'- a fix',
		'',
		'## [0.1.0] - 2026-01-01',
		'',
		'### Added',
		'- the first',
		'',
		`[Unreleased]: ${url}/compare/0.1.0...HEAD`,
		`[0.1.0]: ${url}/releases/tag/0.1.0`,
		'',
	].join('\n');

	it('makes the Unreleased section the release, above the older ones, with its compare link', () => {
		const released = release.releaseChangelog(changelog, '0.1.1', '2026-12-03', url);
		expect(released).toContain('## [Unreleased]\n\n## [0.1.1] - 2026-12-03\n\n### Fixed\n- a fix');
		expect(release.changelogSection(released, 'Unreleased')).toBe('');
		expect(release.changelogSection(released, '0.1.1')).toBe('### Fixed\n- a fix');
		expect(release.changelogSection(released, '0.1.0')).toBe('### Added\n- the first');
		expect(released.trimEnd().split('\n').slice(-3)).toEqual([
			`[Unreleased]: ${url}/compare/0.1.1...HEAD`,
			`[0.1.1]: ${url}/compare/0.1.0...0.1.1`,
			`[0.1.0]: ${url}/releases/tag/0.1.0`,
		]);
	});

	it('refuses an empty Unreleased section, and a version released before', () => {
		const empty = release.releaseChangelog(changelog, '0.1.1', '2026-12-03', url);
		expect(() => release.releaseChangelog(empty, '0.1.2', '2026-12-04', url)).toThrow(/empty/);
		expect(() => release.releaseChangelog(changelog, '0.1.0', '2026-12-04', url)).toThrow(
			/already has a section for 0.1.0/,
		);
	});

	it("this repository's CHANGELOG.md has package.json's version, or can release it", () => {
		// Before the first release (and during it) the Unreleased section becomes the version's own.
		const changelog = read('CHANGELOG.md');
		const released =
			release.changelogSection(changelog, pkg.version) !== undefined
				? changelog
				: release.releaseChangelog(changelog, pkg.version, '2026-12-03', release.projectUrl(pkg));
		expect(release.changelogSection(released, pkg.version)).toMatch(/### (Added|Changed|Fixed)/);
		expect(released).toMatch(
			new RegExp(`^\\[${pkg.version.replace(/\./g, '\\.')}\\]: ${release.projectUrl(pkg)}/`, 'm'),
		);
	});
});

describe('this repository', () => {
	it('links to one project: repository, homepage, bugs, documentationUrl and codex links, at README sections', () => {
		const links = release.packageLinks(ROOT);
		expect(links.length).toBeGreaterThanOrEqual(9);
		expect(release.linkProblems({ pkg, readme: read('README.md'), links })).toEqual([]);
	});

	it('finds a link elsewhere, and an anchor that is no section', () => {
		const links = [
			{ where: 'a', url: 'https://example.com/x#credential' },
			{ where: 'b', url: `${release.projectUrl(pkg)}#no-such-section` },
		];
		expect(release.linkProblems({ pkg, readme: read('README.md'), links })).toEqual([
			expect.stringMatching(/^a links to https:\/\/example.com/),
			'b links to #no-such-section, which is no section of README.md',
		]);
	});

	it("the README has the sections of n8n's README template", () => {
		expect(release.missingReadmeSections(read('README.md'))).toEqual([]);
		expect(release.missingReadmeSections('# x\n## Install\n')).toEqual([
			'Operations',
			'Credentials',
			'Compatibility',
			'Usage',
			'Resources',
			'Version history',
		]);
	});

	it.each(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'])(
		'every link of %s to a section or a file lands',
		(source) => {
			const text = read(source);
			const anchors: Record<string, Set<string>> = {};
			const anchorsOf = (target: string) =>
				(anchors[target] ??= release.anchorsOf(read(target)) as Set<string>);
			const broken: string[] = [];
			for (const [, target, anchor] of text.matchAll(/\]\(([^)#\s]*)(?:#([^)\s]+))?\)/g)) {
				if (/^https?:/.test(target)) continue;
				const file = target === '' ? source : target;
				if (!existsSync(path.join(ROOT, file))) broken.push(`${target} (no such file)`);
				else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor))
					broken.push(`${target}#${anchor}`);
			}
			expect(broken).toEqual([]);
		},
	);

	it('GitHub slugs', () => {
		expect(release.githubSlug('Fast at volume: $json fields read from the item')).toBe(
			'fast-at-volume-json-fields-read-from-the-item',
		);
		expect(release.githubSlug('Retrieval: Embeddings and Reranker sub-nodes')).toBe(
			'retrieval-embeddings-and-reranker-sub-nodes',
		);
	});
});

describe('packedFileProblems', () => {
	const n8n = {
		nodes: ['dist/nodes/A/A.node.js'],
		credentials: ['dist/credentials/C.credentials.js'],
	};
	const good = [
		'package.json',
		'README.md',
		'LICENSE',
		'dist/nodes/A/A.node.js',
		'dist/nodes/A/A.node.json',
		'dist/credentials/C.credentials.js',
	];

	it('takes exactly what n8n needs', () => {
		expect(release.packedFileProblems(good, { n8n })).toEqual([]);
	});

	it('names what should not ship, and what is missing', () => {
		expect(
			release.packedFileProblems(
				[
					...good.filter((file) => file !== 'LICENSE' && file !== 'dist/nodes/A/A.node.json'),
					'dist/nodes/A/A.node.js.map',
					'dist/nodes/A/A.node.d.ts',
					'dist/test/fixtures/x.json',
					'scripts/release.mjs',
				],
				{ n8n },
			),
		).toEqual([
			'packed by mistake: dist/nodes/A/A.node.js.map',
			'packed by mistake: dist/nodes/A/A.node.d.ts',
			'a test file packed: dist/test/fixtures/x.json',
			'packed but not needed by n8n: scripts/release.mjs',
			'LICENSE is not packed',
			'dist/nodes/A/A.node.js has no codex file dist/nodes/A/A.node.json packed',
		]);
	});
});
