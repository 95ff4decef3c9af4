/**
 * The community-node lint rules n8n added after the plugin `npm run lint` runs (0.32.0, the newest on
 * this registry), checked on what n8n loads: the node and credential classes, their codex files,
 * icons and package.json. Read from n8n-io/n8n master, packages/@n8n/eslint-plugin-community-nodes
 * (src/rules/ and docs/rules/, 2026-12-07). The rules read object literals in the source; this
 * package builds its descriptions from shared arrays, which an AST rule cannot follow, so the
 * runtime descriptions are checked instead (a stronger check: nested and spread fields count too).
 * Rules that read code (require-continue-on-fail, node-operation-error-itemindex,
 * prefer-declarative-style, no-hardcoded-ids) are met in the source; the README's "On n8n 3.x"
 * section lists each rule and what changed for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type {
	ICredentialType,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as {
	keywords: string[];
	license: string;
	repository: { directory?: string };
	n8n: { nodes: string[]; credentials: string[] };
};

const sourceOf = (file: string) =>
	path.join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
function load<T>(file: string): { source: string; className: string; instance: T } {
	const source = sourceOf(file);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(source) as Record<string, new () => T>;
	const [className, Class] = Object.entries(exported)[0];
	return { source, className, instance: new Class() };
}

const nodes = pkg.n8n.nodes.map((file) => {
	const { source, instance } = load<INodeType>(file);
	return { source, description: instance.description };
});
const credentials = pkg.n8n.credentials.map((file) => load<ICredentialType>(file));

interface Codex {
	categories?: string[];
	subcategories?: Record<string, string[]>;
}
const codexOf = (source: string) =>
	JSON.parse(readFileSync(source.replace(/\.node\.ts$/, '.node.json'), 'utf8')) as Codex;
/** What no-ai-codex-category and no-codex-subcategories read: a top-level import of the SDK. */
const importsAiNodeSdk = (source: string) =>
	/^import\s[^;]*?from\s+'@n8n\/ai-node-sdk';/m.test(readFileSync(source, 'utf8'));

/** Every parameter, nested ones included, with the path n8n stores it under. */
function* parameters(
	properties: INodeProperties[],
	at = '',
): Generator<[string, INodeProperties, boolean]> {
	for (const property of properties) {
		const where = at ? `${at}.${property.name}` : property.name;
		yield [where, property, at === ''];
		if (property.type === 'collection')
			yield* parameters((property.options ?? []) as INodeProperties[], where);
		if (property.type === 'fixedCollection')
			for (const group of (property.options ?? []) as Array<{
				name: string;
				values: INodeProperties[];
			}>)
				yield* parameters(group.values, `${where}.${group.name}`);
	}
}
const named = (description: INodeTypeDescription) => [...parameters(description.properties)];

// The codex decision per node (the README's "On n8n 3.x" section says why). The Chat Model is built on
// n8n's AI node SDK, so it keeps the "AI" category and the subcategories that place it (the AI
// Agent's Chat Model slot, and the main search through "Root Nodes"). The Embeddings and Reranker
// sub-nodes use no SDK (it has no embeddings or rerankers): "Development", as the action node; n8n
// lists a sub-node in a slot by its output type, not its codex (the editor E2E opens both slots).
const CODEX: Record<string, Codex> = {
	huggingFaceTgi: { categories: ['Development'] },
	lmChatHuggingFaceTgi: {
		categories: ['AI'],
		subcategories: {
			AI: ['Language Models', 'Root Nodes'],
			'Language Models': ['Chat Models (Recommended)'],
		},
	},
	embeddingsHuggingFaceTei: { categories: ['Development'] },
	rerankerHuggingFaceTei: { categories: ['Development'] },
};

// non-required-fields-in-collection (a warning) asks optional top-level fields to move into a
// collection. These stay where saved workflows store them: moving one renames its path
// (`simplify` → `options.simplify`) and every saved workflow would lose its value.
const KEPT_AT_TOP_LEVEL: Record<string, string[]> = {
	// Mode selectors (Specify Messages, Count Tokens' Input); n8n's OpenAI node keeps Simplify Output here too; Embed's model is optional (a TEI serves one).
	huggingFaceTgi: ['specifyMessages', 'simplify', 'modelId', 'input'],
	lmChatHuggingFaceTgi: [],
	embeddingsHuggingFaceTei: ['modelId'], // optional: a TEI server serves one model
	rerankerHuggingFaceTei: ['modelId', 'topN'],
};

/** WCAG relative luminance and contrast, as icon-contrast computes them. */
const luminance = (hex: string) => {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
};
const BACKGROUND = { light: '#ffffff', dark: '#2b2b2b' };
function paints(svg: string): string[] {
	const found = [
		...svg.matchAll(/(?:fill|stroke|stop-color)\s*[=:]\s*"?\s*(#[0-9a-fA-F]{3,6})\b/g),
	];
	return found.map(([, hex]) =>
		hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex,
	);
}

describe("n8n's newer community-node lint rules", () => {
	describe.each(
		nodes.map(({ source, description }) => [description.name, source, description] as const),
	)('%s', (name, source, description) => {
		test('codex: "AI" and subcategories only with the AI node SDK; categories from n8n\'s list (no-ai-codex-category, no-codex-subcategories, valid-node-categories, no-logic-or-flow-nodes)', () => {
			const codex = codexOf(source);
			expect({ categories: codex.categories, subcategories: codex.subcategories }).toEqual(
				CODEX[name],
			);
			const categories = codex.categories ?? [];
			if (categories.includes('AI') || codex.subcategories)
				expect(importsAiNodeSdk(source)).toBe(true);
			const valid = [
				'Data & Storage',
				'Finance & Accounting',
				'Marketing & Content',
				'Productivity',
				'Miscellaneous',
				'Sales',
				'Development',
				'Analytics',
				'Communication',
				'Utility',
				'AI',
			];
			for (const category of categories) expect(valid).toContain(category);
			const ai = [
				'Agents',
				'Chains',
				'Language Models',
				'Memory',
				'Output Parsers',
				'Tools',
				'Vector Stores',
				'Retrievers',
				'Embeddings',
				'Document Loaders',
				'Text Splitters',
				'Other Tools',
				'Root Nodes',
				'Model Context Protocol',
				'Human in the Loop',
				'Miscellaneous',
				'Rerankers',
				'Evaluation',
			];
			for (const subcategory of codex.subcategories?.AI ?? []) expect(ai).toContain(subcategory);
			expect(JSON.stringify(codex)).not.toMatch(/"(Logic|Flow)"/);
			// n8n's loader ignores the .node.json when the class has an inline codex.
			expect(description.codex).toBeUndefined();
		});

		test('names: camelCase name, file named after it, not the core colour, one credential (node-class-description-name-camelcase, node-filename-against-convention, node-class-description-non-core-color, single-credential-per-node)', () => {
			expect(description.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			expect(path.basename(source)).toMatch(
				new RegExp(
					`^${description.name[0].toUpperCase()}${description.name.slice(1)}(V\\d+)?\\.node\\.ts$`,
				),
			);
			expect(String(description.defaults.color ?? '').toUpperCase()).not.toBe('#FF6D5A');
			expect(description.credentials).toHaveLength(1);
		});

		test('parameters: a default each, short hints, unique options without asterisks, top-level options in alphabetical order (require-param-default, hint-max-length, no-duplicate-param-options, no-asterisk-in-option-names, options-sorted-alphabetically)', () => {
			for (const [where, parameter, topLevel] of named(description)) {
				expect([where, parameter.default !== undefined]).toEqual([where, true]);
				expect([where, (parameter.hint ?? '').length <= 120]).toEqual([where, true]);
				if (parameter.type !== 'options' && parameter.type !== 'multiOptions') continue;
				const options = (parameter.options ?? []) as Array<{ name: string; value: unknown }>;
				const names = options.map((option) => option.name);
				expect(new Set(names).size).toBe(names.length);
				expect(new Set(options.map((option) => JSON.stringify(option.value))).size).toBe(
					names.length,
				);
				expect(names.filter((option) => option.includes('*'))).toEqual([]);
				// The rule reads top-level options only; nested ones keep an order of meaning (Low, Medium, High).
				if (topLevel && parameter.type === 'options')
					expect([where, names]).toEqual([
						where,
						[...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })),
					]);
			}
		});

		test('top level: required fields, selectors and collections; no optional JSON (non-required-fields-in-collection, open-ended-node-fields)', () => {
			const optional = description.properties
				.filter(
					(property) =>
						!property.required &&
						![
							'collection',
							'fixedCollection',
							'notice',
							'callout',
							'hidden',
							'curlImport',
						].includes(property.type) &&
						!['resource', 'operation', 'authentication'].includes(property.name),
				)
				.map((property) => property.name);
			expect([...new Set(optional)].sort()).toEqual([...KEPT_AT_TOP_LEVEL[name]].sort());
			expect(
				description.properties.filter((property) => property.type === 'json' && !property.required),
			).toEqual([]);
		});
	});

	test.each(credentials.map((credential) => [credential.className, credential] as const))(
		'credential %s: name ends in Api, class and file named alike (cred-class-name-field-conventions, cred-class-name-suffix, cred-filename-against-convention)',
		(className, { source, instance }) => {
			expect(instance.name).toMatch(/^[a-z]\w*Api$/);
			expect(className).toMatch(/Api$/);
			expect(path.basename(source)).toBe(`${className}.credentials.ts`);
		},
	);

	test('icons: each theme’s SVG stands out from its node background by WCAG 3:1 or more (icon-contrast warns under 1.5:1)', () => {
		const icons = [
			...nodes.map(({ source, description }) => [source, description.icon] as const),
			...credentials.map(({ source, instance }) => [source, instance.icon] as const),
		];
		for (const [source, icon] of icons) {
			expect(typeof icon).toBe('object');
			for (const theme of ['light', 'dark'] as const) {
				const file = path.join(
					path.dirname(source),
					String((icon as Record<string, string>)[theme]).replace(/^file:/, ''),
				);
				expect(existsSync(file)).toBe(true);
				const colours = paints(readFileSync(file, 'utf8'));
				expect(colours.length).toBeGreaterThan(0);
				const best = Math.max(...colours.map((colour) => contrast(colour, BACKGROUND[theme])));
				expect([file, theme, best >= 3]).toEqual([file, theme, true]);
			}
		}
	});

	test('package.json: the community keyword, MIT, one package per repository (require-community-node-keyword, require-mit-license, no-monorepo)', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.repository.directory).toBeUndefined();
	});

	test('the action node reads Continue On Fail in execute() itself (require-continue-on-fail)', () => {
		const action = nodes.find(({ description }) => description.name === 'huggingFaceTgi');
		const text = readFileSync(action?.source as string, 'utf8');
		const execute = text.slice(text.indexOf('async execute('));
		expect(execute.slice(0, execute.indexOf('\n\t}'))).toContain('this.continueOnFail()');
	});
});

test('the contrast formula matches WCAG (black on white is 21:1)', () => {
	expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
	expect(contrast('#2b2b2b', '#2b2b2b')).toBe(1);
});
