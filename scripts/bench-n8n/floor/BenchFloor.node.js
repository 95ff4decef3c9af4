// @ts-check
/**
 * Benchmark only: the floor. The credential is read once; then for every item one POST
 * {url} through n8n's own HTTP helper (httpRequest) with the key's Authorization header,
 * `concurrency` at once — no checks, no retries, no expressions (the prompt is read straight from
 * the item's `q`). What any node must do at least to send these requests through n8n.
 */
class BenchFloor {
	description = {
		displayName: 'Bench Floor',
		name: 'benchFloor',
		group: ['transform'],
		version: 1,
		description: "A bare loop over n8n's httpRequest helper (benchmark floor)",
		defaults: { name: 'Bench Floor' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'huggingFaceTgiApi', required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 32 },
		],
	};

	/** @this {any} */
	async execute() {
		const items = this.getInputData();
		const url = this.getNodeParameter('url', 0);
		const concurrency = this.getNodeParameter('concurrency', 0);
		const { apiKey } = await this.getCredentials('huggingFaceTgiApi');
		const headers = { Authorization: `Bearer ${apiKey}` };
		const output = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				const body = { model: 'tgi', messages: [{ role: 'user', content: items[index].json.q }] };
				const answer = await this.helpers.httpRequest({
					method: 'POST',
					url,
					headers,
					body,
					json: true,
				});
				output[index] = {
					json: { content: answer.choices[0].message.content },
					pairedItem: { item: index },
				};
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		return [output];
	}
}

module.exports = { BenchFloor };
