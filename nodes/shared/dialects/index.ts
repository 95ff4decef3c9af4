/**
 * The dialects a credential's server may speak, and how the one in use is chosen: the Server Type
 * the user set, the HF router's address, or what `GET {Base URL}/info` answered. Code asks the
 * chosen dialect object (types.ts) what differs; nothing compares a dialect's name.
 */
import { OPENAI_COMPATIBLE } from './openai';
import { TEI } from './tei';
import { TGI } from './tgi';
import type { ChatDialect, DialectId, FinishReason, ServerDialect, ServerProfile } from './types';

export { OPENAI_COMPATIBLE } from './openai';
export { TEI } from './tei';
export { TGI, TGI_CHAT, TGI_RULES } from './tgi';
export type * from './types';

/** Every dialect, in the order detection asks them. */
export const DIALECTS: readonly ServerDialect[] = [TGI, TEI, OPENAI_COMPATIBLE];

/** A server no dialect recognised (or that did not say) is taken as OpenAI-compatible. */
export const FALLBACK_DIALECT: ServerDialect = OPENAI_COMPATIBLE;

/** The credential's Server Type: a dialect's id, or `auto` (detect it). */
export type ServerType = 'auto' | DialectId;

const byId = (id: unknown) => DIALECTS.find((dialect) => dialect.id === id);

/** The credential's Server Type as set; anything else (older credentials: unset) is `auto`. */
export function readServerType(value: unknown): ServerType {
	return byId(value)?.id ?? 'auto';
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
	const chosen = byId(serverType);
	if (chosen) return { dialect: chosen, how: 'credential' };
	if (isHfRouter(baseUrl)) return { dialect: OPENAI_COMPATIBLE, how: 'router' };
	return undefined;
}

/** The profile from what `GET {Base URL}/info` answered: the dialect that recognises it, else the fallback. */
export function profileFromInfo(info: unknown): ServerProfile {
	const dialect = DIALECTS.find((candidate) => candidate.recognisesInfo(info));
	if (!dialect) return { dialect: FALLBACK_DIALECT, how: 'detected' };
	return {
		dialect,
		how: 'detected',
		limits: dialect.limitsFromInfo(info as Record<string, unknown>),
	};
}

/** When detection could not tell: the fallback dialect, asked again next time. */
export const unsureProfile = (): ServerProfile => ({ dialect: FALLBACK_DIALECT, how: 'fallback' });

/** When the server answered that it has no /info: the fallback dialect, for sure. */
export const noInfoProfile = (): ServerProfile => ({ dialect: FALLBACK_DIALECT, how: 'detected' });

/** How the profile reads in messages: "TGI (detected)", "OpenAI-compatible (set in the credential)". */
export function describeProfile(profile: ServerProfile): string {
	const how = {
		credential: 'set in the credential',
		router: 'the HF router',
		detected: 'detected',
		fallback: 'assumed: GET /info did not answer',
	}[profile.how];
	return `${profile.dialect.name} (${how})`;
}

/**
 * Finish reasons as every dialect spells them, in one vocabulary: the union, so an answer is
 * read right even when the server was not detected for sure.
 */
const FINISH_REASONS: Record<string, FinishReason> = Object.assign(
	{},
	...DIALECTS.map((dialect) => dialect.chat?.finishReasons ?? {}),
);

/** A finish_reason in the normalised vocabulary, or undefined when no dialect spells it so. */
export const knownFinishReason = (raw: string): FinishReason | undefined =>
	FINISH_REASONS[raw.toLowerCase()];

/** A server asked for chat completions that does not generate text (TEI). */
export class NotAChatServerError extends Error {
	constructor(
		readonly profile: ServerProfile,
		readonly description: string,
	) {
		super(
			`This credential's server is ${describeProfile(profile)}, which serves ${profile.dialect.serves}, not chat completions`,
		);
	}
}

/** The server's chat dialect; a server that generates no text is refused before anything is sent. */
export function chatDialectOf(profile: ServerProfile): ChatDialect {
	if (profile.dialect.chat) return profile.dialect.chat;
	throw new NotAChatServerError(
		profile,
		'Point the credential at a server that generates text (TGI, vLLM, SGLang, llama.cpp, the HF router), or set its Server Type if it was detected wrong.',
	);
}
