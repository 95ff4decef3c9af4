// @ts-check
/**
 * The credential test as n8n's editor runs it on Save (packages/cli CredentialsTester, which is
 * not published): the credential's `test.request` goes through n8n-core's RoutingNode with the
 * credential injected, and its `rules` turn failing status codes into the message the user sees.
 */
const {
	loadPackage,
	TestCredentialsHelper,
	additionalData,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	Workflow,
} = require('./n8nEngine');

/**
 * @param {string} credentialType
 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} data the decrypted credential
 * @returns {Promise<{status: 'OK' | 'Error', message: string}>}
 */
async function testCredential(credentialType, data) {
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
		nodes: /** @type {any} */ ([node]),
		connections: {},
		active: false,
		nodeTypes: /** @type {any} */ (nodeTypes),
	});
	const helper = new TestCredentialsHelper(credentialTypes, { [credentialType]: data });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', /** @type {any} */ ({}));
	const context = new ExecuteContext(
		workflow,
		/** @type {any} */ (node),
		additionalData(helper, hooks),
		'internal',
		/** @type {any} */ ({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		/** @type {any} */ ({ node, data: {}, source: null }),
		[],
	);
	const credentialsDecrypted = { id: 'cred-1', name: 'test', type: credentialType, data };
	try {
		await new RoutingNode(context, /** @type {any} */ (nodeType), credentialsDecrypted).runNode();
	} catch (error) {
		const response = /** @type {any} */ (error).cause?.response;
		if (response) {
			const rule = (test.rules ?? []).find(
				(/** @type {any} */ r) =>
					r.type === 'responseCode' && r.properties.value === response.status,
			);
			if (rule) return { status: 'Error', message: rule.properties.message };
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
		const code = /** @type {any} */ (error).cause?.code;
		return { status: 'Error', message: code ?? /** @type {Error} */ (error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

module.exports = { testCredential };
