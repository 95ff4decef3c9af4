// @ts-check
/** Prints one plain closing line that CI reads: "jest: N passed, N failed, N skipped". */
class SummaryReporter {
	/** @param {unknown} _contexts @param {{numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number}} results */
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(
			`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
		);
	}
}

module.exports = SummaryReporter;
