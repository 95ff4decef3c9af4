/** Runs `Items -> Hugging Face TGI` workflows and the model picker in n8n-core, as the editor would. */
import { LoadOptionsContext } from 'n8n-core';

import {
	additionalData,
	credentialReads,
	executeWorkflow,
	forgetDetectedServers,
	ExecutionLifecycleHooks,
	itemsNode,
	itemsStart,
	loadPackage,
	PACKAGE_NAME,
	TestCredentialsHelper,
	TestNodeTypes,
	Workflow,
} from './n8nEngine';

export { credentialReads, forgetDetectedServers };

export const TGI_NODE_TYPE = `${PACKAGE_NAME}.huggingFaceTgi`;
export const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

export interface OutputItem {
	json: Record<string, any>;
	pairedItem?: { item: number };
}

/** A failed node's error, as n8n keeps it. */
export interface RunError {
	message: string;
	description?: string;
	httpCode?: string;
	context?: { itemIndex?: number };
}

export interface RunResult {
	run: any;
	/** The TGI node's output items (first output), or [] when it failed. */
	output: OutputItem[];
	/** The error output's items, under "Continue (using error output)". */
	errorOutput: OutputItem[];
	/** The error that stopped the node, if any. */
	error?: RunError;
}

export interface ChatRunOptions {
	items: object[];
	parameters: Record<string, unknown>;
	credentials: Record<string, unknown>;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	nodeName?: string;
	/** Cancels the execution (as the editor's stop button does) when this settles. */
	cancelOn?: Promise<unknown>;
}

/** Runs an `Items -> Hugging Face TGI` workflow in n8n's engine and returns the run. */
export async function runChatWorkflow({
	items,
	parameters,
	credentials,
	continueOnFail = false,
	onError = 'continueRegularOutput',
	nodeName = 'Hugging Face TGI',
	cancelOn,
}: ChatRunOptions): Promise<RunResult> {
	const { nodes } = loadPackage();
	const workflowNodes = [
		itemsStart(items),
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
 */
export async function searchModels(
	credentials: Record<string, unknown>,
	filter?: string,
	nodeTypeName: string = TGI_NODE_TYPE,
): Promise<{ results: Array<{ name: string; value: string }> }> {
	const { nodes, credentials: credentialTypes } = loadPackage();
	const nodeType = nodes[nodeTypeName];
	const node = {
		id: '2',
		name: 'Hugging Face TGI',
		type: nodeTypeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'TGI test' } },
	};
	const nodeTypes = new TestNodeTypes({ [nodeTypeName]: nodeType });
	const workflow = new Workflow({
		nodes: [node] as any,
		connections: {},
		active: false,
		nodeTypes: nodeTypes as any,
	});
	const helper = new TestCredentialsHelper(credentialTypes, { [CREDENTIAL_TYPE]: credentials });
	const hooks = new ExecutionLifecycleHooks('internal', 'load-options', {} as any);
	const context = new LoadOptionsContext(
		workflow,
		node as any,
		additionalData(helper, hooks),
		'parameters.modelId',
	);
	return await nodeType.methods.listSearch.searchModels.call(context, filter);
}
