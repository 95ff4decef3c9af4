/**
 * TGI's native routes at the server root, as router/src/server.rs and validation.rs answer them:
 *   POST /generate -> GenerateResponse {generated_text, details?}
 *   GET  /info     -> Info (model_id and the token limits)
 */

import { MAX_INPUT_TOKENS, MAX_TOTAL_TOKENS, validationError } from './tgiValidation';
import type { Reply } from './types';

const MAX_BEST_OF = 2;
const MAX_TOP_N_TOKENS = 5;

/** TGI's Info for the served model. */
export function infoFor(model: string) {
	return {
		model_id: model,
		model_sha: '0e9e39f249a16976918f6564b8830bc894c89659',
		model_pipeline_tag: 'text-generation',
		max_concurrent_requests: 128,
		max_best_of: MAX_BEST_OF,
		max_stop_sequences: 4,
		max_input_tokens: MAX_INPUT_TOKENS,
		max_total_tokens: MAX_TOTAL_TOKENS,
		validation_workers: 2,
		max_client_batch_size: 4,
		router: 'text-generation-router',
		version: '3.3.6',
		sha: 'db931fcf42da018a3657580c64bf2720f167f9ab',
		docker_label: 'sha-db931fc',
	};
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** TGI's checks of GenerateParameters, in its order; undefined when the request is fine. */
export function generateProblem(body: any): Reply | undefined {
	if (typeof body?.inputs !== 'string') {
		return {
			status: 422,
			body: 'Failed to deserialize the JSON body into the target type: missing field `inputs` at line 1 column 2',
		};
	}
	const p = body.parameters ?? {};
	if (p.best_of != null && p.best_of > MAX_BEST_OF)
		return validationError(`\`best_of\` must be <= ${MAX_BEST_OF}`);
	const sampling =
		p.do_sample ||
		p.temperature != null ||
		p.top_k != null ||
		p.top_p != null ||
		p.typical_p != null;
	if (p.best_of > 1 && !sampling)
		return validationError('you must use sampling when `best_of` is > 1');
	if (p.temperature != null && p.temperature <= 0)
		return validationError('`temperature` must be strictly positive');
	if (p.repetition_penalty != null && p.repetition_penalty <= 0)
		return validationError('`repetition_penalty` must be strictly positive');
	if (p.top_p != null && (p.top_p <= 0 || p.top_p >= 1))
		return validationError('`top_p` must be > 0.0 and < 1.0');
	if (p.typical_p != null && (p.typical_p <= 0 || p.typical_p >= 1))
		return validationError('`typical_p` must be > 0.0 and < 1.0');
	if (p.top_k != null && p.top_k <= 0) return validationError('`top_k` must be strictly positive');
	if (p.max_new_tokens != null && p.max_new_tokens <= 0)
		return validationError('`max_new_tokens` must be strictly positive');
	if (Array.isArray(p.stop) && p.stop.length > 4)
		return validationError(`\`stop\` supports up to 4 stop sequences. Given: ${p.stop.length}`);
	if (p.top_n_tokens != null && p.top_n_tokens > MAX_TOP_N_TOKENS)
		return validationError(
			`\`top_n_tokens\` must be >= 0 and <= ${MAX_TOP_N_TOKENS}. Given: ${p.top_n_tokens}`,
		);
	if (body.inputs === '') return validationError('`inputs` cannot be empty');
	const inputTokens = words(body.inputs).length;
	const maxNew = p.max_new_tokens ?? 100;
	if (inputTokens + maxNew > MAX_TOTAL_TOKENS) {
		return validationError(
			`\`inputs\` tokens + \`max_new_tokens\` must be <= ${MAX_TOTAL_TOKENS}. Given: ${inputTokens} \`inputs\` tokens and ${maxNew} \`max_new_tokens\``,
		);
	}
	return undefined;
}

/** A deterministic GenerateResponse: the prompt echoed, cut at a stop sequence or max_new_tokens. */
export function generationFor(body: any) {
	const p = body.parameters ?? {};
	let text = ` Echo: ${body.inputs}`;
	let finishReason = 'eos_token';
	for (const stop of p.stop ?? []) {
		const at = text.indexOf(stop);
		if (at >= 0) {
			text = text.slice(0, at + stop.length);
			finishReason = 'stop_sequence';
		}
	}
	const maxNew = p.max_new_tokens ?? 100;
	if (words(text).length > maxNew) {
		text = ` ${words(text).slice(0, maxNew).join(' ')}`;
		finishReason = 'length';
	}
	if (p.grammar?.type === 'json') text = JSON.stringify({ answer: 'sample' });
	const generatedText = p.return_full_text ? `${body.inputs}${text}` : text;
	if (!p.details) return { generated_text: generatedText };
	const tokens = words(text).map((word, id) => ({
		id: 1000 + id,
		text: ` ${word}`,
		logprob: -0.25,
		special: false,
	}));
	const details: Record<string, unknown> = {
		finish_reason: finishReason,
		generated_tokens: tokens.length,
		seed: p.do_sample ? (p.seed ?? 4_242) : null,
		prefill: [],
		tokens,
	};
	if (p.decoder_input_details) {
		details.prefill = words(body.inputs).map((word, id) => ({
			id: 1 + id,
			text: word,
			logprob: id === 0 ? null : -1.5,
		}));
	}
	if (p.top_n_tokens) details.top_tokens = tokens.map((token) => [token]);
	return { generated_text: generatedText, details };
}
