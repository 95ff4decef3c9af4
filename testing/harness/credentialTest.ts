/**
 * The credential test as n8n's editor runs it on Save (packages/cli CredentialsTester, which is
 * not published): the credential's `test.request` goes through n8n-core's RoutingNode with the
 * credential injected, and its `rules` turn failing status codes into the message the user sees.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	additionalData,
	ExecuteContext,
	ExecutionLifecycleHooks,
	loadPackage,
	RoutingNode,
	TestCredentialsHelper,
	Workflow,
} from './n8nEngine';

/** Runs the credential's test with these (decrypted) values, as n8n does on Save. */
export async function testCredential(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { credentials: credentialTypes } = loadPackage();
	const { test } = credentialTypes[credentialType];
	const nodeType = {
		description: {
			name: 'mock',
			displayName: 'Mock',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'mock',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'cred-1', name: 'test' } },
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node] as any,
		connections: {},
		active: false,
		nodeTypes: nodeTypes as any,
	});
	const helper = new TestCredentialsHelper(credentialTypes, { [credentialType]: data });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', {} as any);
	const context = new ExecuteContext(
		workflow,
		node as any,
		additionalData(helper, hooks),
		'internal',
		{ resultData: { runData: {} } } as any,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null } as any,
		[],
	);
	const credentialsDecrypted = { id: 'cred-1', name: 'test', type: credentialType, data };
	try {
		await new RoutingNode(context, nodeType as any, credentialsDecrypted).runNode();
	} catch (error) {
		const response = (error as any).cause?.response;
		if (response) {
			const rule = (test.rules ?? []).find(
				(r: any) => r.type === 'responseCode' && r.properties.value === response.status,
			);
			if (rule) return { status: 'Error', message: rule.properties.message };
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
		const code = (error as any).cause?.code;
		return { status: 'Error', message: code ?? (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
