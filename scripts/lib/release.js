// @ts-check
/**
 * What a release checks and changes, as pure functions (scripts/release.mjs runs them; the unit
 * tests in test/unit/release.test.ts hold them to their word):
 * - the next version (semver: patch, minor, major, prerelease, or one given);
 * - CHANGELOG.md in Keep a Changelog's form: the Unreleased section becomes the release's;
 * - the package's links: repository, homepage, bugs, the credential's documentationUrl and every
 *   codex link point at the one project URL, at README sections that exist;
 * - the README sections n8n's guidelines for community nodes ask for.
 */

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/**
 * The version after `current` for a bump (patch, minor, major, prerelease) or an explicit version,
 * which must be higher.
 * @param {string} current
 * @param {string} bump
 * @returns {string}
 */
function nextVersion(current, bump) {
	const now = SEMVER.exec(current);
	if (!now) throw new Error(`package.json's version "${current}" is not semver`);
	const [major, minor, patch] = now.slice(1, 4).map(Number);
	const pre = now[4];
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	if (bump === 'patch')
		return pre ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
	if (bump === 'prerelease') {
		const counter = pre ? /^(.*?)(\d+)$/.exec(pre) : null;
		return counter
			? `${major}.${minor}.${patch}-${counter[1]}${Number(counter[2]) + 1}`
			: `${major}.${minor}.${patch + 1}-rc.0`;
	}
	if (!SEMVER.test(bump))
		throw new Error(`"${bump}" is not patch, minor, major, prerelease or a version like 1.2.3`);
	if (compareVersions(bump, current) <= 0)
		throw new Error(`${bump} is not higher than the current version ${current}`);
	return bump;
}

/**
 * Semver precedence: below 0, 0 or above 0.
 * @param {string} a
 * @param {string} b
 */
function compareVersions(a, b) {
	const [pa, pb] = [SEMVER.exec(a), SEMVER.exec(b)];
	if (!pa || !pb) throw new Error(`not semver: ${pa ? b : a}`);
	for (let i = 1; i <= 3; i++)
		if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
	if (pa[4] === pb[4]) return 0;
	if (!pa[4]) return 1; // a release is above its prereleases
	if (!pb[4]) return -1;
	return pa[4] < pb[4] ? -1 : 1;
}

const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;

/**
 * The changelog's section for `version` ("Unreleased" for the next one): its text without the
 * heading, or undefined when there is none.
 * @param {string} changelog
 * @param {string} version
 */
function changelogSection(changelog, version) {
	const heading = new RegExp(`^## \\[${version.replace(/[.]/g, '\\.')}\\][^\\n]*\\n`, 'm');
	const start = heading.exec(changelog);
	if (!start) return undefined;
	const rest = changelog.slice(start.index + start[0].length);
	const end = rest.search(/^## \[|^\[[^\]]+\]: /m);
	return (end < 0 ? rest : rest.slice(0, end)).trim();
}

/**
 * CHANGELOG.md with its Unreleased section released as `version` on `date` (YYYY-MM-DD): a new
 * empty Unreleased section above it, and the compare links at the bottom updated.
 * @param {string} changelog
 * @param {string} version
 * @param {string} date
 * @param {string} projectUrl e.g. https://github.com/owner/name
 */
function releaseChangelog(changelog, version, date, projectUrl) {
	if (!UNRELEASED.test(changelog)) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const notes = changelogSection(changelog, 'Unreleased');
	if (!notes)
		throw new Error('CHANGELOG.md\'s "Unreleased" section is empty: say what changed first');
	if (changelogSection(changelog, version) !== undefined)
		throw new Error(`CHANGELOG.md already has a section for ${version}`);
	const previous = /^## \[(\d+\.\d+\.\d+[^\]]*)\]/m.exec(changelog.replace(UNRELEASED, ''))?.[1];
	const body = changelog
		.replace(UNRELEASED, `## [Unreleased]\n\n## [${version}] - ${date}\n`)
		.replace(/^\[Unreleased\]: .*\n?/m, '');
	const links = [
		`[Unreleased]: ${projectUrl}/compare/${version}...HEAD`,
		previous
			? `[${version}]: ${projectUrl}/compare/${previous}...${version}`
			: `[${version}]: ${projectUrl}/releases/tag/${version}`,
	].join('\n');
	// The new links go above the older ones (the newest first, as the sections are).
	const older = /^\[\d+\.\d+\.\d+[^\]]*\]: /m.exec(body);
	if (!older) return `${body.trimEnd()}\n\n${links}\n`;
	return `${body.slice(0, older.index)}${links}\n${body.slice(older.index)}`;
}

/**
 * GitHub's anchor for a Markdown heading's text.
 * @param {string} heading
 */
function githubSlug(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/<[^>]+>/g, '')
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/**
 * The anchors of a Markdown document: each heading's slug (with GitHub's -1, -2 for repeats) and
 * each `<a id="…">`.
 * @param {string} markdown
 */
function anchorsOf(markdown) {
	const anchors = new Set();
	const seen = new Map();
	let inFence = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) inFence = !inFence;
		if (inFence) continue;
		const heading = /^#{1,6} (.+)$/.exec(line);
		if (heading) {
			const slug = githubSlug(heading[1].replace(/`/g, ''));
			const count = seen.get(slug) ?? 0;
			seen.set(slug, count + 1);
			anchors.add(count === 0 ? slug : `${slug}-${count}`);
		}
		for (const match of line.matchAll(/<a id="([^"]+)"/g)) anchors.add(match[1]);
	}
	return anchors;
}

/**
 * The project's URL from package.json's repository (git+https://github.com/o/n.git → https://github.com/o/n).
 * @param {{ repository?: string | { url?: string } }} pkg
 */
function projectUrl(pkg) {
	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	if (!url) throw new Error('package.json has no repository');
	return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * Every place the package links to its project: what is wrong with each (none: []).
 * @param {{ pkg: any, readme: string, links: Array<{ where: string, url: string }> }} input
 *   `links`: the credential's documentationUrl and the codex files' resource URLs.
 */
function linkProblems({ pkg, readme, links }) {
	const problems = [];
	const project = projectUrl(pkg);
	if (!/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(project))
		problems.push(`repository.url should name a GitHub repository, not ${project}`);
	if (pkg.homepage !== `${project}#readme`)
		problems.push(`homepage should be ${project}#readme, not ${pkg.homepage}`);
	const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
	if (bugs !== `${project}/issues`)
		problems.push(`bugs.url should be ${project}/issues, not ${bugs}`);
	const anchors = anchorsOf(readme);
	for (const { where, url } of links) {
		const [base, anchor] = url.split('#');
		if (base !== project) problems.push(`${where} links to ${url}, not to ${project}`);
		else if (anchor && !anchors.has(anchor))
			problems.push(`${where} links to #${anchor}, which is no section of README.md`);
	}
	return problems;
}

/**
 * Where the package links to its docs: the credentials' documentationUrl (from their sources) and
 * every URL of the nodes' codex files (*.node.json), each with where it is written.
 * @param {string} root the repository
 * @returns {Array<{ where: string, url: string }>}
 */
function packageLinks(root) {
	const fs = require('node:fs');
	const path = require('node:path');
	const links = [];
	for (const file of fs.readdirSync(path.join(root, 'credentials'))) {
		if (!file.endsWith('.credentials.ts')) continue;
		const text = fs.readFileSync(path.join(root, 'credentials', file), 'utf8');
		for (const match of text.matchAll(/documentationUrl\s*=\s*'([^']+)'/g))
			links.push({ where: `credentials/${file} documentationUrl`, url: match[1] });
	}
	for (const folder of fs.readdirSync(path.join(root, 'nodes'))) {
		const dir = path.join(root, 'nodes', folder);
		if (!fs.statSync(dir).isDirectory()) continue;
		for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.node.json'))) {
			const text = fs.readFileSync(path.join(dir, file), 'utf8');
			for (const match of text.matchAll(/"url":\s*"([^"]+)"/g))
				links.push({ where: `nodes/${folder}/${file}`, url: match[1] });
		}
	}
	return links;
}

/**
 * What is wrong with the packed file list (paths inside the tarball, without "package/"): only
 * package.json, README.md, LICENSE and dist/ — no source maps, type declarations, tests or
 * fixtures — and every node and credential package.json names, with its codex file.
 * @param {string[]} files
 * @param {{ n8n: { nodes: string[], credentials: string[] } }} pkg
 */
function packedFileProblems(files, pkg) {
	const problems = [];
	const top = new Set(['package.json', 'README.md', 'LICENSE']);
	for (const file of files) {
		if (top.has(file)) continue;
		if (!file.startsWith('dist/')) problems.push(`packed but not needed by n8n: ${file}`);
		else if (/\.(map|d\.ts|ts|tsbuildinfo)$/.test(file))
			problems.push(`packed by mistake: ${file}`);
		else if (/(^|\/)(test|tests|testing|fixtures|__tests__)\//.test(file))
			problems.push(`a test file packed: ${file}`);
	}
	for (const file of top) if (!files.includes(file)) problems.push(`${file} is not packed`);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
		if (!files.includes(file)) problems.push(`package.json names ${file}, which is not packed`);
	for (const file of pkg.n8n.nodes) {
		const codex = file.replace(/\.node\.js$/, '.node.json');
		if (!files.includes(codex)) problems.push(`${file} has no codex file ${codex} packed`);
	}
	return problems;
}

/**
 * The sections of n8n's README template for community nodes (n8n-nodes-starter's README_TEMPLATE:
 * Installation, Operations, Credentials, Compatibility, Usage, Resources, Version history), each
 * as this README names it: the ones missing.
 * @param {string} readme
 */
function missingReadmeSections(readme) {
	const headings = [...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].toLowerCase());
	const wanted = {
		Installation: /^install/,
		Operations: /^node: hugging face tgi$/,
		Credentials: /^credential/,
		Compatibility: /^compatibility/,
		Usage: /recipes/,
		Resources: /^resources/,
		'Version history': /^version history/,
	};
	return Object.entries(wanted)
		.filter(([, pattern]) => !headings.some((heading) => pattern.test(heading)))
		.map(([name]) => name);
}

module.exports = {
	anchorsOf,
	changelogSection,
	compareVersions,
	githubSlug,
	linkProblems,
	missingReadmeSections,
	nextVersion,
	packageLinks,
	packedFileProblems,
	projectUrl,
	releaseChangelog,
};
