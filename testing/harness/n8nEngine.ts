/**
 * Runs workflows through n8n-core's own execution engine (WorkflowExecute) with this package's
 * built nodes and real credential injection — our small version of n8n's
 * packages/core/nodes-testing (node-test-harness.ts, credentials-helper.ts), which is not published.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode, WorkflowExecute } from 'n8n-core';
import type { IExecuteFunctions, INodeType, IRun } from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

export { ExecuteContext, ExecutionLifecycleHooks, RoutingNode, WorkflowExecute, Workflow };

export const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_NAME = PACKAGE.name;

/** Loads every node and credential that package.json's "n8n" key lists, from dist/. */
export function loadPackage() {
	const nodes: Record<string, any> = {};
	const credentials: Record<string, any> = {};
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const load = (file: string): any => Object.values(require(path.join(ROOT, file)))[0];
	for (const file of PACKAGE.n8n.nodes) {
		const NodeClass = load(file);
		const node = new NodeClass();
		nodes[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	for (const file of PACKAGE.n8n.credentials) {
		const CredentialClass = load(file);
		const credential = new CredentialClass();
		credentials[credential.name] = credential;
	}
	return { nodes, credentials };
}

/**
 * Forgets what the package remembers per process — the dialects it detected, the router's price
 * lists — so the next run asks afresh.
 */
export function forgetDetectedServers(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(path.join(ROOT, 'dist/nodes/shared/transport/detect.js')).forgetDetectedServers();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(path.join(ROOT, 'dist/nodes/HuggingFaceTgi/helpers/cost.js')).forgetPrices();
}

/** A test-only start node: emits the items given in its `items` parameter (a JSON array). */
export const itemsNode = {
	description: {
		displayName: 'Test Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	},
	async execute(this: IExecuteFunctions) {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		// An item's `$binary` becomes its binary data, as a Read File node would hand it over.
		return [
			items.map(({ $binary, ...json }: any, item: number) =>
				$binary ? { json, binary: $binary, pairedItem: { item } } : { json, pairedItem: { item } },
			),
		];
	},
} as unknown as INodeType;

/** The `Items` start node of a test workflow, emitting `items`. */
export const itemsStart = (items: object[]) => ({
	id: '1',
	name: 'Items',
	type: 'test.items',
	typeVersion: 1,
	position: [0, 0],
	parameters: { items: JSON.stringify(items) },
});

export class TestNodeTypes {
	constructor(readonly types: Record<string, any>) {}
	getByName(name: string) {
		return this.types[name];
	}
	getByNameAndVersion(name: string, version?: number) {
		if (!this.types[name]) throw new Error(`Unknown node type ${name}`);
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Hands the decrypted credential to the engine and applies the credential type's `authenticate`. */
/** How often n8n fetched and decrypted a credential (n8n reads its database for each in a real install). */
export const credentialReads = { count: 0 };

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly credentialTypes: Record<string, any>,
		readonly data: Record<string, any>,
	) {
		super();
	}
	getParentTypes() {
		return [];
	}
	async authenticate(credentials: any, typeName: string, requestOptions: any) {
		const type = this.credentialTypes[typeName];
		if (typeof type?.authenticate === 'function')
			return await type.authenticate(credentials, requestOptions);
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined as any;
	}
	/** The credential `type#id` when the test gave one for that id (two servers in one workflow), else the type's. */
	async getDecrypted(_additionalData: any, nodeCredentials: any, type: string) {
		credentialReads.count++;
		const data = this.data[`${type}#${nodeCredentials?.id}`] ?? this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}
	async getCredentials() {
		return {} as any;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
}

/** The IWorkflowExecuteAdditionalData a test execution needs. */
export function additionalData(credentialsHelper: TestCredentialsHelper, hooks: unknown): any {
	return {
		credentialsHelper,
		hooks,
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		userId: 'test-user',
		setExecutionStatus: () => {},
		logAiEvent: () => {},
	};
}

export interface ExecuteOptions {
	id: string;
	nodes: any[];
	connections: any;
	nodeTypes: Record<string, any>;
	credentials: Record<string, Record<string, unknown>>;
	/** Gets the running execution (to cancel it). */
	prepare?: (running: any) => void;
}

/**
 * Runs a workflow that starts at its `Items` node in n8n's engine, with the test credential
 * injected. Resolves with the finished run.
 */
export async function executeWorkflow(options: ExecuteOptions): Promise<any> {
	const { id, nodes, connections, nodeTypes, credentials, prepare } = options;
	const { credentials: credentialTypes } = loadPackage();
	const workflow = new Workflow({
		id,
		nodes,
		connections,
		nodeTypes: new TestNodeTypes(nodeTypes) as any,
		active: false,
	});
	const hooks = new ExecutionLifecycleHooks('manual', `execution-${id}`, {
		id,
		nodes,
		connections,
	} as any);
	const finished = new Promise<IRun>((resolve) =>
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
	);
	const helper = new TestCredentialsHelper(credentialTypes, credentials);
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{ node: workflow.getNode('Items'), data: { main: [[{ json: {} }]] }, source: null },
			],
		},
	} as any;
	const execute = new WorkflowExecute(additionalData(helper, hooks), 'manual', runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	prepare?.(running);
	await running;
	return await finished;
}
