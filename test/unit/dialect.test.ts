/** The two dialects: how the server is picked, and what each one's body, rules and answers are. */
import {
	type ChatDialect,
	describeProfile,
	HF_ROUTER,
	knownProfile,
	OPENAI_COMPATIBLE,
	profileFromInfo,
	readServerType,
	type ServerProfile,
	TGI as TGI_DIALECT,
	TGI_CHAT,
} from '../../nodes/shared/dialects';
import { isHfRouter } from '../../nodes/shared/dialects/router';
import { ProfileCache } from '../../nodes/shared/transport/profileCache';
import { FieldError } from '../../nodes/shared/wire/fieldError';
import { jsonExpectation, readSchemaOption } from '../../nodes/shared/wire/responseFormat';
import { infoFor } from '../../testing/server/tgiNative';
import { openApiValidator } from '../helpers/contracts';
import { chatBody, OPENAI, TGI } from '../helpers/bodies';
import { actionLabel, fieldLabel } from '../helpers/labels';

const messages = [{ role: 'user', content: 'Hello' }];
const CHAT_OF = { tgi: TGI_CHAT, openai: OPENAI_COMPATIBLE.tasks.chat as ChatDialect };
type ChatId = keyof typeof CHAT_OF;
const jsonModeFormat = (id: ChatId, schema: unknown) =>
	CHAT_OF[id].jsonMode(readSchemaOption(schema, 'jsonSchema'));
const adaptResponseFormat = (id: ChatId, format: Record<string, unknown>) =>
	CHAT_OF[id].adaptResponseFormat(format);
const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };

function refusal(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return `${fieldLabel(error)}: ${error.describe(actionLabel)}`;
		throw error;
	}
	throw new Error('expected a FieldError');
}

describe('which dialect', () => {
	it('takes the Server Type the user chose, without asking the server', () => {
		expect(knownProfile('tgi', 'https://router.huggingface.co/novita')).toEqual({
			dialect: TGI_DIALECT,
			how: 'credential',
		});
		expect(knownProfile('openai', 'http://tgi:8080')).toEqual({
			dialect: OPENAI_COMPATIBLE,
			how: 'credential',
		});
	});

	it('knows the HF router by its host, and asks any other server', () => {
		expect(isHfRouter('https://router.huggingface.co/novita')).toBe(true);
		expect(isHfRouter(' https://ROUTER.huggingface.co ')).toBe(true);
		expect(isHfRouter('https://router.huggingface.co.evil.example')).toBe(false);
		expect(isHfRouter('https://x.endpoints.huggingface.cloud')).toBe(false);
		expect(knownProfile('auto', 'https://router.huggingface.co/v1')).toEqual({
			dialect: HF_ROUTER,
			how: 'address',
		});
		expect(knownProfile('auto', 'https://x.endpoints.huggingface.cloud')).toBeUndefined();
	});

	it('the router at its own address stays the router when OpenAI-Compatible is chosen (it speaks OpenAI’s dialect); TGI or TEI chosen are taken as chosen', () => {
		expect(knownProfile('openai', 'https://router.huggingface.co')?.dialect).toBe(HF_ROUTER);
		expect(knownProfile('tgi', 'https://router.huggingface.co')?.dialect).toBe(TGI_DIALECT);
	});

	it('takes Server Type HF Router for any address (a gateway in front of the router)', () => {
		expect(knownProfile('router', 'https://gateway.example/hf')).toEqual({
			dialect: HF_ROUTER,
			how: 'credential',
		});
		expect(readServerType('router')).toBe('router');
	});

	it('reads a missing or unknown Server Type (older credentials) as auto', () => {
		expect(readServerType(undefined)).toBe('auto');
		expect(readServerType('vllm')).toBe('auto');
		expect(readServerType('openai')).toBe('openai');
	});

	it("recognises TGI's /info (as its OpenAPI Info schema says) and takes its limits", () => {
		const info: Record<string, unknown> = { ...infoFor('m'), max_stop_sequences: 8 };
		expect(openApiValidator('Info')(info)).toEqual([]);
		const profile = profileFromInfo(info);
		expect(profile).toMatchObject({ dialect: TGI_DIALECT, how: 'detected' });
		expect(profile.limits).toEqual({
			maxStopSequences: info.max_stop_sequences,
			maxTotalTokens: info.max_total_tokens,
			maxInputTokens: info.max_input_tokens,
		});
		expect(profile.limits?.maxStopSequences).toBe(8);
	});

	it('takes any other answer to /info for an OpenAI-compatible server', () => {
		expect(profileFromInfo({ detail: 'Not Found' }).dialect.id).toBe('openai');
		expect(profileFromInfo({ model_id: 'x' }).dialect.id).toBe('openai');
		expect(profileFromInfo('<html>').dialect.id).toBe('openai');
	});

	it('says how it knows', () => {
		expect(describeProfile({ dialect: TGI_DIALECT, how: 'detected' })).toBe('TGI (detected)');
		expect(describeProfile({ dialect: HF_ROUTER, how: 'address' })).toBe('HF router (its address)');
	});
});

describe('ProfileCache', () => {
	const tgi: ServerProfile = { dialect: TGI_DIALECT, how: 'detected' };
	it('detects once per key within the TTL, again after it', async () => {
		let now = 0;
		const cache = new ProfileCache(1000, () => now);
		const detect = jest.fn(async () => tgi);
		await Promise.all([cache.get('a', detect), cache.get('a', detect)]);
		expect(detect).toHaveBeenCalledTimes(1); // concurrent lookups share one detection
		now = 999;
		await cache.get('a', detect);
		await cache.get('b', detect);
		expect(detect).toHaveBeenCalledTimes(2);
		now = 1000;
		await cache.get('a', detect);
		expect(detect).toHaveBeenCalledTimes(3);
	});

	it('does not remember an unsure guess', async () => {
		const cache = new ProfileCache(60_000);
		const detect = jest.fn(
			async (): Promise<ServerProfile> => ({
				dialect: OPENAI_COMPATIBLE,
				how: 'fallback',
			}),
		);
		await cache.get('a', detect);
		await cache.get('a', detect);
		expect(detect).toHaveBeenCalledTimes(2);
	});
});

describe('JSON mode in each dialect', () => {
	it('TGI: the grammar form; OpenAI: json_schema with a name, or json_object with no schema', () => {
		expect(jsonModeFormat('tgi', schema)).toEqual({ type: 'json', value: schema });
		expect(jsonModeFormat('openai', JSON.stringify(schema))).toEqual({
			type: 'json_schema',
			json_schema: { name: 'response', schema, strict: true },
		});
		expect(jsonModeFormat('openai', { name: 'person', strict: false, schema })).toEqual({
			type: 'json_schema',
			json_schema: { name: 'person', schema, strict: false },
		});
		// No schema: a permissive object schema, which llama.cpp constrains (a bare json_object it does not).
		expect(jsonModeFormat('openai', '')).toEqual({
			type: 'json_schema',
			json_schema: { name: 'response', schema: { type: 'object' }, strict: false },
		});
		expect(jsonModeFormat('tgi', '')).toEqual({ type: 'json', value: { type: 'object' } });
	});

	it("converts the user's own forms where the server says the same thing another way", () => {
		const openAiForm = { type: 'json_schema', json_schema: { name: 'x', schema } };
		expect(adaptResponseFormat('tgi', openAiForm)).toEqual({
			format: { type: 'json', value: schema },
		});
		expect(adaptResponseFormat('tgi', { type: 'json_object' })).toEqual({
			format: { type: 'json', value: { type: 'object' } },
		});
		expect(adaptResponseFormat('tgi', { type: 'text' })).toEqual({});
		expect(adaptResponseFormat('openai', { type: 'json', value: schema })).toEqual({
			format: { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } },
		});
		// TGI's own json_schema variant, {"value": {"name", "schema"}}.
		expect(
			adaptResponseFormat('openai', { type: 'json_schema', value: { name: 'y', schema } }),
		).toEqual({ format: { type: 'json_schema', json_schema: { name: 'y', schema } } });
	});

	it("keeps what the server takes as written, adding only OpenAI's required name", () => {
		const regex = { type: 'regex', value: '\\d+' };
		expect(adaptResponseFormat('tgi', regex)).toEqual({ format: regex });
		expect(adaptResponseFormat('openai', { type: 'json_object' })).toEqual({
			format: { type: 'json_object' },
		});
		expect(adaptResponseFormat('openai', { type: 'json_schema', json_schema: { schema } })).toEqual(
			{ format: { type: 'json_schema', json_schema: { schema, name: 'response' } } },
		);
	});

	it('refuses what it cannot convert, naming the field', () => {
		const regex = { response_format: { type: 'regex', value: '\\d+' } };
		expect(refusal(() => chatBody('m', messages, { additionalBodyFields: regex }, OPENAI))).toMatch(
			/^Additional Body Fields › response_format: .*no "regex" response format/,
		);
		expect(
			refusal(() =>
				chatBody('m', messages, { additionalBodyFields: { response_format: 'json' } }, OPENAI),
			),
		).toMatch(/must be an object like \{"type": "json_schema"/);
	});

	it('knows what each form asks the answer to be', () => {
		expect(jsonExpectation({ type: 'json', value: schema })).toEqual({ json: true, schema });
		expect(jsonExpectation({ type: 'json_schema', json_schema: { name: 'x', schema } })).toEqual({
			json: true,
			schema,
		});
		expect(jsonExpectation({ type: 'json_object' })).toEqual({ json: true });
		expect(jsonExpectation({ type: 'regex', value: 'a+' })).toEqual({ json: false });
		expect(jsonExpectation(undefined)).toEqual({ json: false });
	});
});

describe("each dialect's rules before sending", () => {
	it.each([
		[{ topP: 1 }, 'top_p', 1],
		[{ topP: 0 }, 'top_p', 0],
		[{ temperature: 2 }, 'temperature', 2],
		[{ seed: -5 }, 'seed', -5],
		[{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', ['a', 'b', 'c', 'd', 'e']],
		[{ additionalBodyFields: { stop: 'END' } }, 'stop', 'END'],
	])('an OpenAI-compatible server gets %j', (options, key, value) => {
		expect(chatBody('m', messages, options, OPENAI)[key]).toEqual(value);
	});

	it.each([
		[{ temperature: 2.5 }, /^Sampling Temperature: .*between 0 and 2/],
		[{ topP: 1.1 }, /^Top P: .*between 0 and 1/],
		[{ presencePenalty: 3 }, /^Presence Penalty: .*between -2 and 2/],
		[{ maxTokens: 0 }, /^Maximum Number of Tokens: .*≥ 1/],
		[{ additionalBodyFields: { stream: true } }, /does not stream/],
	])('an OpenAI-compatible server does not get %j', (options, message) => {
		expect(refusal(() => chatBody('m', messages, options, OPENAI))).toMatch(message);
	});

	it('TGI still refuses Top P 1.0, and a single stop string', () => {
		expect(refusal(() => chatBody('m', messages, { topP: 1 }, TGI))).toMatch(/TGI rejects 1.0/);
		expect(
			refusal(() => chatBody('m', messages, { additionalBodyFields: { stop: 'END' } }, TGI)),
		).toMatch(/single string/);
	});

	it("TGI's limits come from its /info when known", () => {
		const detected: ServerProfile = {
			dialect: TGI_DIALECT,
			how: 'detected',
			limits: { maxStopSequences: 6, maxTotalTokens: 4096 },
		};
		const six = ['1', '2', '3', '4', '5', '6'];
		expect(chatBody('m', messages, { stop: six }, detected).stop).toEqual(six);
		expect(refusal(() => chatBody('m', messages, { stop: [...six, '7'] }, detected))).toMatch(
			/at most 6 stop sequences \(max_stop_sequences in its \/info\)/,
		);
		expect(chatBody('m', messages, { maxTokens: 4095 }, detected).max_tokens).toBe(4095);
		expect(refusal(() => chatBody('m', messages, { maxTokens: 4096 }, detected))).toMatch(
			/^Maximum Number of Tokens: .*less than 4096: this TGI's max_total_tokens/,
		);
	});
});
