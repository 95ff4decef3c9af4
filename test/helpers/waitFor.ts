/**
 * Waits until `condition` holds, polling every `everyMs`: for tests that read a server's state
 * after something happens elsewhere (a connection closed, a webhook registered). A fixed sleep
 * would fail on a loaded machine; this waits as long as it takes, up to `timeoutMs`.
 */
export async function waitFor(
	condition: () => boolean | Promise<boolean>,
	what: string,
	{ timeoutMs = 10_000, everyMs = 5 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}
