/**
 * The two dialects a credential's server speaks: TGI's (self-hosted TGI, Inference Endpoints on
 * TGI) and OpenAI's (the HF router's providers, vLLM, SGLang, llama.cpp). Which one, and why.
 */

import { isPlainObject } from './guards';

export type Dialect = 'tgi' | 'openai';

/** The credential's Server Type: a dialect, or `auto` (detect it). */
export type ServerType = 'auto' | Dialect;

/** What TGI's `GET /info` says about its limits (unset when not known). */
export interface TgiLimits {
	maxStopSequences?: number;
	maxTotalTokens?: number;
	maxInputTokens?: number;
}

/** The dialect a request is sent in, how it was chosen, and the server's limits when known. */
export interface ServerProfile {
	dialect: Dialect;
	/** `credential`: Server Type set; `router`: the HF router's address; `detected`: GET /info answered; `fallback`: unsure. */
	how: 'credential' | 'router' | 'detected' | 'fallback';
	limits?: TgiLimits;
}

export const DIALECT_NAMES: Record<Dialect, string> = {
	tgi: 'TGI',
	openai: 'OpenAI-compatible',
};

/** The credential's Server Type as set; anything else (older credentials: unset) is `auto`. */
export function readServerType(value: unknown): ServerType {
	return value === 'tgi' || value === 'openai' ? value : 'auto';
}

/** The HF router (router.huggingface.co): its providers all speak OpenAI's dialect. */
export function isHfRouter(baseUrl: string): boolean {
	try {
		return new URL(baseUrl.trim()).hostname.toLowerCase() === 'router.huggingface.co';
	} catch {
		return false;
	}
}

/**
 * The profile known without asking the server: the Server Type the user chose, or the router's
 * address. Undefined when the server must be asked (`GET {Base URL}/info`).
 */
export function knownProfile(serverType: ServerType, baseUrl: string): ServerProfile | undefined {
	if (serverType !== 'auto') return { dialect: serverType, how: 'credential' };
	if (isHfRouter(baseUrl)) return { dialect: 'openai', how: 'router' };
	return undefined;
}

const positive = (value: unknown) =>
	typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * The profile from what `GET {Base URL}/info` answered: TGI's Info (a `model_id` and its token
 * limits) means TGI; anything else (404, another JSON) means an OpenAI-compatible server.
 */
export function profileFromInfo(info: unknown): ServerProfile {
	const isTgi =
		isPlainObject(info) &&
		typeof info.model_id === 'string' &&
		(typeof info.max_total_tokens === 'number' || info.router === 'text-generation-router');
	if (!isTgi) return { dialect: 'openai', how: 'detected' };
	const limits: TgiLimits = {
		maxStopSequences: positive(info.max_stop_sequences),
		maxTotalTokens: positive(info.max_total_tokens),
		maxInputTokens: positive(info.max_input_tokens) ?? positive(info.max_input_length),
	};
	return { dialect: 'tgi', how: 'detected', limits };
}

/** How the profile reads in messages: "TGI (detected)", "OpenAI-compatible (set in the credential)". */
export function describeProfile(profile: ServerProfile): string {
	const how = {
		credential: 'set in the credential',
		router: 'the HF router',
		detected: 'detected',
		fallback: 'assumed: GET /info did not answer',
	}[profile.how];
	return `${DIALECT_NAMES[profile.dialect]} (${how})`;
}

/**
 * Remembers detected profiles per key (credential and Base URL) for `ttlMs`, so a redeployed
 * endpoint is detected again; concurrent lookups of one key share one detection.
 */
export class ProfileCache {
	private readonly entries = new Map<string, { at: number; profile: Promise<ServerProfile> }>();

	constructor(
		private readonly ttlMs: number,
		private readonly now: () => number = Date.now,
	) {}

	async get(key: string, detect: () => Promise<ServerProfile>): Promise<ServerProfile> {
		const entry = this.entries.get(key);
		if (entry && this.now() - entry.at < this.ttlMs) return await entry.profile;
		const profile = detect();
		this.entries.set(key, { at: this.now(), profile });
		const forget = () => {
			if (this.entries.get(key)?.profile === profile) this.entries.delete(key);
		};
		// Only an answer is remembered: an unsure guess, or a failed detection, is tried again next time.
		profile.then((result) => {
			if (result.how === 'fallback') forget();
		}, forget);
		return await profile;
	}

	clear(): void {
		this.entries.clear();
	}
}
