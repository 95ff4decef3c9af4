/**
 * Items in batches where one bad item fails alone (helpers/itemBatches.ts): a refusal that may be
 * one input's fault splits the batch until the item is found; any other failure fails the batch;
 * every item gets exactly one outcome, its own.
 */
import { sendItemBatches } from '../../nodes/HuggingFaceTgi/helpers/itemBatches';

class Refused extends Error {
	constructor(
		message: string,
		readonly oneInput: boolean,
	) {
		super(message);
	}
}

/** A server that doubles each item, refusing any batch holding a bad item (as TEI refuses a text too long). */
function server(bad: number[], oneInput = true) {
	const sent: number[][] = [];
	const send = async (batch: number[]) => {
		sent.push(batch);
		await new Promise((resolve) => setTimeout(resolve, 1));
		const found = batch.find((item) => bad.includes(item));
		if (found !== undefined) throw new Refused(`item ${found} is too long`, oneInput);
		return batch.map((item) => item * 2);
	};
	return { sent, send, splittable: (error: unknown) => (error as Refused).oneInput };
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('items in batches, one bad item failing alone', () => {
	it('answers every item in its place when nothing fails, one request per batch', async () => {
		const { sent, send, splittable } = server([]);
		const outcome = await sendItemBatches({ items: range(10), sizes: [4, 4, 2], send, splittable });
		expect(sent).toEqual([
			[0, 1, 2, 3],
			[4, 5, 6, 7],
			[8, 9],
		]);
		expect([...outcome.results.entries()].sort(([a], [b]) => a - b)).toEqual(
			range(10).map((item) => [item, { ok: true, value: item * 2 }]),
		);
		expect(outcome.firstFailure).toBeUndefined();
		expect(outcome.requests).toBe(3);
	});

	it('splits a refused batch until the one bad item is found: it fails, its neighbours are answered', async () => {
		const { sent, send, splittable } = server([13]);
		const failures: number[] = [];
		const outcome = await sendItemBatches({
			items: range(32),
			sizes: [16, 16],
			send,
			splittable,
			onFailure: (item) => failures.push(item),
		});
		for (const item of range(32)) {
			const result = outcome.results.get(item);
			if (item === 13) expect(result).toEqual({ ok: false, error: expect.any(Refused) });
			else expect(result).toEqual({ ok: true, value: item * 2 });
		}
		expect(failures).toEqual([13]);
		expect(outcome.firstFailure).toBe(13);
		// 2 batches, then 16 → 8 → 4 → 2 → 1, each half with its sibling: 2 + 2 × 4 requests.
		expect(outcome.requests).toBe(10);
		expect(sent.filter((batch) => batch.length === 1)).toEqual([[12], [13]]);
	});

	it('finds two bad items in one batch, each failing alone', async () => {
		const { send, splittable } = server([2, 5]);
		const outcome = await sendItemBatches({ items: range(8), sizes: [8], send, splittable });
		const failed = range(8).filter((item) => !outcome.results.get(item)?.ok);
		expect(failed).toEqual([2, 5]);
	});

	it('fails the whole batch on a failure that is not one input’s fault (no split)', async () => {
		const { sent, send, splittable } = server([3], false);
		const outcome = await sendItemBatches({ items: range(8), sizes: [4, 4], send, splittable });
		expect(range(4).map((item) => outcome.results.get(item)?.ok)).toEqual([
			false,
			false,
			false,
			false,
		]);
		expect(range(4).map((item) => outcome.results.get(item + 4)?.ok)).toEqual([
			true,
			true,
			true,
			true,
		]);
		expect(sent).toHaveLength(2);
		expect(outcome.firstFailure).toBe(0);
	});

	it('sends the items it is given, in their order (items left out never go)', async () => {
		const { sent, send, splittable } = server([]);
		await sendItemBatches({ items: [0, 2, 4], sizes: [3], send, splittable });
		expect(sent).toEqual([[0, 2, 4]]);
	});
});
