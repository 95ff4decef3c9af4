/**
 * Every dialect answers every question the code asks it (dialects/types.ts), and in a way that
 * fits together: its id is a Server Type the credential offers, detection tells it apart from the
 * others; a dialect that chats sends a JSON-mode form it takes back and an answer is checked
 * against; one that does not (TEI) is refused for chat before anything is sent.
 */
import { HuggingFaceTgiApi } from '../../credentials/HuggingFaceTgiApi.credentials';
import {
	type ChatDialect,
	servedTask,
	describeProfile,
	DIALECTS,
	FALLBACK_DIALECT,
	knownFinishReason,
	knownProfile,
	WrongServerError,
	profileFromInfo,
	readServerType,
	type ServerDialect,
} from '../../nodes/shared/dialects';
import { describeHttpError } from '../../nodes/shared/transport/errors';
import { jsonExpectation } from '../../nodes/shared/wire/responseFormat';
import { teiInfoFor } from '../../testing/server/modes';
import { infoFor } from '../../testing/server/tgiNative';

const FINISH_VOCABULARY = ['stop', 'length', 'stop_sequence', 'tool_calls', 'content_filter'];
const CHAT_FIELDS = [
	'model',
	'max_tokens',
	'temperature',
	'top_p',
	'seed',
	'stop',
	'frequency_penalty',
	'presence_penalty',
	'stream',
];
const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
const tei = { model: 'BAAI/bge-m3', maxClientBatchSize: 32, maxInputLength: 512 };
/** Answers `GET /info` may get: TGI's, TEI's (an embedder, a reranker), a 404 page's JSON, none. */
const INFO_ANSWERS: unknown[] = [
	infoFor('m'),
	teiInfoFor(tei),
	teiInfoFor({ ...tei, modelType: 'reranker' }),
	{ detail: 'Not Found' },
	'<html>',
	undefined,
];

const credential = new HuggingFaceTgiApi();
const offered = (
	credential.properties.find((property) => property.name === 'serverType')?.options ?? []
).map((option) => (option as { value: string }).value);

describe.each(DIALECTS.map((dialect) => [dialect.name, dialect] as const))(
	'the %s dialect answers every question',
	(_name, dialect: ServerDialect) => {
		it('is a Server Type the credential offers, and the one chosen when set', () => {
			expect(offered).toContain(dialect.id);
			expect(readServerType(dialect.id)).toBe(dialect.id);
			expect(knownProfile(dialect.id, 'http://tgi:8080')?.dialect).toBe(dialect);
			expect(describeProfile({ dialect, how: 'credential' })).toBe(
				`${dialect.name} (set in the credential)`,
			);
		});

		it('tells whether an answer to GET /info is its own, and reads its limits from it', () => {
			for (const info of INFO_ANSWERS) {
				const mine = dialect.recognisesInfo(info);
				expect(typeof mine).toBe('boolean');
				if (mine) {
					expect(profileFromInfo(info)).toMatchObject({ dialect, how: 'detected' });
					expect(dialect.limitsFromInfo(info as Record<string, unknown>)).toBeDefined();
				}
			}
		});

		it('has TGI’s native routes at the server root with their 404 hint, or none', () => {
			const { generate, info } = dialect.tasks;
			expect(Boolean(generate)).toBe(Boolean(info));
			if (!generate || !info) return;
			expect(generate.request({ inputs: 'Hi' })).toMatchObject({
				method: 'POST',
				path: 'generate',
				root: true,
				body: { inputs: 'Hi' },
			});
			expect(info.request()).toMatchObject({ method: 'GET', path: 'info', root: true });
			expect(info.request().hints?.[404]).toMatch(/server root/);
		});

		it('has a model list, and a streamed chat wherever it chats, framed as it says', () => {
			expect(dialect.tasks.models.request().method).toBe('GET');
			const { chat, chatStream } = dialect.tasks;
			expect(Boolean(chatStream)).toBe(Boolean(chat));
			if (!chat || !chatStream) return;
			const body = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
			const streamed = chatStream.request(body);
			expect(streamed).toMatchObject({ answer: 'stream', path: chat.request(body).path });
			expect(streamed.body).toMatchObject({ ...body, stream: true });
			expect(typeof streamed.format.read).toBe('function');
			expect(() => chat.read({ object: 'error' })).toThrow(/does not look like a chat completion/);
		});

		it('has hints that are sentences, and its own hint for a prompt too long', () => {
			for (const hint of Object.values(dialect.hints)) expect(hint).toMatch(/^[A-Z].*\.$/);
			// A chat server's input is a prompt plus the answer's tokens; an embedder's, each text.
			expect(dialect.contextHint).toMatch(
				dialect.tasks.chat ? /Maximum Number of Tokens/ : /Truncate/,
			);
			const profile = { dialect, how: 'credential' as const };
			const tooLong = describeHttpError(
				400,
				{
					error: {
						message: 'request (3059 tokens) exceeds the available context size (2048 tokens)',
						type: 'exceed_context_size_error',
					},
				},
				{ server: profile },
			);
			expect(tooLong.description.startsWith(dialect.contextHint)).toBe(true);
		});
	},
);

const chatting = DIALECTS.flatMap((dialect) =>
	dialect.tasks.chat ? [[dialect.name, dialect.tasks.chat] as const] : [],
);

describe.each(chatting)('the %s dialect’s chat completions', (_name, chat: ChatDialect) => {
	it('sends a JSON mode it takes back unchanged, which an answer is checked against', () => {
		for (const option of [{ schema }, {}]) {
			const format = chat.jsonMode(option);
			expect(chat.adaptResponseFormat(format)).toEqual({ format });
			const expected = jsonExpectation(format);
			expect(expected.json).toBe(true);
			if (option.schema) expect(expected.schema).toEqual(schema);
			// Never a form some server takes without constraining the answer.
			expect(format.type).not.toBe('json_object');
		}
		expect(chat.responseFormatExample).toMatch(/^\{"type": "/);
	});

	it('takes "text", or says what it cannot take', () => {
		const text = chat.adaptResponseFormat({ type: 'text' });
		expect(text.problem).toBeUndefined();
		const unknown = chat.adaptResponseFormat({ type: 'yaml' });
		expect(unknown.problem).toMatch(/yaml/);
	});

	it('has a rule for every chat field, each a function that accepts a sensible value', () => {
		const rules = chat.chatRules();
		expect(Object.keys(rules)).toEqual(expect.arrayContaining(CHAT_FIELDS));
		const fine: Record<string, unknown> = {
			model: 'm',
			max_tokens: 16,
			temperature: 0.5,
			top_p: 0.9,
			seed: 1,
			stop: ['END'],
			frequency_penalty: 0,
			presence_penalty: 0,
			stream: false,
		};
		for (const field of CHAT_FIELDS) expect(rules[field](fine[field])).toBeUndefined();
		expect(rules.top_p(7)).toMatch(/between|less than/);
		expect(chat.checkChatBody({ model: 'm', messages: [] })).toBeUndefined();
	});

	it('maps its finish reasons into the one vocabulary, as everyone reads them', () => {
		expect(Object.keys(chat.finishReasons)).toEqual(expect.arrayContaining(['stop', 'length']));
		for (const [raw, normalized] of Object.entries(chat.finishReasons)) {
			expect(FINISH_VOCABULARY).toContain(normalized);
			expect(knownFinishReason(raw)).toBe(normalized);
		}
	});
});

describe.each(DIALECTS.filter((dialect) => !dialect.tasks.chat).map((d) => [d.name, d] as const))(
	'the %s dialect, which generates no text',
	(_name, dialect) => {
		it('is refused for chat before anything is sent, saying what it serves', () => {
			const profile = { dialect, how: 'detected' as const };
			expect(() => servedTask(profile, 'chat')).toThrow(WrongServerError);
			expect(() => servedTask(profile, 'chat')).toThrow(
				`This credential's server is ${dialect.name} (detected), which serves ${dialect.serves}, not chat completions`,
			);
		});
	},
);

describe('the dialects together', () => {
	it('have distinct ids, and the fallback is one of them', () => {
		const ids = DIALECTS.map((dialect) => dialect.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(DIALECTS).toContain(FALLBACK_DIALECT);
		expect([...offered].sort()).toEqual(['auto', ...ids].sort());
	});

	it('recognise each /info answer at most once: detection is never ambiguous', () => {
		for (const info of INFO_ANSWERS) {
			expect(DIALECTS.filter((dialect) => dialect.recognisesInfo(info)).length).toBeLessThanOrEqual(
				1,
			);
		}
		expect(profileFromInfo(infoFor('m')).dialect.id).toBe('tgi');
		expect(profileFromInfo(teiInfoFor(tei))).toMatchObject({
			dialect: { id: 'tei' },
			limits: { maxClientBatchSize: 32, maxInputTokens: 512 },
		});
		expect(profileFromInfo({ detail: 'Not Found' }).dialect).toBe(FALLBACK_DIALECT);
	});

	it('agree on every finish reason word they share', () => {
		const seen = new Map<string, string>();
		for (const [, chat] of chatting) {
			for (const [raw, normalized] of Object.entries(chat.finishReasons)) {
				expect(seen.get(raw) ?? normalized).toBe(normalized);
				seen.set(raw, normalized);
			}
		}
	});
});

describe("TGI's native tasks (Generate Text, Get Server Info)", () => {
	it.each(DIALECTS.map((dialect) => [dialect.name, dialect] as const))(
		'%s: served where the dialect has the routes, refused before sending elsewhere, naming the operation',
		(name, dialect) => {
			const profile = { dialect, how: 'credential' as const };
			if (dialect.tasks.generate) {
				expect(servedTask(profile, 'generate')).toBe(dialect.tasks.generate);
				return;
			}
			expect(() => servedTask(profile, 'info')).toThrow(
				`Get Server Info needs a TGI server; this credential's server is ${name} (set in the credential)`,
			);
			expect(() => servedTask(profile, 'generate')).toThrow(/^Generate Text needs a TGI server/);
		},
	);

	it('when detection could not tell, the request is sent to TGI’s routes (its answer says what went wrong)', () => {
		const unsure = { dialect: FALLBACK_DIALECT, how: 'fallback' as const };
		expect(servedTask(unsure, 'generate').request({})).toMatchObject({
			path: 'generate',
			root: true,
		});
		expect(servedTask(unsure, 'info').request()).toMatchObject({ path: 'info', root: true });
	});
});
