/**
 * The layout's rules, checked on the source: no import cycles; nothing imported from one node's
 * folder into another's; shared/ depends on no node; the pure layers (wire/, dialects/,
 * settings/, transport/ but its n8n-facing core.ts, transport.ts and connection.ts) import nothing
 * of n8n at run time; the option defaults are a leaf; the descriptions (UI data) stand above no
 * transport. File length is a hint to look at a file, not a rule: long files are printed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { IBuilderHint, INodeType } from 'n8n-workflow';

import { DIALECTS } from '../../nodes/shared/dialects';

const ROOT = path.resolve(__dirname, '..', '..');
const NODES = path.join(ROOT, 'nodes');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return name.endsWith('.ts') ? [full] : [];
	});
}

const files = sourceFiles(NODES);
const IMPORT = /^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm;

/** Each file's relative imports (resolved to files), and whether each is type-only. */
const graph = new Map(
	files.map((file) => {
		const text = readFileSync(file, 'utf8');
		const imports = [...text.matchAll(IMPORT)]
			.filter((match) => match[3].startsWith('.'))
			.map((match) => {
				const target = path.resolve(path.dirname(file), match[3]);
				const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) =>
					files.includes(candidate),
				);
				if (!resolved) throw new Error(`${file}: cannot resolve ${match[3]}`);
				return { target: resolved, typeOnly: Boolean(match[2]) };
			});
		const packages = [...text.matchAll(IMPORT)]
			.filter((match) => !match[3].startsWith('.') && !match[2])
			.map((match) => match[3]);
		return [file, { imports, packages }];
	}),
);

const relative = (file: string) => path.relative(NODES, file);

/** Where a dialect lives: its own file in nodes/shared/dialects/, named by its id. */
const dialectFile = (id: string) => path.join('shared', 'dialects', `${id}.ts`);
const folderOf = (file: string) => relative(file).split(path.sep)[0];

describe('the source layout', () => {
	it('has no import cycles', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'visiting' | 'done'>();
		const visit = (file: string, trail: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'visiting') {
				cycles.push([...trail.slice(trail.indexOf(file)), file].map(relative).join(' → '));
				return;
			}
			state.set(file, 'visiting');
			for (const { target } of graph.get(file)?.imports ?? []) visit(target, [...trail, file]);
			state.set(file, 'done');
		};
		for (const file of files) visit(file, []);
		expect(cycles).toEqual([]);
	});

	it('imports nothing from one node’s folder into another’s, and shared/ depends on no node', () => {
		const crossings = files.flatMap((file) =>
			(graph.get(file)?.imports ?? [])
				.filter(
					({ target }) => folderOf(target) !== folderOf(file) && folderOf(target) !== 'shared',
				)
				.map(({ target }) => `${relative(file)} → ${relative(target)}`),
		);
		expect(crossings).toEqual([]);
	});

	it('keeps the wire format, the dialects, the settings and the pure transport modules free of n8n at run time', () => {
		const pure = files.filter(
			(file) =>
				/shared\/(wire|dialects|settings|transport)\//.test(file) &&
				!/transport\/(core|transport|connection)\.ts$/.test(file),
		);
		const n8n = pure.flatMap((file) =>
			(graph.get(file)?.packages ?? [])
				.filter((name) => name.startsWith('n8n'))
				.map((name) => `${relative(file)}: ${name}`),
		);
		expect(pure.length).toBeGreaterThan(10);
		expect(n8n).toEqual([]);
	});

	it('keeps the option defaults a leaf, and the descriptions free of the transport', () => {
		const defaults = files.find((file) => relative(file) === path.join('shared', 'defaults.ts'));
		expect(defaults && graph.get(defaults)?.imports).toEqual([]);
		const descriptions = files.filter((file) => /shared\/descriptions\//.test(file));
		const below = descriptions.flatMap((file) =>
			(graph.get(file)?.imports ?? [])
				.filter(({ target }) => /shared\/(transport|settings)\//.test(target))
				.map(({ target }) => `${relative(file)} → ${relative(target)}`),
		);
		expect(descriptions.length).toBeGreaterThan(3);
		expect(below).toEqual([]);
	});

	it('keeps wire/ below dialects/: pure bodies and parsers import no dialect (not even a type)', () => {
		const wire = files.filter((file) => /shared\/wire\//.test(file));
		const up = wire.flatMap((file) =>
			(graph.get(file)?.imports ?? [])
				.filter(({ target }) => !/shared\/wire\//.test(target))
				.map(({ target }) => `${relative(file)} → ${relative(target)}`),
		);
		expect(wire.length).toBeGreaterThan(10);
		expect(up).toEqual([]);
	});

	it('makes a dialect one file and one list entry: each dialect object is in DIALECTS, and its id is written in its own file only (credentials/ included)', () => {
		const declaring = files.filter((file) =>
			/:\s*ServerDialect\s*=\s*\{/.test(readFileSync(file, 'utf8')),
		);
		expect(declaring.map(relative).sort()).toEqual(
			DIALECTS.map((dialect) => dialectFile(dialect.id)).sort(),
		);
		const sources = [...files, ...sourceFiles(path.join(ROOT, 'credentials'))];
		const elsewhere = DIALECTS.flatMap((dialect) =>
			sources
				.filter((file) => relative(file) !== dialectFile(dialect.id))
				.filter((file) => new RegExp(`['"\`]${dialect.id}['"\`]`).test(readFileSync(file, 'utf8')))
				.map((file) => `${dialect.id}: ${path.relative(ROOT, file)}`),
		);
		expect(elsewhere).toEqual([]);
	});

	it('writes every route in dialects/ (a task object owns it): no server path outside', () => {
		// Detection's GET /info is asked before any dialect is known: the one route outside.
		const allowed = [path.join('shared', 'transport', 'detect.ts') + ": path: 'info'"];
		const routes = files
			.filter((file) => !/shared\/dialects\//.test(file))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/path: '([^']+)'|'(chat\/completions)'/g)].map(
					(match) => `${relative(file)}: ${match[0]}`,
				),
			)
			.filter((found) => !allowed.includes(found));
		expect(routes).toEqual([]);
	});

	it('frames a stream by its task’s format: only wire/sse.ts reads Server-Sent Events', () => {
		const readers = files
			.filter((file) => /\b(SseDecoder|readStreamData)\b/.test(readFileSync(file, 'utf8')))
			.map(relative);
		expect(readers).toEqual([path.join('shared', 'wire', 'sse.ts')]);
	});

	it('prints the files over 250 lines (a hint to look for a seam) and refuses any over 400', () => {
		const lengths = files.map(
			(file) => [relative(file), readFileSync(file, 'utf8').split('\n').length] as const,
		);
		const long = lengths.filter(([, lines]) => lines > 250);
		if (long.length > 0)
			console.warn(
				`Source files over 250 lines — look for a seam: ${long.map(([file, lines]) => `${file} (${lines})`).join(', ')}`,
			);
		expect(lengths.filter(([, lines]) => lines > 400)).toEqual([]);
	});

	it('types each field label once: errors and both nodes read it from the descriptions', () => {
		// The node's own name and its output's name repeat by n8n's convention, not as field labels.
		const source = files
			.map((file) => readFileSync(file, 'utf8'))
			.join('\n')
			.split('\n')
			.filter((line) => !/defaults: \{ name:|outputNames:/.test(line))
			.join('\n');
		const labels = [...source.matchAll(/displayName: '([^']+)'/g)].map((match) => match[1]);
		// One per operation, each its own parameter: the operation selector, its Options, Simplify Output.
		const perOperation = ['Operation', 'Options', 'Simplify Output'];
		const twice = [...new Set(labels)]
			.filter((label) => !perOperation.includes(label))
			.filter((label) => source.split(`'${label}'`).length > 2);
		expect(labels.length).toBeGreaterThan(30);
		expect(twice).toEqual([]);
	});
});

describe("n8n's AI workflow builder can place every node (builderHint)", () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { nodes } = require('../../package.json').n8n as { nodes: string[] };
	const descriptions = nodes.map((file) => {
		const source = path.join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(source) as Record<string, new () => INodeType>;
		return new (Object.values(exported)[0])().description;
	});

	it.each(descriptions.map((description) => [description.displayName, description] as const))(
		'%s: a search hint and related nodes, in prose the rule no-builder-hint-leakage accepts',
		(_name, description) => {
			const hint = description.builderHint as Required<IBuilderHint>;
			expect(typeof hint?.searchHint).toBe('string');
			expect(hint.searchHint.length).toBeGreaterThan(40);
			expect(hint.relatedNodes.length).toBeGreaterThan(0);
			for (const related of hint.relatedNodes) {
				expect(related.nodeType).toMatch(
					/^(@n8n\/n8n-nodes-langchain|n8n-nodes-base|n8n-nodes-huggingface-tgi)\.\w+$/,
				);
				expect(related.relationHint.length).toBeGreaterThan(10);
			}
			// Wire format must not leak into the hint (n8n's rule no-builder-hint-leakage).
			const texts = JSON.stringify(hint);
			expect(texts).not.toMatch(/={{/);
			expect(texts).not.toMatch(
				/\bai_(agent|chain|document|embedding|languageModel|memory|outputParser|retriever|reranker|textSplitter|tool|vectorStore)\b/,
			);
		},
	);
});
