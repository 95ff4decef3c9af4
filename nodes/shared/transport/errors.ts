/** Turns whatever a TGI server, an OpenAI-compatible server, the HF router or a proxy answered into a readable error. */

import { describeProfile, type ServerProfile } from '../dialects';
import { isPlainObject, tryParseJson } from '../wire/guards';

export interface ApiErrorDetails {
	/** The server's own words when it gave any, else a plain statement of what failed. */
	message: string;
	/** What to do about it, with the HTTP status and TGI's error_type. */
	description: string;
	httpCode: string;
}

/** Server messages up to this length are shown whole; longer ones keep their start and their end. */
const MAX_MESSAGE_LENGTH = 1500;
const KEPT_END = 400;

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Where a FastAPI validation error points: `["body", "messages", 0]` → "body.messages[0]". */
function locText(loc: unknown): string | undefined {
	if (!Array.isArray(loc) || loc.length === 0) return undefined;
	return loc
		.map((part, index) =>
			typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`,
		)
		.join('');
}

/** FastAPI-style `detail` (vLLM, SGLang): a string, or a list of `{msg, loc}` — "Field required: body.messages". */
function detailText(detail: unknown): string | undefined {
	if (!Array.isArray(detail)) return text(detail);
	const parts = detail
		.map((entry) => {
			if (!isPlainObject(entry)) return text(entry);
			const where = locText(entry.loc);
			return where && text(entry.msg) ? `${text(entry.msg)}: ${where}` : text(entry.msg);
		})
		.filter(Boolean);
	return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A proxy's HTML error page (nginx, a load balancer): its title or heading, else its text. */
function htmlText(page: string): string | undefined {
	const heading = /<(title|h1)[^>]*>([^<]+)</i.exec(page)?.[2];
	return text((heading ?? page.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' '));
}

export interface ServerError {
	message?: string;
	errorType?: string;
	estimatedTime?: number;
}

/**
 * Reads the error out of every shape it arrives in: TGI `{error, error_type}`, OpenAI/router and
 * llama.cpp `{error: {message, type, code}}`, vLLM/SGLang `{object: "error", message, type, code}`,
 * flat `{error}` (router 402), `{message}`, FastAPI `{detail}`, plain text, HTML, empty.
 */
export function extractServerError(body: unknown): ServerError {
	let data = body;
	if (Buffer.isBuffer(data)) data = data.toString('utf8');
	if (typeof data === 'string') {
		const trimmed = data.trim();
		if (trimmed.startsWith('{')) {
			const parsed = tryParseJson(trimmed);
			if (parsed.problem !== undefined) return { message: text(trimmed) };
			data = parsed.value;
		} else {
			return { message: trimmed.startsWith('<') ? htmlText(trimmed) : text(trimmed) };
		}
	}
	if (!isPlainObject(data)) return {};
	const nested = isPlainObject(data.error) ? data.error : undefined;
	const message =
		text(nested?.message) ?? text(data.error) ?? text(data.message) ?? detailText(data.detail);
	const errorType =
		text(data.error_type) ??
		text(nested?.type) ??
		(typeof nested?.code === 'string' ? text(nested.code) : undefined) ??
		(data.object === 'error' ? text(data.type) : undefined);
	const estimatedTime = typeof data.estimated_time === 'number' ? data.estimated_time : undefined;
	return { message, errorType, estimatedTime };
}

const STATUS_TITLES: Record<number, string> = {
	400: 'Bad request',
	401: 'Authorization failed',
	402: 'Payment required',
	403: 'Access denied',
	404: 'Not found',
	408: 'Request timed out',
	413: 'Request too large',
	415: 'Unsupported media type',
	422: 'The request was rejected',
	424: 'Generation failed',
	429: 'Too many requests',
	500: 'Server error',
	502: 'Bad gateway',
	503: 'Model not available',
	504: 'Gateway timeout',
};

/** Hints that hold for any server; a dialect's own hints replace some when the server is known. */
const HINTS: Record<number, string> = {
	400: 'The server could not read the request body. If you use Messages as JSON or Additional Body Fields, check that they are valid JSON.',
	401: 'Check the API Key in the Hugging Face TGI credential: a Hugging Face token (hf_…) for the router or an Inference Endpoint, or the --api-key value of a self-hosted server.',
	402: 'The Hugging Face account is out of credits for Inference Providers. Add credits or billing, or choose another provider in the Base URL.',
	403: 'The key is valid but may not use this model or provider. For the HF router the token needs the "Make calls to Inference Providers" permission; gated models need their terms accepted.',
	404: "Nothing answers at this address. Check the credential's Base URL and API Version (self-hosted: http://host:port and v1; HF router: https://router.huggingface.co/<provider> and its version) and the model ID.",
	408: "The server took too long. Try again, or raise the node's Timeout option.",
	413: 'The request is larger than the server accepts. Shorten the messages or send smaller images.',
	415: 'The server expected a JSON request body.',
	422: "The server rejected a parameter: its message names it. Check the node's options against what the server accepts (OpenAI's ranges: Sampling Temperature 0–2, Top P 0–1, penalties −2 to 2) and that the prompt plus Maximum Number of Tokens fit the model's context.",
	424: 'The model failed while generating. Try again, or lower Maximum Number of Tokens.',
	429: "The server is rate limiting or overloaded (HF router: the account's rate limit or the provider's capacity). Wait and try again, or send fewer requests at once.",
	500: "The server failed while handling the request. Try again; if it keeps failing, check the server's logs or the provider's status.",
	502: 'A gateway in front of the model failed. The model may be starting or overloaded; try again.',
	503: 'The model is not ready (loading, or scaled to zero). Wait a little and try again.',
	504: 'A gateway in front of the model timed out. The model may be starting or overloaded; try again.',
};

/** A 400 whose message says the server could not parse the body; any other 400 gets the general hint. */
const unreadableBody = (message: string | undefined) =>
	message === undefined ||
	/pars(e|ing)|deserializ|invalid json|json (body|decode)|EOF while|unexpected (token|end)/i.test(
		message,
	);

const BAD_REQUEST_HINT =
	'The server refused the request: its message says what it did not accept (a model ID, a parameter, a value).';

/**
 * A prompt longer than the model's context, as servers word it: llama.cpp's
 * exceed_context_size_error, OpenAI's context_length_exceeded, vLLM's "maximum context length",
 * SGLang's "longer than the model's context length", TGI's "`inputs` must have less than N
 * tokens" and "`inputs` tokens + `max_new_tokens` must be <= N".
 */
const CONTEXT_EXCEEDED =
	/exceed_context_size|context_length_exceeded|context (size|length|window)|maximum (context|model) length|must have less than \d+ tokens|tokens \+ `max_new_tokens` must be <=|(prompt|input) is too long/i;

/** The hint for a prompt too long when the server's dialect is not known: every server's flag. */
const CONTEXT_HINT =
	"The prompt (plus Maximum Number of Tokens) is longer than the model's context. Shorten the input, lower Maximum Number of Tokens, or raise the server's context: --max-input-tokens and --max-total-tokens for TGI, -c (--ctx-size) for llama.cpp, --max-model-len for vLLM.";

/** Refusals that may be one input's fault: too long, empty, too many or too large. */
const ONE_INPUT = /empty|batch size|too many|too large|length limit/i;

/**
 * Whether a refusal (its status and words) may be one input's fault — an input too long, an empty
 * one, more inputs than the server takes — so that sending fewer at once can find it.
 */
export const namesOneInput = (status: number, message: string) =>
	[400, 413, 422].includes(status) && (CONTEXT_EXCEEDED.test(message) || ONE_INPUT.test(message));

const isContextExceeded = (status: number, answer: ServerError) =>
	[400, 413, 422].includes(status) &&
	CONTEXT_EXCEEDED.test(`${answer.errorType ?? ''} ${answer.message ?? ''}`);

const TYPE_HINTS: Record<string, string> = {
	template_error:
		"The model's chat template rejected the messages: for example a system message the model does not support, or roles that do not alternate user/assistant.",
};

/** Cuts a long text short. Redact before cutting: a cut must not leave part of the key behind. */
export const clip = (value: string, max = MAX_MESSAGE_LENGTH) =>
	value.length > max ? `${value.slice(0, max)}…` : value;

/** A long server message, shortened in the middle: providers often put the point at the end. */
export const shorten = (value: string) =>
	value.length > MAX_MESSAGE_LENGTH
		? `${value.slice(0, MAX_MESSAGE_LENGTH - KEPT_END - 3)} … ${value.slice(-KEPT_END)}`
		: value;

const same = (value: string) => value;

/** How to describe a failed answer: the route's own hints, and the redaction applied before any cut. */
export interface DescribeOptions {
	statusText?: string;
	hints?: Partial<Record<number, string>>;
	redact?: (value: string) => string;
	/** The server's dialect when known: picks the hints, and is named in the description. */
	server?: ServerProfile;
}

/** A non-2xx answer, described for the user: the server's message plus a hint for the status. */
export function describeHttpError(
	status: number,
	body: unknown,
	options: DescribeOptions = {},
): ApiErrorDetails {
	const { statusText = '', hints: routeHints = {}, redact = same, server } = options;
	const statusHints = { ...HINTS, ...server?.dialect.hints };
	const answer = extractServerError(body);
	const title = STATUS_TITLES[status] ?? (text(statusText) || 'Request failed');
	const message = answer.message ? shorten(redact(answer.message)) : `${title} (HTTP ${status})`;
	const hint =
		server?.dialect.hintFor?.(status, answer.message, server.limits) ??
		(isContextExceeded(status, answer)
			? (server?.dialect.contextHint ?? CONTEXT_HINT)
			: undefined) ??
		(answer.errorType && TYPE_HINTS[answer.errorType]) ??
		routeHints[status] ??
		(status === 400 && !unreadableBody(answer.message) ? BAD_REQUEST_HINT : undefined) ??
		statusHints[status] ??
		(status >= 500 ? statusHints[500] : 'Check the request and the credential.');
	const facts = [
		`HTTP ${status}`,
		answer.errorType && `error type: ${answer.errorType}`,
		server && `server: ${describeProfile(server)}`,
	]
		.filter(Boolean)
		.join(', ');
	const wait =
		answer.estimatedTime !== undefined
			? ` The server estimates it is ready in ${Math.ceil(answer.estimatedTime)} s.`
			: '';
	return { message, description: `${hint}${wait} (${facts})`, httpCode: String(status) };
}
