/**
 * The layout's rules, checked on the source: no import cycles; nothing imported from one node's
 * folder into another's; shared/ depends on no node; the pure layers (wire/, transport/ but its
 * n8n-facing transport.ts and connection.ts) import nothing of n8n at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const NODES = path.resolve(__dirname, '..', '..', 'nodes');

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

	it('keeps the wire format and the pure transport modules free of n8n at run time', () => {
		const pure = files.filter(
			(file) =>
				/shared\/(wire|transport)\//.test(file) &&
				!/transport\/(transport|connection)\.ts$/.test(file),
		);
		const n8n = pure.flatMap((file) =>
			(graph.get(file)?.packages ?? [])
				.filter((name) => name.startsWith('n8n'))
				.map((name) => `${relative(file)}: ${name}`),
		);
		expect(pure.length).toBeGreaterThan(10);
		expect(n8n).toEqual([]);
	});

	it('keeps every source file under 250 lines', () => {
		const long = files
			.filter((file) => readFileSync(file, 'utf8').split('\n').length > 250)
			.map(relative);
		expect(long).toEqual([]);
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
