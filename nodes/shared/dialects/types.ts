/**
 * What a server dialect is: one object the code asks whatever differs between servers — how
 * detection recognises it, its error hints, and a table of the tasks it serves (chat, streamed
 * chat, generate, info, models, price here; embed, rerank, classify, tokenize in textTaskTypes.ts),
 * each task an object with its route, its body from typed input and how its answer is read; a chat
 * task carries the dialect's policy (JSON-mode forms, rules, finish reasons). A request's shape and
 * the server's limits are in request.ts. Pure data and functions.
 */
import type { FinishReason } from '../wire/response';
import type { Adapted, Json, SchemaOption } from '../wire/responseFormat';
import type { ModelEntry, Price } from '../wire/models';
import type { StreamFormat } from '../wire/sse';
import type { Rules } from '../wire/rules';
import type { Endpoint, ServerLimits, TaskRequest } from './request';
import type {
	ChatTokenizeTask,
	ClassifyTask,
	EmbedTask,
	RerankTask,
	TokenizeTask,
} from './textTaskTypes';

export type { FinishReason } from '../wire/response';
export type { EmbedOptions, RerankOptions } from '../wire/retrievalBodies';
export type { ClassifyInput, ClassifyOptions, Prediction } from '../wire/classification';
export type { Token, Tokenized, TokenizeOptions } from '../wire/tokens';
export type * from './request';
export type * from './textTaskTypes';

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

/**
 * Chat completions: the dialect's policy for the body (chatBody.ts builds it), the route, and the
 * answer read as a chat completion in OpenAI's shape (what the nodes read).
 */
export interface ChatTask extends ChatDialect {
	request(body: Record<string, unknown>): TaskRequest;
	/** The answer as a chat completion in OpenAI's shape; throws an UnexpectedResponseError when it is none. */
	read(answer: unknown): Record<string, unknown>;
}

/** Streamed chat completions: the same body, streamed; the format frames and reads the chunks. */
export interface ChatStreamTask {
	request(body: Record<string, unknown>): TaskRequest & { answer: 'stream'; format: StreamFormat };
}

/** TGI's native `POST /generate`: the body is TGI's own (helpers/generate.ts). */
export interface GenerateTask {
	request(body: Record<string, unknown>): TaskRequest;
}

/** The server's description: TGI's `GET /info`. */
export interface InfoTask {
	request(): TaskRequest;
}

/** Where a server lists the models it serves, and how to read the answer. */
export interface ModelsTask {
	request(): TaskRequest;
	read(answer: unknown): ModelEntry[];
}

/** A model's price per provider (the HF router's `GET /v1/models/{id}`), below the server's origin. */
export interface PriceTask {
	request(modelId: string): TaskRequest;
	read(answer: unknown): Map<string, Map<string, Price>>;
}

/** Every task a server may serve, by name: what `servedTask` hands out. */
export interface TaskTable {
	chat: ChatTask;
	chatStream: ChatStreamTask;
	generate: GenerateTask;
	info: InfoTask;
	models: ModelsTask;
	embed: EmbedTask;
	rerank: RerankTask;
	classify: ClassifyTask;
	tokenize: TokenizeTask;
	chatTokenize: ChatTokenizeTask;
	price: PriceTask;
}

/**
 * A gateway that routes a Hub model ID to a provider (the HF router): `model:cheapest`,
 * `model:fastest`, `model:preferred`, `model:<provider>` — on its unified endpoint only.
 */
export interface Routing {
	/** Why the Routing Policy can't apply at this endpoint (a provider's own route), or undefined. */
	problem(endpoint: Endpoint): string | undefined;
}

/** The credential's Server Type option that names a dialect. */
export interface ServerTypeOption {
	/** As the credential lists it: "Text Generation Inference (TGI)". */
	name: string;
	description: string;
}

export interface ServerDialect {
	/** The credential's Server Type value. */
	readonly id: string;
	/** The credential's Server Type option for it. */
	readonly serverType: ServerTypeOption;
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

	/** The tasks this server serves, each with its route, body and answer reading. */
	readonly tasks: Partial<TaskTable> & Pick<TaskTable, 'models'>;
	/** Routing a model to a provider, where the server does (the HF router). */
	readonly routing?: Routing;

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
