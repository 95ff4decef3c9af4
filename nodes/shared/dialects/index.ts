/**
 * The dialects a credential's server may speak, and how the one in use is chosen: the Server Type
 * the user set, the address (the HF router's), or what `GET {Base URL}/info` answered. Code asks
 * the chosen dialect object (types.ts) what differs; nothing compares a dialect's name.
 */
import { OPENAI_COMPATIBLE } from './openai';
import { HF_ROUTER } from './router';
import { TEI } from './tei';
import { TGI } from './tgi';
import type { FinishReason, ServerDialect, ServerProfile } from './types';

export { OPENAI_COMPATIBLE } from './openai';
export { HF_ROUTER, routedModel } from './router';
export { TEI } from './tei';
export { TGI, TGI_CHAT, TGI_RULES } from './tgi';
export { describeProfile } from './profile';
export { servedTask, type Tasks, WrongServerError } from './tasks';
export type * from './types';

/** Every dialect, in the order detection asks them. */
export const DIALECTS: readonly ServerDialect[] = [HF_ROUTER, TGI, TEI, OPENAI_COMPATIBLE];

/** A server no dialect recognised (or that did not say) is taken as OpenAI-compatible. */
export const FALLBACK_DIALECT: ServerDialect = OPENAI_COMPATIBLE;

/** The credential's Server Type: a dialect's id, or `auto` (detect it). */
export type ServerType = string;

const byId = (id: unknown) => DIALECTS.find((dialect) => dialect.id === id);

/** The credential's Server Type as set; anything else (older credentials: unset) is `auto`. */
export function readServerType(value: unknown): ServerType {
	return byId(value)?.id ?? 'auto';
}

const byAddress = (baseUrl: string) =>
	DIALECTS.find((dialect) => dialect.recognisesAddress?.(baseUrl));

/**
 * The profile known without asking the server: the Server Type the user chose, or the address (the
 * HF router's). OpenAI-Compatible chosen for the router's own address is the router: it speaks
 * OpenAI's dialect, and its routing, prices and feature extraction apply as well. Undefined when
 * the server must be asked (`GET {Base URL}/info`).
 */
export function knownProfile(serverType: ServerType, baseUrl: string): ServerProfile | undefined {
	const chosen = byId(serverType);
	const known = byAddress(baseUrl);
	if (known && (!chosen || chosen === OPENAI_COMPATIBLE)) return { dialect: known, how: 'address' };
	if (chosen) return { dialect: chosen, how: 'credential' };
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

/**
 * Finish reasons as every dialect spells them, in one vocabulary: the union, so an answer is
 * read right even when the server was not detected for sure.
 */
const FINISH_REASONS: Record<string, FinishReason> = Object.assign(
	{},
	...DIALECTS.map((dialect) => dialect.tasks.chat?.finishReasons ?? {}),
);

/** A finish_reason in the normalised vocabulary, or undefined when no dialect spells it so. */
export const knownFinishReason = (raw: string): FinishReason | undefined =>
	FINISH_REASONS[raw.toLowerCase()];
