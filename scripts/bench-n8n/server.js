// @ts-check
/** The bench's test server, alone in its process: answers "peak" with (and resets) its peak in-flight count. */
const path = require('node:path');

const { TgiTestServer } = require(
	path.join(__dirname, '..', '..', 'testing', 'server', 'tgiServer'),
);

const index = process.argv.indexOf('--latency');
const server = new TgiTestServer({
	apiKey: 'hf_BENCHKEY_not_a_secret_0000',
	latencyMs: index >= 0 ? Number(process.argv[index + 1]) : 20,
});
server.start().then((/** @type {string} */ url) => {
	// Keep the log small: the benchmark sends tens of thousands of requests.
	setInterval(() => server.requests.splice(0), 1000).unref();
	process.on('message', () => {
		process.send?.({ maxInFlight: server.maxInFlight });
		server.maxInFlight = 0;
	});
	process.send?.({ url });
});
