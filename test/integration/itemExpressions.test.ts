/**
 * Proof that the action node's item reads (helpers/itemExpressions.ts) answer what n8n's own
 * evaluation answers: a probe node in n8n-core's engine reads each expression of a table for each
 * item of a table of shapes, once through n8n's getNodeParameter and once through the item read,
 * under both of n8n's expression engines (the legacy one, and the isolated-VM runtime n8n 2.x runs
 * by default). Wherever the item read answers, n8n answered the same; where n8n throws, the item
 * read leaves it to n8n. The items reach the probe reversed, each paired with another item, so
 * `$json` is shown to be the probe's own input item, not the one it is paired with.
 *
 * Hostile shapes ride along: objects n8n gives a meaning (`__isError`, `isLuxonDateTime`), a value
 * above the item read's size bound — each left to n8n — and, in a second pass, every item as n8n
 * 1.x's in-process Code node hands it on: behind proxies, which structuredClone refuses.
 */
import { ExpressionEvaluator, IsolatedVmBridge } from '@n8n/expression-runtime';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { Expression, isSafeObjectProperty, LoggerProxy } from 'n8n-workflow';

// The hooks n8n hands its runtime (n8n-workflow's "./expression-sandboxing" export, which this
// project's TypeScript module resolution does not read).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { expressionSandboxHooks } = require('n8n-workflow/expression-sandboxing');

import { executeWorkflow, itemsNode, itemsStart } from '../../testing/harness/n8nEngine';
import {
	itemReaderFor,
	LEFT_TO_N8N,
	MAX_READ_SIZE,
	sameJson,
} from '../../nodes/HuggingFaceTgi/helpers/itemExpressions';

const SHAPES: object[] = [
	{ q: 'text' },
	{ q: '' },
	{ q: 'unicode ☃, "quotes", \\ and\na second line' },
	{ q: 42 },
	{ q: 0 },
	{ q: -1.5e300 },
	{ q: true },
	{ q: null },
	{},
	{ q: { a: 1, b: [1, 'x', null], nested: { deep: 'x' } } },
	{ q: [1, 2, { c: 'd' }] },
	{ q: [] },
	{ q: {} },
	{ 'my field': 'spaced', 'a.b': 'dotted', list: ['first', { b: 'second' }] },
	{ q: 'x', constructor: 'own', toString: 'own too' },
];

/** Shapes whose `$json.q` the item read must leave to n8n: n8n reads them its own way. */
const HOSTILE_SHAPES: object[] = [
	{ q: { __isError: true, message: 'boom', name: 'Error' } },
	{ q: { isLuxonDateTime: true, ts: 0 } },
	{ q: { list: [{ inner: { __isError: true, message: 'deep' } }] } },
	{ q: 'x'.repeat(MAX_READ_SIZE.characters + 1) },
];

const ALL_SHAPES = [...SHAPES, ...HOSTILE_SHAPES];

const EXPRESSIONS = [
	'={{ $json.q }}',
	'={{$json.q}}',
	'={{ $json["q"] }}',
	"={{ $json['my field'] }}",
	'={{ $json["a.b"] }}',
	'={{ $json.q.a }}',
	'={{ $json.q.b[1] }}',
	'={{ $json.q[2].c }}',
	'={{ $json.q[2] }}',
	'={{ $json.q[9] }}',
	'={{ $json.q.nested.deep }}',
	'={{ $json.list[0] }}',
	'={{ $json.list[1].b }}',
	'={{ $json.list[7] }}',
	'={{ $json.missing }}',
	'={{ $json.missing.deeper }}',
	'={{ $json.q.length }}',
	'={{ $json.toString }}',
	'={{ $json.constructor }}',
	'={{ $json }}',
	'={{ $json.q }} ',
];

/** A collection as the node's Messages field stores it. */
const COLLECTION = {
	values: [
		{ role: 'system', content: 'Answer briefly.' },
		{ role: 'user', content: '={{ $json.q }}' },
		{ role: 'user', content: '={{ $json.list[1] }}' },
	],
};

interface Read {
	item: number;
	parameter: string;
	n8n: { value?: unknown; error?: string };
	ours: unknown;
}

const parameterNames = EXPRESSIONS.map((_, index) => `e${index}`);

/** Reads every parameter of every item both ways. */
function probeNode(reads: Read[], seen: { cloneRefused: number; hostile: number }): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Reads parameters two ways',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				...parameterNames.map((name) => ({
					displayName: name,
					name,
					type: 'string' as const,
					default: '',
				})),
				{
					displayName: 'Messages',
					name: 'messages',
					type: 'fixedCollection' as const,
					typeOptions: { multipleValues: true },
					default: {},
					options: [
						{
							displayName: 'Message',
							name: 'values',
							values: [
								{ displayName: 'Role', name: 'role', type: 'string' as const, default: '' },
								{ displayName: 'Content', name: 'content', type: 'string' as const, default: '' },
							],
						},
					],
				},
			],
		},
		async execute(this: IExecuteFunctions) {
			const items = this.getInputData();
			const raw = this.getNode().parameters;
			for (let item = 0; item < items.length; item++) {
				try {
					structuredClone(items[item].json);
				} catch {
					seen.cloneRefused++;
				}
				const text = JSON.stringify(items[item].json);
				if (/"(__isError|isLuxon\w*)":/.test(text) || text.length > MAX_READ_SIZE.characters)
					seen.hostile++;
				for (const parameter of [...parameterNames, 'messages.values']) {
					const stored = parameter === 'messages.values' ? COLLECTION.values : raw[parameter];
					let n8n: Read['n8n'];
					try {
						n8n = { value: this.getNodeParameter(parameter, item) };
					} catch (error) {
						n8n = { error: (error as Error).message };
					}
					const reader = itemReaderFor(stored, isSafeObjectProperty);
					reads.push({
						item,
						parameter,
						n8n,
						ours: reader ? reader(items[item].json) : LEFT_TO_N8N,
					});
				}
			}
			return [items];
		},
	} as unknown as INodeType;
}

/** Hands the items on in reverse order, each paired with the item it came from. */
const reverseNode = {
	description: {
		displayName: 'Reverse',
		name: 'reverse',
		group: ['transform'],
		version: 1,
		description: 'Reverses the items',
		defaults: { name: 'Reverse' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		return [
			items.map((_, index) => ({
				json: items[items.length - 1 - index].json,
				pairedItem: { item: items.length - 1 - index },
			})),
		];
	},
} as unknown as INodeType;

/** An object as n8n 1.x's in-process Code node hands it on: behind a proxy, at every depth. */
function codeNodeProxy<T>(value: T): T {
	if (typeof value !== 'object' || value === null) return value;
	return new Proxy(value as object, {
		get: (target, key) => codeNodeProxy(Reflect.get(target, key) as unknown),
	}) as T;
}

/** Hands each item on behind proxies, as n8n 1.x's Code node does (structuredClone refuses them). */
const codeLikeNode = {
	description: {
		displayName: 'Code-like',
		name: 'codeLike',
		group: ['transform'],
		version: 1,
		description: 'Proxies the items',
		defaults: { name: 'Code-like' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [
			this.getInputData().map((item, index) => ({
				json: codeNodeProxy(item.json),
				pairedItem: { item: index },
			})),
		];
	},
} as unknown as INodeType;

/**
 * What reached the probe: items structuredClone refuses (proxies, as from n8n 1.x's Code node),
 * and hostile shapes, still hostile.
 */
const seen = { cloneRefused: 0, hostile: 0 };

async function readAll(proxied = false): Promise<Read[]> {
	const reads: Read[] = [];
	seen.cloneRefused = 0;
	seen.hostile = 0;
	const parameters = Object.fromEntries(
		EXPRESSIONS.map((expression, index) => [`e${index}`, expression]),
	);
	await executeWorkflow({
		id: 'itemExpressions',
		nodes: [
			itemsStart(ALL_SHAPES),
			{
				id: '2',
				name: 'Reverse',
				type: 'test.reverse',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
			{
				id: '3',
				name: 'Probe',
				type: 'test.probe',
				typeVersion: 1,
				position: [400, 0],
				parameters: { ...parameters, messages: COLLECTION },
			},
			{
				id: '4',
				name: 'Code-like',
				type: 'test.codeLike',
				typeVersion: 1,
				position: [300, 100],
				parameters: {},
			},
		],
		connections: {
			Items: { main: [[{ node: 'Reverse', type: 'main', index: 0 }]] },
			Reverse: { main: [[{ node: proxied ? 'Code-like' : 'Probe', type: 'main', index: 0 }]] },
			'Code-like': { main: [[{ node: 'Probe', type: 'main', index: 0 }]] },
		},
		nodeTypes: {
			'test.items': itemsNode,
			'test.reverse': reverseNode,
			'test.codeLike': codeLikeNode,
			'test.probe': probeNode(reads, seen),
		},
		credentials: {},
	});
	return reads;
}

const shapeOf = (read: Read) => ALL_SHAPES[ALL_SHAPES.length - 1 - read.item];

function expectSameAsN8n(reads: Read[]) {
	expect(reads).toHaveLength(ALL_SHAPES.length * (EXPRESSIONS.length + 1));
	const answered = reads.filter((read) => read.ours !== LEFT_TO_N8N);
	for (const read of answered) {
		const context = `${read.parameter} on ${JSON.stringify(shapeOf(read)).slice(0, 200)}`;
		expect({ context, error: read.n8n.error }).toEqual({ context, error: undefined });
		expect({ context, value: read.ours }).toEqual({ context, value: read.n8n.value });
		expect({ context, same: sameJson(read.ours, read.n8n.value) }).toEqual({ context, same: true });
	}
	return answered;
}

/** What the item reads must answer (not leave to n8n), so the proof cannot pass by answering nothing. */
function expectAnswered(answered: Read[]) {
	// Counted over the plain shapes (n8n itself may change a hostile item while evaluating it:
	// its legacy engine turns an isLuxonDateTime object into "[object Object]" in place).
	const plain = answered.filter((read) => SHAPES.includes(shapeOf(read)));
	const by = (expression: string) =>
		plain.filter((read) => read.parameter === `e${EXPRESSIONS.indexOf(expression)}`).length;
	// No answer holds what n8n gives a meaning, or more than the bound: those are n8n's.
	const hostile = answered.filter((read) => {
		const text = JSON.stringify(read.ours) ?? '';
		return /"(__isError|isLuxon\w*)":/.test(text) || text.length > MAX_READ_SIZE.characters;
	});
	expect(hostile.map((read) => read.parameter)).toEqual([]);
	// Every other shape's q, missing or not, object or not.
	expect(by('={{ $json.q }}')).toBe(SHAPES.length);
	expect(by('={{$json.q}}')).toBe(SHAPES.length);
	expect(by('={{ $json["q"] }}')).toBe(SHAPES.length);
	expect(by("={{ $json['my field'] }}")).toBe(SHAPES.length);
	expect(by('={{ $json.missing }}')).toBe(SHAPES.length);
	expect(by('={{ $json.list[1].b }}')).toBe(1);
	expect(by('={{ $json.q.nested.deep }}')).toBe(1);
	// All but the item with fields named as inherited ones (constructor, toString).
	expect(by('={{ $json }}')).toBe(SHAPES.length - 1);
	expect(plain.filter((read) => read.parameter === 'messages.values')).toHaveLength(1);
	// Never: an expression that is not one whole $json path, a property n8n's sandbox refuses.
	// An own property named as an inherited one is n8n's too: n8n 2.x's runtime fails on it.
	for (const expression of ['={{ $json.constructor }}', '={{ $json.q }} ', '={{ $json.toString }}'])
		expect(by(expression)).toBe(0);
}

/**
 * n8n 2.x's default engine, set up as Expression.initExpressionEngine does at n8n's start (which
 * loads the runtime by a dynamic import, which Jest's CommonJS sandbox cannot run).
 */
async function useVmEngine() {
	const evaluator = new ExpressionEvaluator({
		createBridge: () =>
			new IsolatedVmBridge({ timeout: 5000, memoryLimit: 128, logger: LoggerProxy } as never),
		maxCodeCacheSize: 1024,
		poolSize: 1,
		hooks: expressionSandboxHooks,
		logger: LoggerProxy,
	} as never);
	await evaluator.initialize();
	Object.assign(Expression, { vmEvaluator: evaluator });
	Expression.setExpressionEngine('vm');
}

describe("item reads equal n8n's evaluation", () => {
	it("under n8n's legacy expression engine", async () => {
		Expression.setExpressionEngine('legacy');
		expect(Expression.getActiveImplementation()).toBe('legacy');
		expectAnswered(expectSameAsN8n(await readAll()));
		expect(seen).toEqual({ cloneRefused: 0, hostile: HOSTILE_SHAPES.length });
	});

	it("under n8n's legacy engine (n8n 1.x's), with items from a Code node: proxies structuredClone refuses", async () => {
		Expression.setExpressionEngine('legacy');
		const reads = await readAll(true);
		expect(seen).toEqual({ cloneRefused: ALL_SHAPES.length, hostile: HOSTILE_SHAPES.length });
		expectAnswered(expectSameAsN8n(reads));
	});

	describe("under n8n 2.x's isolated-VM expression runtime", () => {
		beforeAll(useVmEngine);
		afterAll(async () => {
			await Expression.disposeExpressionEngine();
			Expression.setExpressionEngine('legacy');
		});

		it('with items from a Set node', async () => {
			expect(Expression.getActiveImplementation()).toBe('vm');
			expectAnswered(expectSameAsN8n(await readAll()));
			expect(seen).toEqual({ cloneRefused: 0, hostile: HOSTILE_SHAPES.length });
		});

		it('with items from a Code node (proxies)', async () => {
			const reads = await readAll(true);
			expect(seen).toEqual({ cloneRefused: ALL_SHAPES.length, hostile: HOSTILE_SHAPES.length });
			expectAnswered(expectSameAsN8n(reads));
		});
	});
});
