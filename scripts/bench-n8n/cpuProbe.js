// @ts-check
/**
 * Benchmark only: loaded into the n8n process (`node --require cpuProbe.js n8n execute …`), it
 * samples the main thread's CPU time every 2 ms from a worker thread — /proc/<pid>/task/<pid>/
 * schedstat, in nanoseconds, so the main thread being busy does not delay a sample — and writes
 * the samples as JSON to $BENCH_CPU_FILE when the process exits. The benchmark reads the main
 * thread's CPU over the target node's run (its startTime and executionTime) from them.
 */
const fs = require('node:fs');
const { Worker } = require('node:worker_threads');

const file = process.env.BENCH_CPU_FILE;
if (file) {
	delete process.env.BENCH_CPU_FILE; // not for the processes n8n starts
	const CAPACITY = 600_000; // 20 min of samples
	const shared = new Float64Array(new SharedArrayBuffer(8 * (1 + 2 * CAPACITY)));
	const worker = new Worker(
		`const { readFileSync } = require('node:fs');
		const { workerData } = require('node:worker_threads');
		const { samples, path, capacity } = workerData;
		setInterval(() => {
			const count = samples[0];
			if (count >= capacity) return;
			const ns = Number(readFileSync(path, 'utf8').split(' ')[0]);
			samples[1 + 2 * count] = performance.timeOrigin + performance.now();
			samples[2 + 2 * count] = ns / 1e6;
			samples[0] = count + 1;
		}, 2);`,
		{
			eval: true,
			workerData: {
				samples: shared,
				path: `/proc/${process.pid}/task/${process.pid}/schedstat`,
				capacity: CAPACITY,
			},
		},
	);
	worker.unref();
	process.on('exit', () => {
		const count = shared[0];
		const samples = [];
		for (let i = 0; i < count; i++) samples.push([shared[1 + 2 * i], shared[2 + 2 * i]]);
		fs.writeFileSync(file, JSON.stringify(samples));
	});
}
