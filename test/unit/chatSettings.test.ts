/**
 * The chat nodes' typed Options readers (settings/chat.ts): defaults when unset, the body's options
 * passed on for the dialect to check, the node's own settings checked here, each bad value an
 * error naming its option.
 */
import {
	readChatMessageOptions,
	readChatModelOptions,
	readTimeoutApart,
} from '../../nodes/shared/settings/chat';
import { FieldError } from '../../nodes/shared/wire/fieldError';

describe('Message a Model’s Options', () => {
	it('take their defaults when unset, and pass the body’s options on untouched', () => {
		expect(readChatMessageOptions({ temperature: 0.2, stop: ['x'] })).toEqual({
			body: { temperature: 0.2, stop: ['x'] },
			timeoutMs: 600_000,
			reasoningInline: false,
			jsonOutput: true,
			validateJson: true,
			images: undefined,
		});
		expect(readChatMessageOptions()).toMatchObject({ body: {}, jsonOutput: true });
	});

	it('read what the user set', () => {
		const settings = readChatMessageOptions({
			timeout: 5000,
			reasoningOutput: 'inline',
			jsonOutput: false,
			validateJson: false,
			images: 'data, photo',
		});
		expect(settings).toMatchObject({
			body: {},
			timeoutMs: 5000,
			reasoningInline: true,
			jsonOutput: false,
			validateJson: false,
			images: 'data, photo',
		});
	});

	it.each([
		['timeout', { timeout: 'soon' }],
		['reasoningOutput', { reasoningOutput: 'hidden' }],
		['jsonOutput', { jsonOutput: 'false' }],
		['validateJson', { validateJson: 0 }],
		['images', { images: ['data'] }],
	])(
		'refuse a bad %s, naming it (an expression that resolves to the wrong type is not read as off)',
		(field, values) => {
			expect(() => readChatMessageOptions(values)).toThrow(FieldError);
			expect(() => readChatMessageOptions(values)).toThrow(expect.objectContaining({ field }));
		},
	);
});

describe('the Chat Model’s Options', () => {
	it('take their defaults when unset; the traffic options become a retry policy, not body fields', () => {
		const settings = readChatModelOptions({ maxTokens: 64, maxRetries: 1, retryDelay: 10 });
		expect(settings.body).toEqual({ maxTokens: 64 });
		expect(settings.retry).toMatchObject({ maxRetries: 1, initialDelayMs: 10 });
		expect(settings).toMatchObject({
			timeoutMs: 600_000,
			reasoningInline: false,
			disableStreaming: false,
			firstToolChoice: 'auto',
		});
	});

	it.each([
		['disableStreaming', { disableStreaming: 'yes' }],
		['firstToolChoice', { firstToolChoice: 'always' }],
		['maxRetries', { maxRetries: -1 }],
		['reasoningOutput', { reasoningOutput: true }],
	])('refuse a bad %s, naming it', (field, values) => {
		expect(() => readChatModelOptions(values)).toThrow(expect.objectContaining({ field }));
	});
});

describe('an operation whose body has its own reader', () => {
	it('has its Timeout read apart, the rest passed on', () => {
		expect(readTimeoutApart({ timeout: 1000, maxNewTokens: 5 })).toEqual({
			timeoutMs: 1000,
			rest: { maxNewTokens: 5 },
		});
		expect(() => readTimeoutApart({ timeout: 0 })).toThrow(
			expect.objectContaining({ field: 'timeout' }),
		);
	});
});
