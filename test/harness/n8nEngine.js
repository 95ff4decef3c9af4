// @ts-check
/**
 * Runs workflows through n8n-core's own execution engine (WorkflowExecute) with this package's
 * built nodes and real credential injection — our small version of n8n's
 * packages/core/nodes-testing (node-test-harness.ts, credentials-helper.ts), which is not published.
 */
const path = require('node:path');
const {
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
} = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = require(path.join(ROOT, 'package.json'));
const PACKAGE_NAME = PACKAGE.name;

/** Loads every node and credential that package.json's "n8n" key lists, from dist/. */
function loadPackage() {
	/** @type {Record<string, any>} */
	const nodes = {};
	/** @type {Record<string, any>} */
	const credentials = {};
	const load = (/** @type {string} */ file) => Object.values(require(path.join(ROOT, file)))[0];
	for (const file of PACKAGE.n8n.nodes) {
		const NodeClass = /** @type {any} */ (load(file));
		const node = new NodeClass();
		nodes[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	for (const file of PACKAGE.n8n.credentials) {
		const CredentialClass = /** @type {any} */ (load(file));
		const credential = new CredentialClass();
		credentials[credential.name] = credential;
	}
	return { nodes, credentials };
}

/** A test-only start node: emits the items given in its `items` parameter (a JSON array). */
const itemsNode = {
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
	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		// An item's `$binary` becomes its binary data, as a Read File node would hand it over.
		return [
			items.map((/** @type {any} */ { $binary, ...json }, /** @type {number} */ item) =>
				$binary ? { json, binary: $binary, pairedItem: { item } } : { json, pairedItem: { item } },
			),
		];
	},
};

class TestNodeTypes {
	/** @param {Record<string, any>} types */
	constructor(types) {
		this.types = types;
	}
	/** @param {string} name */
	getByName(name) {
		return this.types[name];
	}
	/** @param {string} name @param {number} [version] */
	getByNameAndVersion(name, version) {
		if (!this.types[name]) throw new Error(`Unknown node type ${name}`);
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Hands the decrypted credential to the engine and applies the credential type's `authenticate`. */
class TestCredentialsHelper extends ICredentialsHelper {
	/** @param {Record<string, any>} credentialTypes @param {Record<string, any>} data */
	constructor(credentialTypes, data) {
		super();
		this.credentialTypes = credentialTypes;
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	/** @param {any} credentials @param {string} typeName @param {any} requestOptions */
	async authenticate(credentials, typeName, requestOptions) {
		const type = this.credentialTypes[typeName];
		if (typeof type?.authenticate === 'function')
			return await type.authenticate(credentials, requestOptions);
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	/** @param {any} _additionalData @param {any} _nodeCredentials @param {string} type */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!this.data[type]) throw new Error(`No test credentials of type ${type}`);
		return { ...this.data[type] };
	}
	async getCredentials() {
		return /** @type {any} */ ({});
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

/** @param {TestCredentialsHelper} credentialsHelper @param {any} hooks */
function additionalData(credentialsHelper, hooks) {
	return /** @type {any} */ ({
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
	});
}

/**
 * Runs a workflow that starts at its `Items` node in n8n's engine, with the test credential
 * injected. `prepare` gets the running execution (to cancel it). Resolves with the finished run.
 * @param {{ id: string, nodes: any[], connections: any, nodeTypes: Record<string, any>,
 *   credentials: Record<string, Record<string, unknown>>, prepare?: (running: any) => void }} options
 */
async function executeWorkflow({ id, nodes, connections, nodeTypes, credentials, prepare }) {
	const { credentials: credentialTypes } = loadPackage();
	const workflow = new Workflow({
		id,
		nodes,
		connections,
		nodeTypes: /** @type {any} */ (new TestNodeTypes(nodeTypes)),
		active: false,
	});
	const hooks = new ExecutionLifecycleHooks(
		'manual',
		`execution-${id}`,
		/** @type {any} */ ({ id, nodes, connections }),
	);
	/** @type {Promise<any>} */
	const finished = new Promise((resolve) =>
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
	);
	const helper = new TestCredentialsHelper(credentialTypes, credentials);
	const runExecutionData = /** @type {any} */ ({
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
	});
	const execute = new WorkflowExecute(additionalData(helper, hooks), 'manual', runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	prepare?.(running);
	await running;
	return await finished;
}

module.exports = {
	ROOT,
	PACKAGE_NAME,
	loadPackage,
	executeWorkflow,
	itemsNode,
	TestNodeTypes,
	TestCredentialsHelper,
	additionalData,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
	Workflow,
};
