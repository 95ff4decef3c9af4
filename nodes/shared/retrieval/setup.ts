import type { ISupplyDataFunctions } from 'n8n-workflow';

import { n8nAiRuntime, type N8nAiRuntime } from '../n8nAi';
import type { RetrievalOptionValues } from '../settings/retrieval';
import { withServerProfile } from '../transport/detect';
import { getConnection, type ServerConnection } from '../transport/transport';

/** What both retrieval sub-nodes start from: n8n's AI runtime, the model, the options, the server. */
export interface RetrievalSetup {
	runtime: N8nAiRuntime;
	model: string;
	values: RetrievalOptionValues;
	connection: ServerConnection;
}

/** Reads a retrieval sub-node's parameters and its credential's server (detected once, cached). */
export async function retrievalSetup(
	this: ISupplyDataFunctions,
	itemIndex: number,
): Promise<RetrievalSetup> {
	const runtime = await n8nAiRuntime(this);
	const model = this.getNodeParameter('modelId', itemIndex, '', { extractValue: true });
	const values = this.getNodeParameter('options', itemIndex, {}) as RetrievalOptionValues;
	const signal = this.getExecutionCancelSignal?.();
	const connection = await withServerProfile.call(this, await getConnection.call(this), signal);
	return { runtime, model: typeof model === 'string' ? model : '', values, connection };
}
