// @ts-check
/**
 * Benchmark only: the floor. For every item, one POST {url}/chat/completions through n8n's own
 * httpRequestWithAuthentication with the Hugging Face TGI credential, `concurrency` at once — no
 * checks, no retries, no expressions (the prompt is read straight from the item's `q`).
 */
class BenchFloor {
	description = {
		displayName: 'Bench Floor',
		name: 'benchFloor',
		group: ['transform'],
		version: 1,
		description: 'A bare loop over httpRequestWithAuthentication (benchmark floor)',
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
		const output = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				const body = { model: 'tgi', messages: [{ role: 'user', content: items[index].json.q }] };
				const answer = await this.helpers.httpRequestWithAuthentication.call(
					this,
					'huggingFaceTgiApi',
					{
						method: 'POST',
						url,
						body,
						json: true,
					},
				);
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
