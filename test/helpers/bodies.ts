/** Request bodies as each dialect's server gets them, for unit tests. */
import { buildChatBody, type ChatOptions } from '../../nodes/shared/wire/chatBody';
import type { ServerProfile } from '../../nodes/shared/wire/dialect';

export const TGI: ServerProfile = { dialect: 'tgi', how: 'credential' };
export const OPENAI: ServerProfile = { dialect: 'openai', how: 'credential' };

/** buildChatBody for `server` (TGI unless said), messages from `messagesField`. */
export const chatBody = (
	model: unknown,
	messages: unknown,
	options: ChatOptions = {},
	server: ServerProfile = TGI,
	messagesField?: string,
) => buildChatBody(model, messages, options, { server, messagesField });
