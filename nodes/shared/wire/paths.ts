/**
 * A model ID put into a URL path (the HF router's `…/models/{model}/pipeline/feature-extraction`),
 * pure: every segment encoded, and no segment the URL parser would resolve (`.`, `..`) or drop
 * (empty). Otherwise `../../v1/chat/completions` or `org/../../x` would reach other routes of the
 * same origin, with the key.
 */
import { FieldError } from './fieldError';

/** The model ID as path segments, each encoded; a FieldError on `model` for one that can't be. */
export function modelIdPath(model: string): string {
	const segments = model.split('/');
	const bad = segments.findIndex(
		(segment) => segment === '' || segment === '.' || segment === '..',
	);
	if (bad >= 0) {
		const what =
			segments[bad] === ''
				? 'an empty part (a leading, trailing or double /)'
				: `a "${segments[bad]}" part`;
		throw new FieldError(
			'modelId',
			`has ${what}: a model ID is "name" or "organisation/name", and it goes into the request's path`,
		);
	}
	return segments.map(encodeURIComponent).join('/');
}
