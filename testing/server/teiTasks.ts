/**
 * TEI's other tasks, as its router answers them (test/fixtures/tei/tei-openapi.json: PredictRequest,
 * PredictResponse, TokenizeRequest, TokenizeResponse): `POST /predict` of a classifier model —
 * sequence classification of a text or a text pair, labels with scores, best first — and
 * `POST /tokenize`. Deterministic: a text's label follows its words.
 */
import {
	asList,
	inputProblem,
	type RetrievalConfig,
	type RetrievalRoute,
	teiError,
} from './embeddingRoutes';
import { PROMPTS, tokensOf } from './retrieval';

/** The served classifier's labels (its config's id2label). */
export const CLASSIFIER_LABELS = ['negative', 'neutral', 'positive'];

const NEGATIVE = new Set(['bad', 'broken', 'awful', 'hate', 'refund', 'angry', 'worst', 'not']);
const POSITIVE = new Set(['good', 'great', 'love', 'thanks', 'excellent', 'happy', 'best']);

/** The classifier's logits for a text (a pair: both texts' words). */
export function logitsOf(input: string | string[]): number[] {
	const words = asList(input).flatMap((text) => tokensOf(String(text)));
	const negative = words.filter((word) => NEGATIVE.has(word)).length;
	const positive = words.filter((word) => POSITIVE.has(word)).length;
	return [negative - positive * 0.5, 0.5, positive - negative * 0.5];
}

const softmax = (logits: number[]) => {
	const top = Math.max(...logits);
	const exps = logits.map((value) => Math.exp(value - top));
	const sum = exps.reduce((total, value) => total + value, 0);
	return exps.map((value) => value / sum);
};

/** One input's predictions: every label with its score, best first (raw logits with `raw_scores`). */
export function predict(input: string | string[], rawScores = false) {
	const logits = logitsOf(input);
	const scores = rawScores ? logits : softmax(logits);
	return CLASSIFIER_LABELS.map((label, index) => ({ label, score: scores[index] })).sort(
		(a, b) => b.score - a.score,
	);
}

/** A single text, a pair, or a batch of [text] / [text, text] entries, as PredictInput is. */
const isBatch = (inputs: unknown): inputs is unknown[][] =>
	Array.isArray(inputs) && inputs.every((entry) => Array.isArray(entry));

/** TEI's POST /predict: `{inputs, raw_scores, truncate, truncation_direction}` → predictions, or a list of them for a batch. */
export const teiPredict = (config: RetrievalConfig): RetrievalRoute => ({
	validate: (body) => {
		const inputs = body?.inputs;
		const entries = isBatch(inputs) ? inputs : [asList(inputs)];
		if (entries.some((entry) => entry.length < 1 || entry.length > 2))
			return teiError(422, '`inputs` entries must be a text or a pair of texts', 'Validation');
		return inputProblem(
			entries.map((entry) => entry.join(' ')),
			body,
			config,
			teiError,
		);
	},
	answer: (body) =>
		isBatch(body.inputs)
			? body.inputs.map((entry: string[]) => predict(entry, body.raw_scores === true))
			: predict(body.inputs, body.raw_scores === true),
});

/** A text's tokens as TEI's SimpleToken: id, text, special, start and stop in characters. */
export function tokenize(text: string, addSpecialTokens = true) {
	const tokens: Array<{
		id: number;
		text: string;
		special: boolean;
		start: number | null;
		stop: number | null;
	}> = [];
	if (addSpecialTokens)
		tokens.push({ id: 101, text: '[CLS]', special: true, start: null, stop: null });
	for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
		const start = match.index ?? 0;
		const word = match[0].toLowerCase();
		tokens.push({
			id: 1000 + (word.length * 31 + word.charCodeAt(0)),
			text: word,
			special: false,
			start,
			stop: start + match[0].length,
		});
	}
	if (addSpecialTokens)
		tokens.push({ id: 102, text: '[SEP]', special: true, start: null, stop: null });
	return tokens;
}

/** TEI's POST /tokenize: `{inputs, add_special_tokens, prompt_name}` → one token list per text (the prompt's words first). */
export const teiTokenize = (config: RetrievalConfig): RetrievalRoute => ({
	validate: (body) =>
		inputProblem(asList(body?.inputs), { ...body, truncate: true }, config, teiError),
	answer: (body) =>
		(asList(body.inputs) as string[]).map((text) =>
			tokenize(`${PROMPTS[body.prompt_name] ?? ''}${text}`, body.add_special_tokens !== false),
		),
});
