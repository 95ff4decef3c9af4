/**
 * The one guard between a node and a server: a node asks the dialect for a task (chat, streamed
 * chat, embed, rerank, TGI's native generate and info, the model list, prices); the dialect's task
 * object comes back, or the one clear "this server does not serve it" error, before anything is sent.
 */
import { describeProfile } from './profile';
import { TGI_GENERATE, TGI_INFO } from './tgi';
import type { ServerProfile, TaskTable, Unfit } from './types';

/** A request the credential's server does not serve (chat of TEI, embeddings of TGI), refused before sending. */
export class WrongServerError extends Error {
	constructor(
		readonly profile: ServerProfile,
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

/** The tasks a node may ask for: every task of the table. */
export type Tasks = TaskTable;

/** Why a server does not serve a task: the message and how to fix it. */
type Refusal = (profile: ServerProfile) => { message: string; fix: string };

/** "This credential's server is TEI (detected), which serves embeddings and reranking, not chat completions". */
const notServed = (profile: ServerProfile, wanted: string) =>
	`This credential's server is ${describeProfile(profile)}, which serves ${profile.dialect.serves}, not ${wanted}`;

const RETRIEVAL_SERVERS =
	'TEI, vLLM, SGLang or llama.cpp (--embeddings, --reranking) serving an embedding or reranker model';

/** TGI's native operations, named as the node shows them. */
const native =
	(operation: string): Refusal =>
	(profile) => ({
		message: `${operation} needs a TGI server; this credential's server is ${describeProfile(profile)}`,
		fix: "TGI's native routes (/generate, /info) exist on a self-hosted TGI and on Inference Endpoints running TGI, not on the HF router, vLLM, SGLang or llama.cpp. Use Chat → Message a Model there, or, if this server is TGI, set the credential's Server Type to Text Generation Inference.",
	});

const chat: Refusal = (profile) => ({
	message: notServed(profile, 'chat completions'),
	fix: 'Point the credential at a server that generates text (TGI, vLLM, SGLang, llama.cpp, the HF router), or set its Server Type if it was detected wrong.',
});

const REFUSALS: Record<keyof Tasks, Refusal> = {
	chat,
	chatStream: chat,
	embed: (profile) => ({
		message: notServed(profile, 'embeddings or reranking'),
		fix: `Point this node's credential at ${RETRIEVAL_SERVERS}, or set its Server Type if it was detected wrong. TGI generates text only.`,
	}),
	rerank: (profile) => ({
		message: notServed(profile, 'reranking'),
		fix: `Point the Reranker's credential at ${RETRIEVAL_SERVERS.replace('an embedding or reranker', 'a reranker')}, or set its Server Type if it was detected wrong.`,
	}),
	classify: (profile) => ({
		message: notServed(profile, 'classification'),
		fix: "Classify needs TEI serving a sequence-classification model (TEI's /predict). Point the credential at one, or set its Server Type if it was detected wrong.",
	}),
	tokenize: (profile) => ({
		message: notServed(profile, 'tokenization'),
		fix: 'Count Tokens needs a server with its own /tokenize: TGI, TEI, vLLM or llama.cpp (the HF router has none). Point the credential at one, or set its Server Type if it was detected wrong.',
	}),
	chatTokenize: (profile) => ({
		message: notServed(profile, 'tokenization of chat messages'),
		fix: "Counting chat messages' tokens needs TGI (/chat_tokenize) or vLLM (/tokenize with messages). Count a text instead (Input: Text), or point the credential at one of those.",
	}),
	generate: native('Generate Text'),
	info: native('Get Server Info'),
	models: (profile) => ({
		message: notServed(profile, 'a model list'),
		fix: "Type the model's ID instead.",
	}),
	price: (profile) => ({
		message: notServed(profile, 'prices'),
		fix: 'Prices per provider come from the HF router only.',
	}),
};

/** Where detection could not tell (GET /info did not answer), TGI's native routes are tried: the answer says what went wrong. */
const WHEN_UNSURE: Partial<Tasks> = { generate: TGI_GENERATE, info: TGI_INFO };

/**
 * The server's task object for `task`, or a WrongServerError saying it does not serve it (and
 * what does), before anything is sent.
 */
export function servedTask<K extends keyof Tasks>(profile: ServerProfile, task: K): Tasks[K] {
	const served =
		profile.dialect.tasks[task] ?? (profile.how === 'fallback' ? WHEN_UNSURE[task] : undefined);
	if (served !== undefined) {
		// A served task may still not fit the server's model (a TEI serving embeddings asked to classify).
		const unfit = (served as { unfit?: (limits: unknown) => Unfit | undefined }).unfit?.(
			profile.limits,
		);
		if (unfit) throw new WrongServerError(profile, unfit.message, unfit.fix);
		return served as Tasks[K];
	}
	const { message, fix } = REFUSALS[task](profile);
	throw new WrongServerError(profile, message, fix);
}
