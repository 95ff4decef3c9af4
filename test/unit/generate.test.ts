import {
	buildGenerateBody,
	parseGenerateResponse,
} from '../../nodes/HuggingFaceTgi/helpers/generate';
import { parseServerInfo } from '../../nodes/HuggingFaceTgi/helpers/serverInfo';
import { FieldError } from '../../nodes/shared/wire/fieldError';
import { UnexpectedResponseError } from '../../nodes/shared/wire/response';
import { openApiValidator } from '../helpers/contracts';
import { actionLabel, fieldLabel } from '../helpers/labels';

const problem = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
};

describe('buildGenerateBody (POST /generate)', () => {
	const validRequest = openApiValidator('GenerateRequest');

	it('maps every option to its GenerateParameters name, and the body validates against GenerateRequest', () => {
		const body = buildGenerateBody('Once upon a time', {
			maxNewTokens: 20,
			temperature: 0.5,
			topK: 10,
			topP: 0.95,
			typicalP: 0.9,
			repetitionPenalty: 1.03,
			frequencyPenalty: 0.1,
			seed: 7,
			bestOf: 2,
			topNTokens: 3,
			truncate: 512,
			stop: ['\n\n'],
			doSample: true,
			details: true,
			decoderInputDetails: false,
			returnFullText: false,
			watermark: false,
			grammarType: 'json',
			grammar: '{"type": "object", "properties": {"a": {"type": "string"}}}',
		});
		expect(body).toEqual({
			inputs: 'Once upon a time',
			parameters: {
				max_new_tokens: 20,
				temperature: 0.5,
				top_k: 10,
				top_p: 0.95,
				typical_p: 0.9,
				repetition_penalty: 1.03,
				frequency_penalty: 0.1,
				seed: 7,
				best_of: 2,
				top_n_tokens: 3,
				truncate: 512,
				stop: ['\n\n'],
				do_sample: true,
				details: true,
				decoder_input_details: false,
				return_full_text: false,
				watermark: false,
				grammar: { type: 'json', value: { type: 'object', properties: { a: { type: 'string' } } } },
			},
		});
		expect(validRequest(body)).toEqual([]);
	});

	it('sends only what was set', () => {
		expect(buildGenerateBody('Hi')).toEqual({ inputs: 'Hi', parameters: {} });
	});

	it('sends a regex grammar, and refuses an empty one', () => {
		expect(
			buildGenerateBody('x', { grammarType: 'regex', grammar: '\\d+' }).parameters.grammar,
		).toEqual({ type: 'regex', value: '\\d+' });
		expect(
			fieldLabel(problem(() => buildGenerateBody('x', { grammarType: 'regex', grammar: ' ' }))),
		).toBe('Grammar');
		expect(buildGenerateBody('x', { grammarType: 'none', grammar: 'ignored' }).parameters).toEqual(
			{},
		);
	});

	it.each([
		[{}, '', 'Prompt'],
		[{ temperature: 0 }, 'x', 'Sampling Temperature'],
		[{ maxNewTokens: 0 }, 'x', 'Maximum New Tokens'],
		[{ topK: 0 }, 'x', 'Top K'],
		[{ topK: 2.5 }, 'x', 'Top K'],
		[{ topP: 1 }, 'x', 'Top P'],
		[{ typicalP: 1 }, 'x', 'Typical P'],
		[{ repetitionPenalty: 0 }, 'x', 'Repetition Penalty'],
		[{ frequencyPenalty: 3 }, 'x', 'Frequency Penalty'],
		[{ seed: -1 }, 'x', 'Seed'],
		[{ truncate: 0 }, 'x', 'Truncate'],
		[{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'x', 'Stop Sequences'],
		[{ temperature: 'hot' }, 'x', 'Sampling Temperature'],
		[{ bestOf: 2 }, 'x', 'Best Of'],
		[{ additionalParameters: '{"top_k": 0}' }, 'x', 'Additional Parameters › top_k'],
		[{ additionalParameters: '[1]' }, 'x', 'Additional Parameters'],
		[{ additionalParameters: '{oops' }, 'x', 'Additional Parameters'],
	])('refuses %j with prompt %j, naming %s', (options, inputs, field) => {
		const error = problem(() => buildGenerateBody(inputs, options));
		expect(error).toBeInstanceOf(FieldError);
		expect(fieldLabel(error)).toBe(field);
		expect(error.describe(actionLabel).startsWith(`${field}: `)).toBe(true);
	});

	it('says a prompt that is not text is not text, rather than missing', () => {
		expect(problem(() => buildGenerateBody(42, {})).describe(actionLabel)).toBe(
			'Prompt: must be text (got 42)',
		);
		expect(problem(() => buildGenerateBody('  ', {})).describe(actionLabel)).toBe(
			'Prompt: is required: TGI rejects empty inputs',
		);
	});

	it('lets Best Of above 1 through once sampling is on', () => {
		expect(buildGenerateBody('x', { bestOf: 2, doSample: true }).parameters).toEqual({
			best_of: 2,
			do_sample: true,
		});
		expect(buildGenerateBody('x', { bestOf: 2, temperature: 0.7 }).parameters.best_of).toBe(2);
	});

	it('merges Additional Parameters last', () => {
		const { parameters } = buildGenerateBody('x', {
			topK: 5,
			additionalParameters: '{"top_k": 9, "adapter_id": "lora"}',
		});
		expect(parameters).toEqual({ top_k: 9, adapter_id: 'lora' });
	});
});

describe('parseGenerateResponse', () => {
	const response = {
		generated_text: ' Paris.',
		details: {
			finish_reason: 'eos_token',
			generated_tokens: 2,
			seed: null,
			prefill: [],
			tokens: [{ id: 1, text: ' Paris', logprob: -0.1, special: false }],
		},
	};

	it('simplifies to the text, finish reason, token count (and the seed when sampling)', () => {
		expect(parseGenerateResponse(response, true)).toEqual({
			generated_text: ' Paris.',
			finish_reason: 'stop',
			finish_reason_raw: 'eos_token',
			generated_tokens: 2,
		});
		expect(
			parseGenerateResponse({ ...response, details: { ...response.details, seed: 42 } }, true),
		).toMatchObject({ seed: 42 });
		expect(parseGenerateResponse({ generated_text: 'x' }, true)).toEqual({ generated_text: 'x' });
	});

	it('returns the whole response unsimplified', () => {
		expect(parseGenerateResponse(response, false)).toBe(response);
	});

	it('refuses a body that is not a GenerateResponse (e.g. a chat completion)', () => {
		expect(() => parseGenerateResponse({ choices: [] }, true)).toThrow(UnexpectedResponseError);
		expect(() => parseGenerateResponse({ choices: [] }, true)).toThrow(/generated_text/);
	});
});

describe('parseServerInfo', () => {
	it('accepts TGI’s Info and refuses anything else', () => {
		const info = { model_id: 'm', max_total_tokens: 4096, max_input_tokens: 4095 };
		expect(parseServerInfo(info)).toBe(info);
		expect(() => parseServerInfo({ object: 'list', data: [] })).toThrow(
			/does not look like TGI's \/info/,
		);
	});
});
