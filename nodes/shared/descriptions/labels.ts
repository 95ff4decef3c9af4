import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

type Entry = INodeProperties | INodePropertyCollection | INodePropertyOptions;

/**
 * The label the node shows for each of its parameters, read from its description (collections and
 * fixed collections included): the one source for the field names that errors use. `others` names
 * inputs that are not parameters (the tools an agent connects).
 */
export function labelsOf(
	properties: INodeProperties[],
	others: Record<string, string> = {},
): (name: string) => string {
	const labels = new Map<string, string>(Object.entries(others));
	const walk = (entries: Entry[]) => {
		for (const entry of entries) {
			if ('values' in entry) walk(entry.values);
			if (!('type' in entry)) continue;
			if (!labels.has(entry.name)) labels.set(entry.name, entry.displayName);
			if (entry.type === 'collection' || entry.type === 'fixedCollection')
				walk((entry.options ?? []) as Entry[]);
		}
	};
	walk(properties);
	return (name) => labels.get(name) ?? name;
}
