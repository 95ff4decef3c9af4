// @ts-check
const {
	PACKAGE_NAME,
	loadPackage,
	executeWorkflow,
	itemsNode,
	TestNodeTypes,
	TestCredentialsHelper,
	additionalData,
	ExecutionLifecycleHooks,
	Workflow,
} = require('./n8nEngine');

const { LoadOptionsContext } = require('n8n-core');

const TGI_NODE_TYPE = `${PACKAGE_NAME}.huggingFaceTgi`;
const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

/**
 * Runs an `Items -> Hugging Face TGI` workflow in n8n's engine and returns the run.
 * @param {{
 *   items: object[], parameters: Record<string, unknown>, credentials: Record<string, unknown>,
 *   continueOnFail?: boolean, onError?: 'continueRegularOutput' | 'continueErrorOutput', nodeName?: string,
 *   cancelOn?: Promise<unknown>,
 * }} options
 */
async function runChatWorkflow({
	items,
	parameters,
	credentials,
	continueOnFail = false,
	onError = 'continueRegularOutput',
	nodeName = 'Hugging Face TGI',
	cancelOn,
}) {
	const { nodes } = loadPackage();
	const workflowNodes = [
		{
			id: '1',
			name: 'Items',
			type: 'test.items',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: '2',
			name: nodeName,
			type: TGI_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TGI test' } },
			...(continueOnFail ? { onError } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
	const run = await executeWorkflow({
		id: 'test',
		nodes: workflowNodes,
		connections,
		nodeTypes: { ...nodes, 'test.items': itemsNode },
		credentials: { [CREDENTIAL_TYPE]: credentials },
		// n8n's stop button: PCancelable.cancel() aborts the execution's signal that nodes get.
		prepare: (running) => void cancelOn?.then(() => running.cancel()),
	});
	const nodeRun = run.data.resultData.runData[nodeName]?.[0];
	return {
		run,
		/** The TGI node's output items (first output), or [] when it failed. */
		output: nodeRun?.data?.main?.[0] ?? [],
		/** The error output's items, under "Continue (using error output)". */
		errorOutput: nodeRun?.data?.main?.[1] ?? [],
		/** The error that stopped the node, if any. */
		error: nodeRun?.error ?? run.data.resultData.error,
	};
}

/**
 * Calls the node's model picker (listSearch.searchModels) the way the editor does, in n8n-core's
 * LoadOptionsContext with the credential injected.
 * @param {Record<string, unknown>} credentials @param {string} [filter]
 */
async function searchModels(credentials, filter) {
	const { nodes, credentials: credentialTypes } = loadPackage();
	const nodeType = nodes[TGI_NODE_TYPE];
	const node = {
		id: '2',
		name: 'Hugging Face TGI',
		type: TGI_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TGI test' } },
	};
	const nodeTypes = new TestNodeTypes({ [TGI_NODE_TYPE]: nodeType });
	const workflow = new Workflow({
		nodes: /** @type {any} */ ([node]),
		connections: {},
		active: false,
		nodeTypes: /** @type {any} */ (nodeTypes),
	});
	const helper = new TestCredentialsHelper(credentialTypes, { [CREDENTIAL_TYPE]: credentials });
	const hooks = new ExecutionLifecycleHooks('internal', 'load-options', /** @type {any} */ ({}));
	const context = new LoadOptionsContext(
		workflow,
		/** @type {any} */ (node),
		additionalData(helper, hooks),
		'parameters.modelId',
	);
	return await nodeType.methods.listSearch.searchModels.call(context, filter);
}

module.exports = { searchModels, runChatWorkflow, TGI_NODE_TYPE, CREDENTIAL_TYPE };
