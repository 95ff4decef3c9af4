/**
 * The one guard between a node and a server: a node asks the dialect for a task it needs (chat,
 * embed, rerank, TGI's native generate and info); the dialect's part comes back, or the one clear
 * "this server does not serve it" error, before anything is sent.
 */
import { describeProfile } from './profile';
import type {
	ChatDialect,
	NativeRoutes,
	RerankRoute,
	RetrievalDialect,
	ServerProfile,
} from './types';

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

/** What each task is answered with. */
export interface Tasks {
	chat: ChatDialect;
	embed: RetrievalDialect;
	rerank: RerankRoute;
	/** TGI's native routes, at the server root. */
	generate: NativeRoutes;
	info: NativeRoutes;
}

/** TGI's native routes, where detection could not tell (the request is then sent and says for itself). */
const TGI_NATIVE: NativeRoutes = { generate: 'generate', info: 'info' };

interface Task<T> {
	/** The dialect's part for the task, or undefined when it does not serve it. */
	of(profile: ServerProfile): T | undefined;
	/** The refusal: its message and how to fix it. */
	refusal(profile: ServerProfile): { message: string; fix: string };
}

/** "This credential's server is TEI (detected), which serves embeddings and reranking, not chat completions". */
const notServed = (profile: ServerProfile, wanted: string) =>
	`This credential's server is ${describeProfile(profile)}, which serves ${profile.dialect.serves}, not ${wanted}`;

const RETRIEVAL_SERVERS =
	'TEI, vLLM, SGLang or llama.cpp (--embeddings, --reranking) serving an embedding or reranker model';

/** TGI's native operations, named as the node shows them. */
const native = (operation: string): Task<NativeRoutes> => ({
	// Unsure (GET /info did not answer): sent anyway, and the answer says what went wrong itself.
	of: (profile) => profile.dialect.native ?? (profile.how === 'fallback' ? TGI_NATIVE : undefined),
	refusal: (profile) => ({
		message: `${operation} needs a TGI server; this credential's server is ${describeProfile(profile)}`,
		fix: "TGI's native routes (/generate, /info) exist on a self-hosted TGI and on Inference Endpoints running TGI, not on the HF router, vLLM, SGLang or llama.cpp. Use Chat → Message a Model there, or, if this server is TGI, set the credential's Server Type to Text Generation Inference.",
	}),
});

const TASKS: { [K in keyof Tasks]: Task<Tasks[K]> } = {
	chat: {
		of: (profile) => profile.dialect.chat,
		refusal: (profile) => ({
			message: notServed(profile, 'chat completions'),
			fix: 'Point the credential at a server that generates text (TGI, vLLM, SGLang, llama.cpp, the HF router), or set its Server Type if it was detected wrong.',
		}),
	},
	embed: {
		of: (profile) => profile.dialect.retrieval,
		refusal: (profile) => ({
			message: notServed(profile, 'embeddings or reranking'),
			fix: `Point this node's credential at ${RETRIEVAL_SERVERS}, or set its Server Type if it was detected wrong. TGI generates text only.`,
		}),
	},
	rerank: {
		of: (profile) => profile.dialect.retrieval?.rerank,
		refusal: (profile) => ({
			message: notServed(profile, 'reranking'),
			fix: `Point the Reranker's credential at ${RETRIEVAL_SERVERS.replace('an embedding or reranker', 'a reranker')}, or set its Server Type if it was detected wrong.`,
		}),
	},
	generate: native('Generate Text'),
	info: native('Get Server Info'),
};

/**
 * What the server's dialect does for `task`, or a WrongServerError saying it does not serve it
 * (and what does), before anything is sent.
 */
export function servedTask<K extends keyof Tasks>(profile: ServerProfile, task: K): Tasks[K] {
	const guard = TASKS[task] as Task<Tasks[K]>;
	const part = guard.of(profile);
	if (part !== undefined) return part;
	const { message, fix } = guard.refusal(profile);
	throw new WrongServerError(profile, message, fix);
}
