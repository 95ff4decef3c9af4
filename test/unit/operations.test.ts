/**
 * A new operation takes two edits — its `*.operation.ts` and its resource's `index.ts` — as in
 * n8n's OpenAI v2: the router finds it in the resource's module, the subtitle reads its action.
 */
import type { INodeProperties } from 'n8n-workflow';

import { HuggingFaceTgi } from '../../nodes/HuggingFaceTgi/HuggingFaceTgi.node';
import { operationFor } from '../../nodes/HuggingFaceTgi/actions/router';

const { description } = new HuggingFaceTgi();
const operations = description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property: INodeProperties) =>
		(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
			(property.options ?? []).map((option) => ({
				resource: String(resource),
				operation: (option as { value: string }).value,
				action: (option as { action?: string }).action,
			})),
		),
	);

describe('the operations of the Hugging Face TGI node', () => {
	it('are every operation the editor offers', () => {
		expect(operations.map(({ resource, operation }) => `${resource}.${operation}`)).toEqual([
			'chat.message',
			'text.generate',
			'server.getInfo',
			'embedding.embed',
			'ranking.rerank',
			'classification.classify',
			'token.count',
		]);
	});

	it.each(operations)(
		'$resource › $operation runs through the router',
		({ resource, operation }) => {
			const run = operationFor(resource, operation);
			expect(typeof (run && ('execute' in run ? run.execute : run.executeAll))).toBe('function');
		},
	);

	it.each(operations)(
		'$resource › $operation shows its action as the subtitle',
		({ operation, action }) => {
			expect(action).toMatch(/^[A-Z][a-z]/);
			expect(description.subtitle).toContain(
				`${JSON.stringify(operation)}:${JSON.stringify(action)}`,
			);
		},
	);

	it('runs nothing for an operation no resource has', () => {
		expect(operationFor('chat', 'generate')).toBeUndefined();
		expect(operationFor('nope', 'message')).toBeUndefined();
		expect(operationFor('chat', 'description')).toBeUndefined(); // a module export that is no operation
	});
});
