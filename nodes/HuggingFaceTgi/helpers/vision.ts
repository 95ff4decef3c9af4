/** Images from an item's binary data, sent as `image_url` data-URI parts, within TGI's size limit. */

import type { ChatMessage } from '../../shared/wire/messages';
import { FieldError } from '../../shared/wire/fieldError';

/** The parameter images come from (Options › Image Binary Properties). */
export const IMAGES_FIELD = 'images';

/** TGI's default `--payload-limit`: larger request bodies get 413. */
const MAX_PAYLOAD_BYTES = 2_000_000;

export interface ImageFile {
	property: string;
	/** As n8n recorded it; may be missing or generic. */
	mimeType?: string;
	data: Buffer;
}

const SIGNATURES: Array<[string, (b: Buffer) => boolean]> = [
	[
		'image/png',
		(b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
	],
	['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
	[
		'image/webp',
		(b) =>
			b.subarray(0, 4).toString('latin1') === 'RIFF' &&
			b.subarray(8, 12).toString('latin1') === 'WEBP',
	],
	['image/bmp', (b) => b.subarray(0, 2).toString('latin1') === 'BM'],
];

/** The names typed in the option: "data, photo" or a list. */
export function imageProperties(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return list.map((name) => String(name).trim()).filter((name) => name !== '');
}

/** The image's type from its first bytes, else the declared image/* type; a non-image is refused. */
export function imageMimeType(image: ImageFile): string {
	const sniffed = SIGNATURES.find(([, matches]) => matches(image.data))?.[0];
	if (sniffed) return sniffed;
	if (image.mimeType?.startsWith('image/')) return image.mimeType;
	throw new FieldError(
		IMAGES_FIELD,
		`binary property "${image.property}" is not an image (${image.mimeType ?? 'unknown type'}); send PNG, JPEG, GIF, WebP or BMP`,
	);
}

/** Adds the images to the last user message as `image_url` parts after its text. */
export function attachImages(messages: ChatMessage[], images: ImageFile[]): ChatMessage[] {
	if (images.length === 0) return messages;
	const index = messages.map((message) => message.role).lastIndexOf('user');
	if (index < 0) throw new FieldError(IMAGES_FIELD, 'needs a user message to attach the images to');
	const message = messages[index];
	const text = message.content;
	const parts: unknown[] = Array.isArray(text)
		? [...(text as unknown[])]
		: text
			? [{ type: 'text', text }]
			: [];
	for (const image of images) {
		const url = `data:${imageMimeType(image)};base64,${image.data.toString('base64')}`;
		parts.push({ type: 'image_url', image_url: { url } });
	}
	const copy = [...messages];
	copy[index] = { ...message, content: parts };
	return copy;
}

/** Refuses a body with images that TGI would answer with 413, before sending it. */
export function checkPayloadSize(body: unknown): void {
	const size = Buffer.byteLength(JSON.stringify(body));
	if (size <= MAX_PAYLOAD_BYTES) return;
	throw new FieldError(
		IMAGES_FIELD,
		`the request would be ${size.toLocaleString('en-US')} bytes, over TGI's ${MAX_PAYLOAD_BYTES.toLocaleString('en-US')}-byte limit; send smaller or fewer images (base64 adds a third)`,
	);
}
