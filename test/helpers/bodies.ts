/** Request bodies as each dialect's server gets them, for unit tests. */
import { buildChatBody, type ChatOptions } from '../../nodes/shared/dialects/chatBody';
import {
	OPENAI_COMPATIBLE,
	type ServerProfile,
	TGI as TGI_DIALECT,
} from '../../nodes/shared/dialects';

export const TGI: ServerProfile = { dialect: TGI_DIALECT, how: 'credential' };
export const OPENAI: ServerProfile = { dialect: OPENAI_COMPATIBLE, how: 'credential' };

/** buildChatBody for `server` (TGI unless said), messages from `messagesField`. */
export const chatBody = (
	model: unknown,
	messages: unknown,
	options: ChatOptions = {},
	server: ServerProfile = TGI,
	messagesField?: string,
) => buildChatBody(model, messages, options, { server, messagesField });
