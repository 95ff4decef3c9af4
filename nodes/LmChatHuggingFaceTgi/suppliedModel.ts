/**
 * What the model n8n's AI node SDK supplies needs before LangChain's chains use it — the streamed
 * usage read in n8n's AI log, token counts without a download, structured output from whole
 * messages — on that model and on every model its `bindTools` makes (an agent or chain binds
 * tools first and then counts tokens or asks for structured output on what it got back).
 */
import { countStreamedUsage } from './streamedUsage';
import { type MessageClasses, structuredOutputFromWholeMessages } from './structuredOutput';
import { countTokensLocally } from './tokenCount';

const PATCHED = Symbol('n8n-nodes-huggingface-tgi.patched');

/** Patches `model` (the `response` of `supplyModel`) and, through its `bindTools`, each model bound from it. */
export function patchSuppliedModel(model: unknown, classes: MessageClasses): void {
	if (typeof model !== 'object' || model === null) return;
	const target = model as Record<string | symbol, unknown>;
	if (target[PATCHED]) return;
	Object.defineProperty(target, PATCHED, { value: true });
	countStreamedUsage(model);
	countTokensLocally(model);
	structuredOutputFromWholeMessages(model, classes);
	const bindTools = target.bindTools;
	if (typeof bindTools !== 'function') return;
	target.bindTools = function (this: unknown, ...args: unknown[]) {
		const bound: unknown = bindTools.apply(this, args);
		patchSuppliedModel(bound, classes);
		return bound;
	};
}
