/** Errors of the pure functions as the node shows them: the parameter under the action node's label. */
import { HuggingFaceTgi } from '../../nodes/HuggingFaceTgi/HuggingFaceTgi.node';
import { labelsOf } from '../../nodes/shared/descriptions/labels';
import { FieldError } from '../../nodes/shared/wire/fieldError';

export const actionLabel = labelsOf(new HuggingFaceTgi().description.properties);

/** "Top P" for a FieldError on topP, "Additional Body Fields › top_p" for one inside that JSON. */
export const fieldLabel = (error: FieldError) =>
	`${actionLabel(error.field)}${error.path ? ` › ${error.path}` : ''}`;

/** The message the user reads for the FieldError that `work` throws. */
export function labelledError(work: () => unknown): string {
	try {
		work();
	} catch (error) {
		if (error instanceof FieldError) return error.describe(actionLabel);
		throw error;
	}
	throw new Error('expected a FieldError, nothing was thrown');
}
