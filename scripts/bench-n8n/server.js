// @ts-check
/**
 * The bench's test server, alone in its process. Options: --latency ms, --mode (tgi, tei…),
 * --max-concurrent n (429 above it), --model id. Answers "stats" with (and resets) its peak in-flight
 * count, how many requests it got and its answers by status.
 */
const path = require('node:path');

const { TgiTestServer } = require(
	path.join(__dirname, '..', '..', 'testing', 'server', 'tgiServer'),
);

/** @param {string} name @param {string} fallback */
function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

const server = new TgiTestServer({
	apiKey: 'hf_BENCHKEY_not_a_secret_0000',
	latencyMs: Number(arg('latency', '20')),
	mode: /** @type {any} */ (arg('mode', 'tgi')),
	maxConcurrent: Number(arg('max-concurrent', '0')),
	model: arg('model', 'meta-llama/Llama-3.1-8B-Instruct'),
});
let requests = 0;
/** @type {Record<string, number>} */
let statuses = {};
server.start().then((/** @type {string} */ url) => {
	// Keep the log small: the benchmark sends tens of thousands of requests; count them first.
	setInterval(() => {
		for (const request of server.requests.splice(0)) {
			requests++;
			const status = String(request.status ?? 'none');
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	}, 200).unref();
	process.on('message', () => {
		for (const request of server.requests.splice(0)) {
			requests++;
			const status = String(request.status ?? 'none');
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
		process.send?.({ maxInFlight: server.maxInFlight, requests, statuses });
		server.maxInFlight = 0;
		requests = 0;
		statuses = {};
	});
	process.send?.({ url });
});
