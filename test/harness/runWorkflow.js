// @ts-check
const {
	PACKAGE_NAME, loadPackage, itemsNode, TestNodeTypes, TestCredentialsHelper, additionalData,
	ExecutionLifecycleHooks, WorkflowExecute, Workflow,
} = require('./n8nEngine');

const TGI_NODE_TYPE = `${PACKAGE_NAME}.huggingFaceTgi`;
const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

/**
 * Runs an `Items -> Hugging Face TGI` workflow in n8n's engine and returns the run.
 * @param {{
 *   items: object[], parameters: Record<string, unknown>, credentials: Record<string, unknown>,
 *   continueOnFail?: boolean, nodeName?: string,
 * }} options
 */
async function runChatWorkflow({ items, parameters, credentials, continueOnFail = false, nodeName = 'Hugging Face TGI' }) {
	const { nodes, credentials: credentialTypes } = loadPackage();
	const nodeTypes = new TestNodeTypes({ ...nodes, 'test.items': itemsNode });
	const workflowNodes = [
		{ id: '1', name: 'Items', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
		{
			id: '2', name: nodeName, type: TGI_NODE_TYPE, typeVersion: 1, position: [200, 0],
			parameters, credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TGI test' } },
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
	const workflow = new Workflow({ id: 'test', nodes: /** @type {any} */ (workflowNodes), connections: /** @type {any} */ (connections), nodeTypes: /** @type {any} */ (nodeTypes), active: false });

	const hooks = new ExecutionLifecycleHooks('manual', 'execution-1', /** @type {any} */ ({ id: 'test', nodes: workflowNodes, connections }));
	/** @type {Promise<any>} */
	const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const helper = new TestCredentialsHelper(credentialTypes, { [CREDENTIAL_TYPE]: credentials });
	const runExecutionData = /** @type {any} */ ({
		resultData: { runData: {} },
		executionData: {
			contextData: {}, metadata: {}, waitingExecution: {}, waitingExecutionSource: null,
			nodeExecutionStack: [{ node: workflow.getNode('Items'), data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execute = new WorkflowExecute(additionalData(helper, hooks), 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const nodeRun = run.data.resultData.runData[nodeName]?.[0];
	return {
		run,
		/** The TGI node's output items (first output), or [] when it failed. */
		output: nodeRun?.data?.main?.[0] ?? [],
		/** The error that stopped the node, if any. */
		error: nodeRun?.error ?? run.data.resultData.error,
	};
}

module.exports = { runChatWorkflow, TGI_NODE_TYPE, CREDENTIAL_TYPE };
