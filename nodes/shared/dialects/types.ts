/**
 * What a server dialect is: one object the code asks whatever differs between servers — how
 * detection recognises it, which routes it has, its error hints, and, for a server that generates
 * text, its JSON-mode form and the forms it takes, its rules for a chat body, the finish reasons it
 * sends. Pure data and functions.
 */
import type { FinishReason } from '../wire/response';
import type { EmbedOptions, RerankOptions } from '../wire/retrievalBodies';
import type { Adapted, Json, SchemaOption } from '../wire/responseFormat';
import type { ModelEntry } from '../wire/models';
import type { Rules } from '../wire/rules';

/** The credential's Server Type values, one per dialect. */
export type DialectId = 'tgi' | 'openai' | 'tei' | 'router';

export type { FinishReason } from '../wire/response';
export type { EmbedOptions, RerankOptions } from '../wire/retrievalBodies';

/** What a server's own description (`GET /info`) says about its limits (unset when not known). */
export interface ServerLimits {
	maxStopSequences?: number;
	maxTotalTokens?: number;
	maxInputTokens?: number;
	/** TEI's max_client_batch_size: more inputs in one request are refused (413, 422 since TEI 1.9). */
	maxClientBatchSize?: number;
	/** TEI's auto_truncate: what it does with an over-long text when a request does not say (on since TEI 1.9). */
	autoTruncate?: boolean;
}

/** A chat body's problem that no single field's rule sees: the key to name, and why. */
export interface BodyProblem {
	key: string;
	problem: string;
}

/** What a server that generates text does with chat completions. */
export interface ChatDialect {
	/** The node's Response Format "JSON" as this server's response_format. */
	jsonMode(option: SchemaOption): Json;
	/** A response_format the user wrote: kept, converted from the other dialect's form, or refused. */
	adaptResponseFormat(format: Json): Adapted;
	/** The response_format shape to show when the user's is not an object. */
	readonly responseFormatExample: string;

	/** The rules for a chat completion body, with the server's limits when known. */
	chatRules(limits?: ServerLimits): Rules;
	/** Problems across fields (a combination this server refuses). */
	checkChatBody(body: Record<string, unknown>): BodyProblem | undefined;

	/** The finish_reason words this server sends, in the normalised vocabulary. */
	readonly finishReasons: Readonly<Record<string, FinishReason>>;
}

/** A retrieval request as a server's route takes it. */
export interface RouteRequest {
	/** Below `{Base URL}/{API Version}`, or below `{Base URL}` with `root`. */
	path: string;
	root?: boolean;
	body: Record<string, unknown>;
}

/** Where the credential points, as a retrieval route needs to know it (the HF router's provider). */
export interface Endpoint {
	baseUrl: string;
	apiVersion: string;
}

/**
 * Models for a task listed by the Hub rather than the server (the HF router's `/v1/models` lists
 * chat models only): the Hub's model search, asked without the credential.
 */
export interface HubModelSearch {
	/** The search's absolute address for this endpoint and what the user typed. */
	url(endpoint: Endpoint, filter: string): string;
	read(response: unknown): ModelEntry[];
}

/** A server's rerank route. */
export interface RerankRoute {
	/** The Reranker options this server takes. */
	readonly options: ReadonlyArray<keyof RerankOptions>;
	/** The request scoring `texts` against `query`. */
	request(query: string, texts: string[], options: RerankOptions): RouteRequest;
}

/** What a server that embeds (and maybe reranks) does with those requests. */
export interface RetrievalDialect {
	/** The Embeddings options this server takes: another one set is refused before sending. */
	embedOptions(endpoint: Endpoint): ReadonlyArray<keyof EmbedOptions>;
	/** The request embedding `texts`. */
	embed(texts: string[], options: EmbedOptions, endpoint: Endpoint): RouteRequest;
	/** Throws a FieldError when this endpoint's route needs a setting the options lack or can't take (the router's model). */
	checkEmbed?(options: EmbedOptions, endpoint: Endpoint): void;
	/** Reranking, where the server has a route for it (the HF router has none). */
	readonly rerank?: RerankRoute;
	/** Where the embedding models are listed, when not in the server's own model list. */
	readonly embedModels?: HubModelSearch;
}

/**
 * A gateway that routes a Hub model ID to a provider (the HF router): `model:cheapest`,
 * `model:fastest`, `model:preferred`, `model:<provider>` — on its unified endpoint only.
 */
export interface Routing {
	/** Why the Routing Policy can't apply at this endpoint (a provider's own route), or undefined. */
	problem(endpoint: Endpoint): string | undefined;
}

/** Where a server prices a model per provider (the HF router's `GET /v1/models/{id}`). */
export interface Pricing {
	/** The one model's route, below the server's origin (whatever provider route the Base URL names). */
	path(modelId: string): string;
}

/** TGI's native routes, below the server root. */
export interface NativeRoutes {
	generate: string;
	info: string;
}

/** Where a server lists the models it serves, and how to read the answer. */
export interface ModelList {
	path: string;
	root?: boolean;
	read(response: Record<string, unknown>): ModelEntry[];
}

export interface ServerDialect {
	/** The credential's Server Type value. */
	readonly id: DialectId;
	/** How messages name it: "TGI", "OpenAI-compatible", "TEI". */
	readonly name: string;
	/** What it serves, for messages that say why an operation does not fit it. */
	readonly serves: string;

	/** Detection by the address alone (the HF router's host), before anything is asked. */
	recognisesAddress?(baseUrl: string): boolean;
	/** Detection: whether `GET {Base URL}/info` answered this server's description. */
	recognisesInfo(info: unknown): boolean;
	/** The limits that description gives (recognised answers only). */
	limitsFromInfo(info: Record<string, unknown>): ServerLimits | undefined;
	/**
	 * Whether `GET /info` is asked for the limits even when the credential's Server Type names this
	 * dialect (TEI: its batch limit, above which it answers 413).
	 */
	readonly limitsNeedInfo: boolean;

	/** TGI's native routes at the server root (`POST /generate`, `GET /info`), where the server has them. */
	readonly native?: NativeRoutes;

	/** Chat completions, when the server generates text; undefined for an embeddings server (TEI). */
	readonly chat?: ChatDialect;
	/** Embeddings and rerank, when the server serves them; undefined for TGI. */
	readonly retrieval?: RetrievalDialect;
	/** The model picker's source: OpenAI's `GET …/models`, TEI's `GET /info`. */
	readonly models: ModelList;
	/** Routing a model to a provider, where the server does (the HF router). */
	readonly routing?: Routing;
	/** Prices per provider, where the server gives them (the HF router). */
	readonly pricing?: Pricing;

	/** Hints by HTTP status that replace the general ones for this server. */
	readonly hints: Partial<Record<number, string>>;
	/**
	 * A hint that depends on the server's own words as well as the status (one status, several
	 * causes: TEI's 413 for too many texts and for too large a body); undefined to use `hints`.
	 */
	hintFor?(status: number, message: string | undefined, limits?: ServerLimits): string | undefined;
	/** The hint for an input longer than the model takes: how to fix it on this server. */
	readonly contextHint: string;
}

/** The dialect a request is sent in, how it was chosen, and the server's limits when known. */
export interface ServerProfile {
	dialect: ServerDialect;
	/** `credential`: Server Type set; `address`: known by its address (the HF router); `detected`: GET /info answered; `fallback`: unsure. */
	how: 'credential' | 'address' | 'detected' | 'fallback';
	limits?: ServerLimits;
}
