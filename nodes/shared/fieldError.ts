/**
 * A value that TGI is known to reject, caught before anything is sent.
 * `field` is the name the user sees in the node (or the body key for raw JSON input).
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'FieldError';
	}
}
