import {
	attachImages,
	checkPayloadSize,
	imageMimeType,
	imageProperties,
} from '../../nodes/HuggingFaceTgi/helpers/vision';
import { labelledError } from '../helpers/labels';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

describe('vision helpers', () => {
	it('reads the property list', () => {
		expect(imageProperties(' data, photo ,,')).toEqual(['data', 'photo']);
		expect(imageProperties(undefined)).toEqual([]);
	});

	it('knows images by their bytes, trusts a declared image type, refuses the rest', () => {
		expect(imageMimeType({ property: 'a', data: PNG, mimeType: 'application/octet-stream' })).toBe(
			'image/png',
		);
		expect(imageMimeType({ property: 'a', data: JPEG })).toBe('image/jpeg');
		expect(
			imageMimeType({ property: 'a', data: Buffer.from('<svg/>'), mimeType: 'image/svg+xml' }),
		).toBe('image/svg+xml');
		expect(
			labelledError(() =>
				imageMimeType({
					property: 'doc',
					data: Buffer.from('%PDF-1.7'),
					mimeType: 'application/pdf',
				}),
			),
		).toContain(
			'Image Binary Properties: binary property "doc" is not an image (application/pdf); send PNG, JPEG, GIF, WebP or BMP',
		);
	});

	it('adds image_url data-URI parts to the last user message, after its text', () => {
		const messages = [
			{ role: 'system', content: 'Describe.' },
			{ role: 'user', content: 'What is this?' },
		];
		const attached = attachImages(messages, [{ property: 'data', data: PNG }]);
		expect(attached[1].content).toEqual([
			{ type: 'text', text: 'What is this?' },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
		]);
		expect(messages[1].content).toBe('What is this?'); // not mutated
		expect(attachImages(messages, [])).toBe(messages);
		expect(() =>
			attachImages([{ role: 'system', content: 'x' }], [{ property: 'data', data: PNG }]),
		).toThrow('needs a user message');
	});

	it('refuses a body over TGI’s 2,000,000 bytes before sending', () => {
		expect(() => checkPayloadSize({ data: 'x'.repeat(1_999_000) })).not.toThrow();
		expect(labelledError(() => checkPayloadSize({ data: 'x'.repeat(2_000_000) }))).toMatch(
			/^Image Binary Properties: the request would be 2,000,011 bytes, over TGI's 2,000,000-byte limit/,
		);
	});
});
