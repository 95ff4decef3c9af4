/** The example and E2E workflows, the credentials they point at, and reading `n8n execute` runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { TestServer } from '../../helpers/tgi';
import { API_KEY } from '../../helpers/tgi';

const root = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES_DIR = path.join(root, 'examples');
export const E2E_WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');

export interface WorkflowFile {
	file: string;
	id: string;
	name: string;
	credentialIds: string[];
}

export function workflowFiles(dir: string): WorkflowFile[] {
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = path.join(dir, name);
			const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
			const credentialIds = workflow.nodes.flatMap(
				(node: { credentials?: Record<string, { id: string }> }) =>
					Object.values(node.credentials ?? {}).map((credential) => credential.id),
			);
			return { file, id: workflow.id, name: workflow.name, credentialIds };
		});
}

/** The credential IDs the example workflows use: one for the HF router, one for a self-hosted TGI. */
export const CREDENTIAL_IDS = { router: 'hfTgiRouterCred1', selfHosted: 'hfTgiSelfHost001' };

export type UrlShape = 'self-hosted' | 'router';

/** Both example credentials, pointing at the test server in one URL shape. */
export function credentialsFor(shape: UrlShape, server: TestServer, apiKey = API_KEY) {
	const data =
		shape === 'self-hosted'
			? { apiKey, baseUrl: server.url, apiVersion: 'v1' }
			: { apiKey, baseUrl: `${server.url}/novita`, apiVersion: 'v3/openai' };
	return [
		{ id: CREDENTIAL_IDS.router, name: 'Hugging Face router', type: 'huggingFaceTgiApi', data },
		{ id: CREDENTIAL_IDS.selfHosted, name: 'Self-hosted TGI', type: 'huggingFaceTgiApi', data },
	];
}

export interface RunItem {
	json: Record<string, unknown> & { content?: string; error?: string; message?: string };
	pairedItem?: { item: number } | Array<{ item: number }>;
}

/** Items a node sent to one of its outputs in an `n8n execute --rawOutput` run. */
type RunData = Record<string, Array<{ data: { main: RunItem[][] } }>>;

export function nodeOutput(
	run: { data?: { resultData?: { runData?: RunData } } },
	nodeName: string,
	outputIndex = 0,
): RunItem[] {
	const runData = run?.data?.resultData?.runData ?? {};
	const runs = runData[nodeName];
	if (!runs)
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(runData).join(', ')}`,
		);
	return runs[0].data.main[outputIndex] ?? [];
}

export function pairedIndexes(items: RunItem[]): number[] {
	return items.map((item) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		return paired?.item ?? -1;
	});
}
