/**
 * Which dialect the credential's server speaks: the Server Type the user chose, the HF router's
 * address, or — for any other address — one `GET {Base URL}/info`, remembered per credential and
 * Base URL for a few minutes (so a redeployed endpoint is detected again).
 */
import {
	knownProfile,
	noInfoProfile,
	profileFromInfo,
	type ServerProfile,
	unsureProfile,
} from '../dialects';
import { serverKey, type Connection, type NodeContext } from './connection';
import type { ServerConnection } from './core';
import { ProfileCache } from './profileCache';
import { NO_RETRIES } from './retry';
import { sendRequest } from './transport';
import { baseUrlProblem } from './url';

/** How long a detected dialect is trusted. */
export const DETECTION_TTL_MS = 5 * 60_000;
/** The probe is one quick GET: a server that takes longer is not waited for. */
const PROBE_TIMEOUT_MS = 10_000;

const cache = new ProfileCache(DETECTION_TTL_MS);

/** Forgets every detected dialect (tests; a credential saved with a new Base URL gets a new key anyway). */
export const forgetDetectedServers = () => cache.clear();

/** Statuses that mean "nothing at /info" for sure. Others (401, 5xx, no answer) leave it open. */
const NO_INFO = ['404', '405'];

async function probe(
	this: NodeContext,
	connection: Connection,
	signal?: AbortSignal,
): Promise<ServerProfile> {
	try {
		// Before any dialect is known: the one route every server that describes itself has.
		const { body: info } = await sendRequest.call(
			this,
			connection,
			{ method: 'GET', path: 'info', root: true, timeoutMs: PROBE_TIMEOUT_MS },
			{ retry: NO_RETRIES, signal },
		);
		return profileFromInfo(info);
	} catch (error) {
		// Never thrown: detection may be shared by executions, and the request that follows reports
		// a cancel or an unreachable server in its own words.
		const status = (error as { httpCode?: unknown }).httpCode;
		return typeof status === 'string' && NO_INFO.includes(status)
			? noInfoProfile()
			: unsureProfile();
	}
}

/**
 * The server's profile for this connection. Asks the server only when the credential's Server
 * Type is Auto-detect and the Base URL is not the HF router; an unsure answer means the fallback.
 */
export async function serverProfile(
	this: NodeContext,
	connection: Connection,
	signal?: AbortSignal,
): Promise<ServerProfile> {
	const known = knownProfile(connection.serverType, connection.baseUrl);
	if (known && !known.dialect.limitsNeedInfo) return known;
	// A Base URL that can't be used is reported by the request itself, with its own message.
	if (baseUrlProblem(connection.baseUrl)) return known ?? unsureProfile();
	const key = serverKey.call(this, connection.baseUrl);
	const detected = await cache.get(key, async () => await probe.call(this, connection, signal));
	if (!known) return detected;
	// The Server Type set in the credential, with the limits its /info gave when it answered as that server.
	return detected.dialect === known.dialect ? { ...known, limits: detected.limits } : known;
}

/** The connection with its server's profile: what every request of an execution is sent as. */
export async function withServerProfile(
	this: NodeContext,
	connection: Connection,
	signal?: AbortSignal,
): Promise<ServerConnection> {
	return { ...connection, server: await serverProfile.call(this, connection, signal) };
}
