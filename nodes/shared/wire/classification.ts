/**
 * Sequence classification on the wire, pure: TEI's `POST /predict` of a classifier model — a batch
 * of texts or text pairs in, each one's labels with scores out — and the answer read back. Never
 * silently wrong: one prediction list per input, labels named once each, finite scores, best first.
 */
import { describe, isPlainObject, shown } from './guards';
import { UnexpectedResponseError } from './response';

/** One label of a prediction and its score (0…1, or the model's raw logit with raw scores). */
export interface Prediction {
	label: string;
	score: number;
}

/** A text, or a pair of texts (NLI: premise and hypothesis; a question and a passage). */
export type ClassifyInput = string | [string, string];

/** The Classify options a request may carry; unset ones take the server's default. */
export interface ClassifyOptions {
	/** The model's logits rather than its activation (softmax or sigmoid). */
	rawScores?: boolean;
	truncate?: boolean;
	truncationDirection?: 'left' | 'right';
}

/**
 * One input's predictions, checked: a non-empty list of `{label, score}`, each label once, finite
 * scores; sorted best first (ties by the server's order).
 */
function predictionsOf(entry: unknown, position: number): Prediction[] {
	const where = `The classification answer's entry ${position + 1}`;
	if (!Array.isArray(entry) || entry.length === 0)
		throw new UnexpectedResponseError(
			`${where} is ${Array.isArray(entry) ? 'an empty list' : describe(entry)}, not [{"label", "score"}]`,
		);
	const seen = new Set<string>();
	const predictions = entry.map((prediction: unknown) => {
		const label = isPlainObject(prediction) ? prediction.label : undefined;
		const score = isPlainObject(prediction) ? prediction.score : undefined;
		if (typeof label !== 'string' || label === '' || seen.has(label))
			throw new UnexpectedResponseError(
				`${where} has the label ${shown(label)}: not a label named once`,
			);
		if (typeof score !== 'number' || !Number.isFinite(score))
			throw new UnexpectedResponseError(
				`${where} gives "${label}" the score ${shown(score)}, not a finite number`,
			);
		seen.add(label);
		return { label, score };
	});
	return predictions
		.map((prediction, order) => ({ prediction, order }))
		.sort((a, b) => b.prediction.score - a.prediction.score || a.order - b.order)
		.map(({ prediction }) => prediction);
}

/**
 * A `/predict` answer for a batch of `asked` inputs: one list of predictions per input, in order.
 * A single input's bare list (`[{label, score}]`) is read as a batch of one.
 */
export function parsePredictions(answer: unknown, asked: number): Prediction[][] {
	if (!Array.isArray(answer))
		throw new UnexpectedResponseError(
			`The classification answer is ${describe(answer)}, not a list of [{"label", "score"}] per input`,
		);
	const batch = asked === 1 && answer.every(isPlainObject) ? [answer] : answer;
	if (batch.length !== asked)
		throw new UnexpectedResponseError(
			`The classification answer has ${batch.length} entr${batch.length === 1 ? 'y' : 'ies'} for ${asked} input${asked === 1 ? '' : 's'}`,
		);
	return batch.map(predictionsOf);
}
