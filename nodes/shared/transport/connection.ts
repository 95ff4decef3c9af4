/**
 * Where requests go, with which key, in which dialect and under which shared budget: the
 * credential's values, read once per execution.
 */
import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	ISupplyDataFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readServerType, type ServerProfile, type ServerType } from '../dialects';
import { readApiKey, readCustomHeaders } from '../wire/customHeaders';
import { type AdaptiveLimit, sharedLimit } from './concurrency';
import { CredentialFieldError, FIX_FIELD, readMaxConcurrentRequests } from './credentialFields';
import type { Endpoint } from '../dialects/types';
import { UnexpectedResponseError } from '../wire/response';
import { secretRedactor } from './redact';
import { joinUrl } from './url';

export const CREDENTIAL_TYPE = 'huggingFaceTgiApi';

/** Where requests go and with which key: the credential's values, read once per execution. */
export interface Connection extends Endpoint {
	apiKey: string;
	/** The credential's Server Type. */
	serverType: ServerType;
	/** The credential's Custom Headers' values: secrets, redacted from errors like the key. */
	headerSecrets: string[];
	/** The dialect the server speaks, once known (detect.ts): picks the hints in error descriptions. */
	server?: ServerProfile;
	/** The in-flight limit all executions of this process share for this server (Max Concurrent Requests). */
	budget?: AdaptiveLimit;
	/**
	 * The credential as read once for the execution, handed to n8n's helper with every request so
	 * it is not fetched from n8n's database and decrypted again each time.
	 */
	decrypted?: ICredentialsDecrypted;
}

export type NodeContext = IExecuteFunctions | ILoadOptionsFunctions | ISupplyDataFunctions;

/** Replaces the credential's secrets (the key, every Custom Headers value) in a text. */
export const redactorFor = (connection: Pick<Connection, 'apiKey' | 'headerSecrets'>) =>
	secretRedactor([connection.apiKey, ...(connection.headerSecrets ?? [])]);

/**
 * An answer that could not be read, with the credential's secrets taken out of its message: a
 * reader's message quotes what the server answered (a proxy may echo the Authorization header).
 * Other errors come back as they are (the transport's are redacted already).
 */
export function redactedAnswerError(error: unknown, connection: Connection): unknown {
	if (error instanceof UnexpectedResponseError)
		return new UnexpectedResponseError(redactorFor(connection)(error.message));
	return error;
}

/** Reads an answer; a reader's failure comes out with the credential's secrets taken out of it. */
export function readAnswer<T>(connection: Connection, read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw redactedAnswerError(error, connection);
	}
}

/** One server as this process knows it: the credential and its Base URL (detection, shared budget). */
export function serverKey(this: NodeContext, baseUrl: string): string {
	const credentialId = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	return `${credentialId}\n${joinUrl(baseUrl)}`;
}

export async function getConnection(this: NodeContext): Promise<Connection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl ?? '');
	const { id = '', name = '' } = this.getNode().credentials?.[CREDENTIAL_TYPE] ?? {};
	let customHeaders: Record<string, string>;
	let apiKey: string;
	let cap: number | undefined;
	try {
		cap = readMaxConcurrentRequests(credentials.maxConcurrentRequests);
		customHeaders = readCustomHeaders(credentials.customHeaders);
		// Trimmed as the credential's authenticate() sends it, so redaction finds it in echoes.
		apiKey = readApiKey(credentials.apiKey);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: error instanceof CredentialFieldError ? FIX_FIELD[error.field] : undefined,
		});
	}
	return {
		baseUrl,
		apiVersion: String(credentials.apiVersion ?? ''),
		apiKey,
		serverType: readServerType(credentials.serverType),
		headerSecrets: Object.values(customHeaders),
		budget: sharedLimit(serverKey.call(this, baseUrl), cap),
		decrypted: { id: id ?? '', name, type: CREDENTIAL_TYPE, data: credentials },
	};
}
